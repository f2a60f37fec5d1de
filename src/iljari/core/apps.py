from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "iljari.core"
    label = "core"
