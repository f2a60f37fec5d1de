from django.apps import AppConfig


class FairsConfig(AppConfig):
    name = "iljari.fairs"
    label = "fairs"
