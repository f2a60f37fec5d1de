"""Model fields the apps share."""

from __future__ import annotations

from django.db import models


class WebAddressField(models.URLField):
    """A web address; typed without a scheme ("www.example.kr") it is read as https://.

    Django 5 forms still assume http:// (and warn that 6.0 will assume https://): every form and
    the admin get https now, the same as Django 6 will.
    """

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)
