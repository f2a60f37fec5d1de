from django.apps import AppConfig


class SeekersConfig(AppConfig):
    name = "iljari.seekers"
    label = "seekers"
