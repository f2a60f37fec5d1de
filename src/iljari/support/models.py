"""Employer support: company visits, suggestions (건의사항), consulting requests to experts,
and the catalogue of support services companies and workers apply to."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iljari.core.models import TimeStampedModel
from iljari.employers.models import Employer, RootSector
from iljari.seekers.models import Seeker


class Topic(models.TextChoices):
    EXPORT = "export", _("수출지원")
    TECHNOLOGY = "technology", _("기술지원")
    ENVIRONMENT = "environment", _("환경")
    WORKFORCE = "workforce", _("인력")
    REGULATION = "regulation", _("규제")
    OTHER = "other", _("기타")


class Visit(TimeStampedModel):
    """A visit to a company (기업 현장 방문)."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="visits", verbose_name=_("기업")
    )
    visited_on = models.DateField(_("방문일"), db_index=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="support_visits", verbose_name=_("방문 직원")
    )
    topics = models.JSONField(_("상담 분야"), default=list, blank=True)
    company_attendees = models.CharField(_("기업 측 참석자"), max_length=200, blank=True)
    summary = models.TextField(_("방문 결과"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("기업 방문")
        verbose_name_plural = _("기업 방문")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.employer} {self.visited_on:%Y-%m-%d}"

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(t, t)) for t in self.topics]


class SuggestionStatus(models.TextChoices):
    RECEIVED = "received", _("접수")
    REVIEWING = "reviewing", _("검토중")
    IN_PROGRESS = "in_progress", _("처리중")
    RESOLVED = "resolved", _("처리완료")
    REJECTED = "rejected", _("처리불가")


OPEN_SUGGESTION_STATES = (SuggestionStatus.RECEIVED, SuggestionStatus.REVIEWING, SuggestionStatus.IN_PROGRESS)


