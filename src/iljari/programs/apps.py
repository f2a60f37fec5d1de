from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "iljari.programs"
    label = "programs"
