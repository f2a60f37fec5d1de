from django.apps import AppConfig


class CounselingConfig(AppConfig):
    name = "iljari.counseling"
    label = "counseling"
