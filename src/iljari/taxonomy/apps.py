from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "iljari.taxonomy"
    label = "taxonomy"
