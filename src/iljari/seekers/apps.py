from django.apps import AppConfig


class SeekersConfig(AppConfig):
    name = "iljari.seekers"
    label = "seekers"

    def ready(self) -> None:
        # in ready(): actions import models, which cannot load before the app registry is ready
        from iljari.accounts.privacy import register_anonymiser

        from .actions import anonymise_personal_data

        register_anonymiser(anonymise_personal_data)
