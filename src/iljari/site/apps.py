from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "iljari.site"
    label = "site"
