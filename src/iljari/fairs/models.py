"""Job fairs (채용박람회), briefings (사업설명회) and meetings (협력회의).

An ``Event`` is offline (venue, halls with numbered booths, a time window cut into
interview slots) or online (video link, online interview rooms).  Companies apply to
take part (``Participation``, which once approved is a booth with its interviewers,
vacancies and break); seekers register (``Registration``) with ranked
``InterviewRequest``s; the optimiser fills ``Interview`` rows; ``TimetableRun`` keeps
each optimisation's honest figures.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from iljari.core.fields import WebAddressField
from iljari.core.models import TimeStampedModel
from iljari.employers.models import Employer
from iljari.seekers.models import Seeker
from iljari.vacancies.models import Vacancy


class EventKind(models.TextChoices):
    FAIR = "fair", _("채용박람회")
    BRIEFING = "briefing", _("사업설명회")
    MEETING = "meeting", _("협력회의")


class EventMode(models.TextChoices):
    OFFLINE = "offline", _("현장")
    ONLINE = "online", _("온라인")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("준비 중")
    OPEN = "open", _("참가 접수 중")
    CLOSED = "closed", _("접수 마감")
    SCHEDULED = "scheduled", _("면접 시간표 공지")
    ONGOING = "ongoing", _("진행 중")
    FINISHED = "finished", _("종료")
    CANCELLED = "cancelled", pgettext_lazy("status", "취소")


class Event(TimeStampedModel):
    title = models.CharField(_("행사명"), max_length=150)
    kind = models.CharField(_("행사 종류"), max_length=10, choices=EventKind.choices, default=EventKind.FAIR)
    mode = models.CharField(
        _("진행 방식"), max_length=10, choices=EventMode.choices, default=EventMode.OFFLINE
    )
    description = models.TextField(_("행사 소개"), blank=True)
    venue = models.CharField(_("장소"), max_length=200, blank=True)
    halls = models.CharField(
        _("전시관"), max_length=200, blank=True, help_text=_("쉼표로 구분합니다. 예: 1관, 2관")
    )
    booth_columns = models.PositiveSmallIntegerField(
        _("배치도 한 줄 부스 수"), default=10, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    video_url = WebAddressField(_("영상 채널 주소"), blank=True)
    date = models.DateField(_("행사일"))
    start_time = models.TimeField(_("면접 시작 시각"), default=dt.time(10, 0))
    end_time = models.TimeField(_("면접 종료 시각"), default=dt.time(16, 0))
    slot_minutes = models.PositiveSmallIntegerField(
        _("면접 시간 단위(분)"), default=20, validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    buffer_slots = models.PositiveSmallIntegerField(
        _("부스 간 이동 시간(시간대 수)"), default=1, validators=[MaxValueValidator(4)]
    )
    max_requests = models.PositiveSmallIntegerField(
        _("구직자당 면접 신청 수"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organised_events", verbose_name=_("주관 담당자")
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("행사")
        verbose_name_plural = _("행사")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("면접 종료 시각은 시작 시각보다 늦어야 합니다.")
        elif self.start_time and self.end_time and self.slot_minutes and self.num_slots < 1:
            errors["slot_minutes"] = _("면접 시간 단위가 운영 시간보다 깁니다.")
        if self.mode == EventMode.ONLINE and not self.video_url:
            errors["video_url"] = _("온라인 행사는 영상 채널 주소가 필요합니다.")
        if self.mode == EventMode.OFFLINE and not self.venue:
            errors["venue"] = _("현장 행사는 장소가 필요합니다.")
        if errors:
            raise ValidationError(errors)

    # --- time slots ---------------------------------------------------------------------
    def _minutes(self, t: dt.time) -> int:
        return t.hour * 60 + t.minute

    @property
    def num_slots(self) -> int:
        span = self._minutes(self.end_time) - self._minutes(self.start_time)
        return max(0, span // self.slot_minutes)

    def slot_start(self, slot: int) -> dt.time:
        m = self._minutes(self.start_time) + slot * self.slot_minutes
        return dt.time((m // 60) % 24, m % 60)

    def slot_label(self, slot: int) -> str:
        a = self.slot_start(slot)
        b = self.slot_start(slot + 1)
        return f"{a:%H:%M}~{b:%H:%M}"

    def slot_labels(self) -> list[str]:
        return [self.slot_label(t) for t in range(self.num_slots)]

    def slot_of(self, t: dt.time, *, end: bool = False) -> int:
        """Slot index of a clock time: the first slot starting at/after it (``end``: the
        first slot that is no longer available).  May fall outside 0…num_slots."""
        delta = self._minutes(t) - self._minutes(self.start_time)
        if end:
            return delta // self.slot_minutes
        return -((-delta) // self.slot_minutes)

    def slots_overlapping(self, a: dt.time, b: dt.time) -> set[int]:
        """Slots that overlap the clock interval [a, b) (a booth's break)."""
        da = self._minutes(a) - self._minutes(self.start_time)
        db = self._minutes(b) - self._minutes(self.start_time)
        first = da // self.slot_minutes
        last = -((-db) // self.slot_minutes)
        return set(range(first, last))

    def hall_list(self) -> list[str]:
        return [h.strip() for h in self.halls.split(",") if h.strip()] or [""]

    @property
    def is_fair(self) -> bool:
        return self.kind == EventKind.FAIR

    @property
    def registration_open(self) -> bool:
        return self.status == EventStatus.OPEN


class ParticipationStatus(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("status", "신청")
    APPROVED = "approved", pgettext_lazy("status", "승인")
    REJECTED = "rejected", pgettext_lazy("status", "반려")
    WITHDRAWN = "withdrawn", _("철회")


class Participation(TimeStampedModel):
    """A company's application to an event; once approved, its booth."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="fair_participations", verbose_name=_("기업")
    )
    status = models.CharField(
        _("상태"),
        max_length=10,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.APPLIED,
        db_index=True,
    )
    vacancies = models.ManyToManyField(Vacancy, blank=True, related_name="+", verbose_name=_("채용 공고"))
    interviewers = models.PositiveSmallIntegerField(
        _("면접관 수"), default=1, validators=[MaxValueValidator(20)]
    )
    booth_number = models.PositiveSmallIntegerField(_("부스 번호"), null=True, blank=True)
    hall = models.CharField(_("전시관"), max_length=40, blank=True)
    available_from = models.TimeField(_("면접 시작"), null=True, blank=True)
    available_until = models.TimeField(_("면접 종료"), null=True, blank=True)
    break_start = models.TimeField(_("휴식 시작"), null=True, blank=True)
    break_end = models.TimeField(_("휴식 종료"), null=True, blank=True)
    online_room_url = WebAddressField(_("온라인 면접실 주소"), blank=True)
    note = models.CharField(_("메모"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("참여 기업")
        verbose_name_plural = _("참여 기업")
        ordering = ["booth_number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "employer"], name="fair_participation_once"),
            models.UniqueConstraint(
                fields=["event", "booth_number"],
                condition=models.Q(booth_number__isnull=False),
                name="fair_booth_number_unique",
            ),
        ]

    def __str__(self) -> str:
        if self.booth_number:
            return gettext("%(number)s번 %(name)s") % {
                "number": self.booth_number,
                "name": self.employer.name,
            }
        return self.employer.name

    @property
    def booth_label(self) -> str:
        if not self.booth_number:
            return "-"
        number = gettext("%(number)s번") % {"number": self.booth_number}
        return f"{self.hall} {number}" if self.hall else number


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("사전 등록")
    WALK_IN = "walk_in", _("현장 접수")
    CANCELLED = "cancelled", pgettext_lazy("status", "취소")


class Registration(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    seeker = models.ForeignKey(
        Seeker, on_delete=models.CASCADE, related_name="fair_registrations", verbose_name=_("구직자")
    )
    status = models.CharField(
        _("상태"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
        db_index=True,
    )
    token = models.UUIDField(_("확인 코드"), default=uuid.uuid4, unique=True, editable=False)
    arrive_at = models.TimeField(_("도착 예정"), null=True, blank=True)
    leave_at = models.TimeField(_("퇴장 예정"), null=True, blank=True)
    consent_share_resume = models.BooleanField(_("선택한 기업에 이력 정보 제공 동의"), default=False)
    consent_at = models.DateTimeField(_("동의 일시"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("입장 확인"), null=True, blank=True)

    class Meta:
        verbose_name = _("참가 등록")
        verbose_name_plural = _("참가 등록")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "seeker"], name="fair_registration_once")]

    def __str__(self) -> str:
        return f"{self.seeker} @ {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED


class InterviewRequest(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="requests")
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="requests", verbose_name=_("부스")
    )
    rank = models.PositiveSmallIntegerField(_("희망 순위"), validators=[MinValueValidator(1)])
    score = models.FloatField(
        _("적합도"), default=0.5, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    suggested = models.BooleanField(_("추천으로 선택"), default=False)

    class Meta:
        verbose_name = _("면접 신청")
        verbose_name_plural = _("면접 신청")
        ordering = ["registration", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "participation"], name="fair_request_once")
        ]

    def __str__(self) -> str:
        return f"{self.registration.seeker} → {self.participation} ({self.rank})"


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("배정")
    DONE = "done", _("면접 완료")
    NO_SHOW = "no_show", _("불참")
    CANCELLED = "cancelled", pgettext_lazy("status", "취소")


class InterviewResult(models.TextChoices):
    NONE = "", _("결과 대기")
    PASSED_FIRST = "passed_first", _("1차 합격")
    SECOND_ROUND = "second_round", _("2차 면접")
    HIRED = "hired", _("채용")
    REJECTED = "rejected", _("불합격")


class Interview(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="interviews")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="interviews")
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="interviews")
    slot = models.PositiveSmallIntegerField(_("시간대"))
    status = models.CharField(
        _("진행"), max_length=10, choices=InterviewStatus.choices, default=InterviewStatus.SCHEDULED
    )
    announced = models.BooleanField(_("공지됨"), default=False)
    walk_in = models.BooleanField(_("현장 배정"), default=False)
    result = models.CharField(
        _("결과"), max_length=14, choices=InterviewResult.choices, blank=True, default=""
    )
    reached_second_round = models.BooleanField(_("2차 면접 진행"), default=False)
    placement = models.ForeignKey(
        "referrals.Placement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result_note = models.CharField(_("결과 메모"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("면접")
        verbose_name_plural = _("면접")
        ordering = ["slot", "participation__booth_number", "id"]
        indexes = [models.Index(fields=["event", "slot"])]

    def __str__(self) -> str:
        return f"{self.event.slot_label(self.slot)} {self.participation} · {self.registration.seeker}"

    @property
    def slot_label(self) -> str:
        return self.event.slot_label(self.slot)


class TimetableRun(models.Model):
    """One optimisation: method, figures (CP-SAT and the greedy baseline of the same run)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="timetable_runs")
    at = models.DateTimeField(_("실행 일시"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    method = models.CharField(_("방법"), max_length=20)
    status = models.CharField(_("결과"), max_length=100)
    interviews = models.PositiveIntegerField(_("면접 수"), default=0)
    value = models.PositiveBigIntegerField(_("가치 합"), default=0)
    bound = models.PositiveBigIntegerField(_("상한"), null=True, blank=True)
    gap = models.FloatField(_("최적해와의 차이"), null=True, blank=True)
    seconds = models.FloatField(_("계산 시간(초)"), default=0)
    seekers_with_interview = models.PositiveIntegerField(_("면접 배정 구직자"), default=0)
    greedy_interviews = models.PositiveIntegerField(_("선착순 배정 면접 수"), default=0)
    greedy_value = models.PositiveBigIntegerField(_("선착순 배정 가치 합"), default=0)
    greedy_seekers = models.PositiveIntegerField(_("선착순 배정 구직자"), default=0)
    warnings = models.JSONField(_("안내"), default=list, blank=True)

    class Meta:
        verbose_name = _("시간표 최적화 기록")
        verbose_name_plural = _("시간표 최적화 기록")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.event} {self.at:%Y-%m-%d %H:%M} {self.method}"
