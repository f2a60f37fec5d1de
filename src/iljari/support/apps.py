from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "iljari.support"
    label = "support"