class Suggestion(TimeStampedModel):
    """A company's suggestion or complaint (건의사항), followed to a resolution and a notice."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("기업")
    )
    visit = models.ForeignKey(
        Visit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        verbose_name=_("방문"),
    )
    category = models.CharField(_("분야"), max_length=12, choices=Topic.choices)
    title = models.CharField(_("제목"), max_length=150)
    body = models.TextField(_("내용"))
    department = models.CharField(_("담당 부서"), max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("담당자"),
    )
    status = models.CharField(
        _("처리 상태"),
        max_length=12,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.RECEIVED,
        db_index=True,
    )
    received_on = models.DateField(_("접수일"), default=timezone.localdate)
    due_on = models.DateField(_("처리 기한"), null=True, blank=True)
    resolution = models.TextField(_("처리 결과"), blank=True)
    resolved_on = models.DateField(_("처리일"), null=True, blank=True)
    notified_at = models.DateTimeField(_("기업 통보"), null=True, blank=True)

    class Meta:
        verbose_name = _("건의사항")
        verbose_name_plural = _("건의사항")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in OPEN_SUGGESTION_STATES
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )


class Expert(TimeStampedModel):
    """A member of the advisory committee (자문위원) who reviews consulting requests."""

    name = models.CharField(_("이름"), max_length=60)
    affiliation = models.CharField(_("소속"), max_length=120, blank=True)
    fields = models.JSONField(_("전문 분야"), default=list)
    email = models.EmailField(_("이메일"), blank=True)
    phone = models.CharField(_("전화번호"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert",
        verbose_name=_("계정"),
    )
    active = models.BooleanField(_("활동 중"), default=True)

    class Meta:
        verbose_name = _("자문위원")
        verbose_name_plural = _("자문위원")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name

    def field_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(t, t)) for t in self.fields]


class ConsultingStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("이메일 확인 대기")
    RECEIVED = "received", _("접수")
    ASSIGNED = "assigned", _("전문가 배정")
    REVIEWING = "reviewing", _("검토중")
    ANSWERED = "answered", _("결과 통보")
    REJECTED = "rejected", pgettext_lazy("status", "반려")


class ConsultingChannel(models.TextChoices):
    WEB = "web", _("누리집 신청")
    EMAIL = "email", _("이메일 접수")
    VISIT = "visit", _("방문·전화 접수")


class ConsultingRequest(TimeStampedModel):
    """A company's request for expert advice: received, routed, reviewed, answered (SLA tracked)."""

    employer = models.ForeignKey(
        Employer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consulting_requests",
        verbose_name=_("기업"),
    )
    company_name = models.CharField(_("기업명"), max_length=120)
    contact_name = models.CharField(_("담당자"), max_length=60)
    contact_email = models.EmailField(_("담당자 이메일"))
    contact_phone = models.CharField(_("담당자 전화"), max_length=20, blank=True)
    field = models.CharField(_("자문 분야"), max_length=12, choices=Topic.choices)
    subject = models.CharField(_("제목"), max_length=150)
    body = models.TextField(_("자문 요청 내용"))
    channel = models.CharField(_("접수 경로"), max_length=8, choices=ConsultingChannel.choices, default="web")
    status = models.CharField(
        _("진행 상태"),
        max_length=12,
        choices=ConsultingStatus.choices,
        default=ConsultingStatus.RECEIVED,
        db_index=True,
    )
    expert = models.ForeignKey(
        Expert,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        verbose_name=_("담당 전문가"),
    )
    received_at = models.DateTimeField(_("접수일시"), default=timezone.now)
    due_on = models.DateField(_("회신 기한"))
    assigned_at = models.DateTimeField(_("배정일시"), null=True, blank=True)
    answered_at = models.DateTimeField(_("회신일시"), null=True, blank=True)
    result = models.TextField(_("자문 결과"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Confirm-by-link (actions/consulting.py): only the SHA-256 of the one-time token is kept.
    confirm_token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    confirm_expires_at = models.DateTimeField(_("확인 기한"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("이메일 확인일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("자문 요청")
        verbose_name_plural = _("자문 요청")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.status in (
            ConsultingStatus.RECEIVED,
            ConsultingStatus.ASSIGNED,
            ConsultingStatus.REVIEWING,
        )

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_at is None:
            return None
        return timezone.localtime(self.answered_at).date() <= self.due_on


class Audience(models.TextChoices):
    EMPLOYER = "employer", _("기업")
    WORKER = "worker", _("근로자·구직자")


class SupportService(TimeStampedModel):
    """A service in the catalogue (e.g. 작업복 세탁 원스톱 서비스, 훈련 바우처, 고용장려금)."""

    name = models.CharField(_("서비스명"), max_length=120)
    slug = models.SlugField(_("식별자"), max_length=60, unique=True)
    audience = models.CharField(_("대상"), max_length=10, choices=Audience.choices)
    provider = models.CharField(_("운영 기관"), max_length=120, blank=True)
    summary = models.CharField(_("요약"), max_length=200)
    description = models.TextField(_("내용"), blank=True)
    unit = models.CharField(_("이용 단위"), max_length=20, default=_("회"))
    # eligibility rules (all optional; empty means no restriction)
    root_sectors = models.JSONField(_("대상 뿌리산업 분야"), default=list, blank=True)
    max_employees = models.PositiveIntegerField(_("상시 근로자 수 상한"), null=True, blank=True)
    region_prefixes = models.JSONField(_("대상 지역 코드"), default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(_("최소 나이"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("최대 나이"), null=True, blank=True)
    quota = models.PositiveIntegerField(_("승인 한도"), null=True, blank=True)
    active = models.BooleanField(_("신청 가능"), default=True)

    class Meta:
        verbose_name = _("지원 서비스")
        verbose_name_plural = _("지원 서비스")
        ordering = ["audience", "name"]

    def __str__(self) -> str:
        return self.name

    def sector_labels(self) -> list[str]:
        labels = dict(RootSector.choices)
        return [str(labels.get(s, s)) for s in self.root_sectors]


class ServiceApplicationStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("status", "신청")
    APPROVED = "approved", pgettext_lazy("status", "승인")
    REJECTED = "rejected", pgettext_lazy("status", "반려")
    IN_USE = "in_use", _("이용중")
    COMPLETED = "completed", _("이용 완료")
    WITHDRAWN = "withdrawn", _("신청 취소")


class ServiceApplication(TimeStampedModel):
    service = models.ForeignKey(
        SupportService, on_delete=models.PROTECT, related_name="applications", verbose_name=_("서비스")
    )
    employer = models.ForeignKey(
        Employer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="service_applications",
        verbose_name=_("신청 기업"),
    )
    seeker = models.ForeignKey(
        Seeker,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="service_applications",
        verbose_name=_("신청인"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("상태"),
        max_length=10,
        choices=ServiceApplicationStatus.choices,
        default=ServiceApplicationStatus.APPLIED,
        db_index=True,
    )
    note = models.TextField(_("신청 내용"), blank=True)
    eligibility_note = models.CharField(_("자격 확인 결과"), max_length=300, blank=True)
    decision_reason = models.CharField(_("결정 사유"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("결정일시"), null=True, blank=True)
    usage_count = models.PositiveIntegerField(_("이용 횟수"), default=0)

    class Meta:
        verbose_name = _("서비스 신청")
        verbose_name_plural = _("서비스 신청")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(employer__isnull=False) | models.Q(seeker__isnull=False),
                name="service_application_has_applicant",
            ),
            models.UniqueConstraint(
                fields=["service", "employer"],
                condition=models.Q(status__in=["applied", "approved", "in_use"])
                & models.Q(employer__isnull=False),
                name="service_application_one_open_per_employer",
            ),
            models.UniqueConstraint(
                fields=["service", "seeker"],
                condition=models.Q(status__in=["applied", "approved", "in_use"])
                & models.Q(seeker__isnull=False),
                name="service_application_one_open_per_seeker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.employer or self.seeker}"

    @property
    def applicant_label(self) -> str:
        return str(self.employer) if self.employer_id else (self.seeker.initials if self.seeker else "")
