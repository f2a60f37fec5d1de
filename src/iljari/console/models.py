"""Models of the counselor console: a record that a counselor has contacted a new seeker."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SeekerContact(models.Model):
    """First contact of a newly registered seeker by the job center (the "new seekers" queue)."""

    seeker = models.ForeignKey(
        "seekers.Seeker", on_delete=models.CASCADE, related_name="console_contacts", verbose_name=_("구직자")
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("상담사"),
    )
    at = models.DateTimeField(_("연락일시"), default=timezone.now)
    note = models.CharField(_("메모"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("구직자 초기 연락")
        verbose_name_plural = _("구직자 초기 연락")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.seeker_id} · {self.at:%Y-%m-%d}"
