from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "iljari.matching"
    label = "matching"
