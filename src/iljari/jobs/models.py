"""Long work in the background: one row per job, with its progress and result.

A job is started by a feature's action (``actions.do_start_job``), run by the task queue's
worker (``tasks.run_job`` → the kind's runner, see ``registry``), and watched on its page.
At most one queued or running job of a kind per object (``target``): the database refuses a
second one, and the caller is shown the running one. A running job holds a lease that each
progress report renews; a job whose worker died is marked failed once the lease runs out.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("대기 중")
    RUNNING = "running", _("실행 중")
    SUCCEEDED = "succeeded", _("완료")
    FAILED = "failed", _("실패")
    CANCELLED = "cancelled", _("취소됨")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)
FINISHED_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class Job(models.Model):
    kind = models.CharField(_("작업 종류"), max_length=60, db_index=True)
    target = models.CharField(_("대상"), max_length=120)  # e.g. "fairs.event:12"
    target_label = models.CharField(_("대상 이름"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
        verbose_name=_("요청자"),
    )
    params = models.JSONField(_("매개변수"), default=dict, blank=True)
    status = models.CharField(
        _("상태"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    done = models.PositiveIntegerField(_("처리한 양"), default=0)
    total = models.PositiveIntegerField(_("전체 양"), default=0)
    message = models.CharField(_("진행 내용"), max_length=300, blank=True)
    figure = models.CharField(_("현재 최선의 결과"), max_length=300, blank=True)
    result = models.JSONField(_("결과"), default=dict, blank=True)
    result_url = models.CharField(_("결과 주소"), max_length=300, blank=True)
    result_label = models.CharField(_("결과 이름"), max_length=200, blank=True)
    error = models.TextField(_("오류"), blank=True)
    notify_email = models.BooleanField(_("끝나면 이메일로 알림"), default=False)
    cancel_requested = models.BooleanField(_("취소 요청"), default=False)
    task_id = models.CharField(_("작업 큐 ID"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("실행 횟수"), default=0)
    created_at = models.DateTimeField(_("요청일시"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("시작일시"), null=True, blank=True)
    finished_at = models.DateTimeField(_("종료일시"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("마지막 보고"), null=True, blank=True)
    lease_until = models.DateTimeField(_("응답 기한"), null=True, blank=True)

    class Meta:
        verbose_name = _("백그라운드 작업")
        verbose_name_plural = _("백그라운드 작업")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target"],
                condition=models.Q(status__in=["queued", "running"]),
                name="jobs_one_active_per_target",
            )
        ]
        indexes = [models.Index(fields=["owner", "-created_at"], name="jobs_owner_recent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.target} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def kind_label(self) -> str:
        from .registry import kind_label

        return kind_label(self.kind)

    @property
    def elapsed_seconds(self) -> int:
        if self.started_at is None:
            return 0
        end = self.finished_at or timezone.now()
        return max(0, int((end - self.started_at).total_seconds()))

    @property
    def percent(self) -> int:
        """0–100 for the progress bar (100 once finished)."""
        if self.status in FINISHED_STATUSES:
            return 100
        if self.params.get("progress") == "time" and self.total:  # a solve with a time limit
            return min(99, int(100 * self.elapsed_seconds / self.total))
        if self.total:
            return min(100, int(100 * self.done / self.total))
        return 0
