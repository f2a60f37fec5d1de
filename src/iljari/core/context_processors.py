from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .navigation import nav_items


def site(request):
    try:
        signup_url = reverse("seekers:signup")
    except NoReverseMatch:
        signup_url = ""
    return {
        "site": {"name": settings.ILJARI["SITE_NAME"], "center": settings.ILJARI["CENTER_NAME"]},
        "nav_items": nav_items(request),
        "nav_signup_url": signup_url,
    }
