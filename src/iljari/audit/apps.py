from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "iljari.audit"
    label = "audit"
