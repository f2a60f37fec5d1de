from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "iljari.programs"
    label = "programs"

    def ready(self) -> None:
        from . import versions

        versions.connect()
