from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "iljari.notifications"
    label = "notifications"
