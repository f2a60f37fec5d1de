from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "iljari.accounts"
    label = "accounts"
