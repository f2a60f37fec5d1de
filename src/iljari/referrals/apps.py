from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "iljari.referrals"
    label = "referrals"
