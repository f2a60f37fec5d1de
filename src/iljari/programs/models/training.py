"""Training courses of a project and who completed them (counted as ``trained``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from iljari.seekers.models import Seeker

from .plans import Project


class Training(models.Model):
    """A training course run under a project (직업훈련); completions count as 'trained'."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("세부사업")
    )
    name = models.CharField(_("과정명"), max_length=150)
    starts_on = models.DateField(_("시작일"))
    ends_on = models.DateField(_("종료일"))
    capacity = models.PositiveIntegerField(_("정원"), default=20)

    class Meta:
        verbose_name = _("교육 과정")
        verbose_name_plural = _("교육 과정")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.name


class CompletionStatus(models.TextChoices):
    COMPLETED = "completed", _("수료")
    DROPPED = "dropped", _("중도 탈락")


class TrainingCompletion(models.Model):
    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="completions", verbose_name=_("교육 과정")
    )
    seeker = models.ForeignKey(Seeker, on_delete=models.PROTECT, related_name="+", verbose_name=_("교육생"))
    completed_on = models.DateField(_("수료일"), db_index=True)
    status = models.CharField(
        _("상태"), max_length=10, choices=CompletionStatus.choices, default=CompletionStatus.COMPLETED
    )

    class Meta:
        verbose_name = _("교육 수료")
        verbose_name_plural = _("교육 수료")
        constraints = [
            models.UniqueConstraint(fields=["training", "seeker"], name="completion_once_per_training")
        ]

    def __str__(self) -> str:
        return f"{self.training} {self.seeker_id}"
