"""Models of the matching app: batch runs and the stored recommendations they produce."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from iljari.seekers.models import Seeker
from iljari.vacancies.models import Vacancy


class MatchRunStatus(models.TextChoices):
    RUNNING = "running", _("실행 중")
    DONE = "done", _("완료")
    FAILED = "failed", _("실패")


class MatchRun(models.Model):
    """One batch matching run (``iljari match --all``) with its figures (exposure, timing)."""

    started_at = models.DateTimeField(_("시작 일시"), auto_now_add=True)
    finished_at = models.DateTimeField(_("종료 일시"), null=True, blank=True)
    status = models.CharField(
        _("상태"), max_length=8, choices=MatchRunStatus.choices, default=MatchRunStatus.RUNNING
    )
    executor = models.CharField(_("실행 방식"), max_length=60, default="local")
    n_seekers = models.PositiveIntegerField(_("구직자 수"), default=0)
    n_vacancies = models.PositiveIntegerField(_("공고 수"), default=0)
    n_recommendations = models.PositiveIntegerField(_("추천 수"), default=0)
    stats = models.JSONField(_("지표"), default=dict, blank=True)
    error = models.TextField(_("오류"), blank=True)

    class Meta:
        verbose_name = _("매칭 실행")
        verbose_name_plural = _("매칭 실행")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"


class Direction(models.TextChoices):
    FOR_SEEKER = "seeker", _("구직자에게 추천한 공고")
    FOR_VACANCY = "vacancy", _("공고에 추천한 구직자")


class Recommendation(models.Model):
    """A stored recommendation with its score, rank, per-feature contributions and reasons.

    ``reasons`` holds the engine's structured reasons (``code``, ``params``, ``positive``; rows of
    earlier runs also a Korean ``text``); pages render them through ``iljari.matching.reasons.render``
    so they follow the active language. ``relaxed`` names the stated needs this pair does not meet
    (``jobmatch.recommend.CONSTRAINTS``), empty for an exact fit.

    The table is derived: the nightly job rebuilds all of it (≈ 11 M rows at 1 M seekers) in one
    transaction. So its links carry no database constraint — PostgreSQL would otherwise check three
    foreign keys per row, serially, at the commit (≈ 170 s at 11 M rows), and one seeker deleted while
    the job runs would abort the whole night's run. Django still cascades deletes (``on_delete`` is
    the ORM's), and the job drops the rows of seekers and vacancies deleted while it ran
    (``nightly._drop_vanished``). Three indexes, each serving a query: the primary key, the unique
    (seeker, direction, vacancy, run) — a seeker's list and a seeker's delete; one pair once per run,
    so the previous run's rows can be deleted slice by slice while the new ones are written — and
    (vacancy, direction, rank) — a vacancy's list and a vacancy's delete; every extra index costs each
    of the 11 M inserts.
    """

    run = models.ForeignKey(
        MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_constraint=False, db_index=False,
    )  # fmt: skip
    direction = models.CharField(_("방향"), max_length=8, choices=Direction.choices)
    seeker = models.ForeignKey(
        Seeker, on_delete=models.CASCADE, related_name="recommendations", db_constraint=False, db_index=False
    )
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="recommendations", db_constraint=False, db_index=False
    )
    score = models.FloatField(_("점수"))
    rank = models.PositiveSmallIntegerField(_("순위"))
    contributions = models.JSONField(_("항목별 기여"), default=dict)
    reasons = models.JSONField(_("추천 사유"), default=list)
    relaxed = models.JSONField(_("완화한 조건"), default=list, blank=True)
    created_at = models.DateTimeField(_("생성 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("추천")
        verbose_name_plural = _("추천")
        ordering = ["direction", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "direction", "vacancy", "run"], name="recommendation_unique"
            ),
        ]
        indexes = [models.Index(fields=["vacancy", "direction", "rank"], name="rec_vacancy_rank")]

    def __str__(self) -> str:
        return f"{self.seeker_id} ↔ {self.vacancy_id} ({self.score:.1f})"
