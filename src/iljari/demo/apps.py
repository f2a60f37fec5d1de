from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "iljari.demo"
    label = "demo"
