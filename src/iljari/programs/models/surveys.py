"""실태조사: surveys of a plan, their questions, responses and answers."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from iljari.core.models import TimeStampedModel
from iljari.employers.models import Employer, RootSector

from .plans import Organisation, Plan


class SurveyAudience(models.TextChoices):
    COMPANY = "company", _("기업")
    WORKER = "worker", _("근로자")


class SurveyStatus(models.TextChoices):
    OPEN = "open", _("응답 받는 중")
    CLOSED = "closed", _("마감")


def _new_token() -> str:
    return secrets.token_urlsafe(16)


class Survey(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("기관")
    )
    plan = models.ForeignKey(
        Plan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
        verbose_name=_("반영 계획"),
    )
    title = models.CharField(_("조사명"), max_length=150)
    audience = models.CharField(_("조사 대상"), max_length=10, choices=SurveyAudience.choices)
    intro = models.TextField(_("안내문"), blank=True)
    token = models.CharField(_("응답 링크 키"), max_length=40, unique=True, default=_new_token)
    status = models.CharField(
        _("상태"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.OPEN
    )

    class Meta:
        verbose_name = _("실태조사")
        verbose_name_plural = _("실태조사")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    NUMBER = "number", _("숫자")
    CHOICE = "choice", _("선택")
    TEXT = "text", _("서술")


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("조사")
    )
    order = models.PositiveSmallIntegerField(_("순서"), default=1)
    code = models.SlugField(_("문항 코드"), max_length=30)
    text = models.CharField(_("문항"), max_length=200)
    kind = models.CharField(_("응답 형식"), max_length=8, choices=QuestionKind.choices)
    choices = models.JSONField(_("선택지"), default=list, blank=True)
    unit = models.CharField(_("단위"), max_length=20, blank=True)
    required = models.BooleanField(_("필수"), default=True)

    class Meta:
        verbose_name = _("조사 문항")
        verbose_name_plural = _("조사 문항")
        ordering = ["survey", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="question_code_unique")]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("조사")
    )
    employer = models.ForeignKey(
        Employer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("응답 기업"),
    )
    root_sector = models.CharField(_("뿌리산업 분야"), max_length=20, choices=RootSector.choices, blank=True)
    submitted_at = models.DateTimeField(_("응답 일시"), auto_now_add=True)
    # Who answered, as a one-way key (the SHA-256 of the visitor's random cookie, or of the
    # signed-in account): one answer per visitor and survey, enforced by the constraint below.
    visitor_key = models.CharField(_("응답자 식별값"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("조사 응답")
        verbose_name_plural = _("조사 응답")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "visitor_key"],
                condition=~models.Q(visitor_key=""),
                name="survey_response_once_per_visitor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    number = models.BigIntegerField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("조사 답변")
        verbose_name_plural = _("조사 답변")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.number if self.number is not None else self.text}"
