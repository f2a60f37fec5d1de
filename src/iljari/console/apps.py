from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "iljari.console"
    label = "console"
