from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "iljari.employers"
    label = "employers"
