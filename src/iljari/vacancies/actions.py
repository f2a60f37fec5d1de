"""State changes of vacancies and applications; atomic, validated, logged."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.core.workflow import Move, Required, Workflow
from iljari.employers.models import EmployerStatus
from iljari.taxonomy.regions import region_by_code
from iljari.taxonomy.titles import occupation_for

from .models import Application, ApplicationStatus, Vacancy, VacancyStatus


def _stamp_published_at(move: Move) -> None:
    move.obj.published_at = timezone.now()


VACANCY_FLOW = Workflow(
    {
        VacancyStatus.DRAFT: {VacancyStatus.PENDING, VacancyStatus.CLOSED},
        VacancyStatus.PENDING: {VacancyStatus.PUBLISHED, VacancyStatus.DRAFT, VacancyStatus.CLOSED},
        VacancyStatus.PUBLISHED: {VacancyStatus.CLOSED},
        VacancyStatus.CLOSED: set(),
    },
    # a submitted vacancy goes back to its company (작성중) only with what to correct
    required={VacancyStatus.DRAFT: Required(gettext_lazy("보완 요청 사유를 입력해 주세요."))},
    on_enter={VacancyStatus.PUBLISHED: [_stamp_published_at]},
)


def _keep_refusal_reason(move: Move) -> None:
    move.obj.refusal_reason = move.reason[:40]


APPLICATION_FLOW = Workflow(
    {
        ApplicationStatus.RECEIVED: {
            ApplicationStatus.SCREENING,
            ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN,
        },
        ApplicationStatus.SCREENING: {
            ApplicationStatus.INTERVIEW,
            ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN,
        },
        ApplicationStatus.INTERVIEW: {
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN,
        },
        ApplicationStatus.ACCEPTED: set(),
        ApplicationStatus.REJECTED: set(),
        ApplicationStatus.WITHDRAWN: set(),
    },
    on_enter={ApplicationStatus.REJECTED: [_keep_refusal_reason]},
)


def _check_closing_date(closing_date) -> None:
    if closing_date is None:
        raise ValidationError({"closing_date": _("마감일을 입력해 주세요.")}, code="required")
    if closing_date < timezone.localdate():
        raise ValidationError({"closing_date": _("마감일은 오늘 이후여야 합니다.")}, code="past")


def _check_wage(wage_amount) -> None:
    if wage_amount is None or wage_amount < 0:
        raise ValidationError({"wage_amount": _("임금은 0원 이상의 숫자로 입력해 주세요.")}, code="negative")


@transaction.atomic
def do_create_vacancy(
    *,
    employer,
    actor,
    region_code: str | None = None,
    required_qualifications=(),
    preferred_qualifications=(),
    submit: bool = False,
    **fields,
) -> Vacancy:
    """Create a vacancy in 작성중 (or 승인대기 when ``submit``)."""
    _check_closing_date(fields.get("closing_date"))
    _check_wage(fields.get("wage_amount"))
    region = region_by_code(region_code) if region_code else employer.region
    fields.setdefault("lat", employer.lat if region == employer.region else region.lat)
    fields.setdefault("lon", employer.lon if region == employer.region else region.lon)
    fields.setdefault("commuter_bus", employer.commuter_bus)
    fields.setdefault("dormitory", employer.dormitory)
    fields.setdefault("meals", employer.canteen)
    if not fields.get("occupation") and fields.get("title"):
        # no 직종 picked: the one title normaliser's code when it is sure (else left for a person)
        fields["occupation"] = occupation_for(fields["title"])
    vacancy = Vacancy(employer=employer, work_region=region, created_by=actor, **fields)
    vacancy.full_clean()
    vacancy.save()
    vacancy.required_qualifications.set(required_qualifications)
    vacancy.preferred_qualifications.set(preferred_qualifications)
    if submit:
        VACANCY_FLOW.move(vacancy, VacancyStatus.PENDING, actor=actor)
    return vacancy


# What seekers rely on when they apply: editing one of these on a published vacancy needs the
# job center's approval again (issue 15 #5); until then the published text stays.
MATERIAL_FIELDS = (
    "title", "duties", "wage_type", "wage_amount", "shift", "work_hours", "work_days_per_week",
    "work_region", "address", "lat", "lon", "employer",
)  # fmt: skip
_FOREIGN_KEYS = ("work_region", "employer")


def _stored(name: str, value):
    """A field value as the revision keeps it in JSON (foreign keys as ids)."""
    if name in _FOREIGN_KEYS:
        return getattr(value, "pk", value)
    return value


def _current(vacancy: Vacancy, name: str):
    return getattr(vacancy, f"{name}_id") if name in _FOREIGN_KEYS else getattr(vacancy, name)


def _apply(vacancy: Vacancy, changes: dict) -> None:
    for name, value in changes.items():
        setattr(vacancy, f"{name}_id" if name in _FOREIGN_KEYS else name, value)


def material_changes(vacancy: Vacancy, fields: dict) -> dict:
    """The material fields among ``fields`` whose value differs from the vacancy's, as stored."""
    out = {}
    for name, value in fields.items():
        if name in MATERIAL_FIELDS and _stored(name, value) != _current(vacancy, name):
            out[name] = _stored(name, value)
    return out


def pending_revision(vacancy: Vacancy):
    from .models import RevisionStatus, VacancyRevision

    return VacancyRevision.objects.filter(vacancy=vacancy, status=RevisionStatus.PENDING).first()


@transaction.atomic
def do_update_vacancy(*, vacancy: Vacancy, actor, **fields) -> Vacancy:
    """Change a vacancy. On a published one, material fields (``MATERIAL_FIELDS``) are not
    changed: they wait in a pending ``VacancyRevision`` (승인대기) for the job center, while the
    published version stays visible; other fields change at once."""
    from .models import VacancyRevision

    if "closing_date" in fields:
        _check_closing_date(fields["closing_date"])
    if "wage_amount" in fields:
        _check_wage(fields["wage_amount"])
    material = material_changes(vacancy, fields) if vacancy.status == VacancyStatus.PUBLISHED else {}
    if material:
        proposed = Vacancy.objects.get(pk=vacancy.pk)  # validate the edit as it would be published
        for name, value in fields.items():
            setattr(proposed, name, value)
        proposed.full_clean()
        revision = pending_revision(vacancy)
        if revision is None:
            revision = VacancyRevision(vacancy=vacancy, changes={})
        revision.changes = {**revision.changes, **material}
        revision.submitted_by = actor if getattr(actor, "pk", None) else None
        revision.submitted_at = timezone.now()
        revision.save()
        fields = {k: v for k, v in fields.items() if k not in material}
    for name, value in fields.items():
        if name not in material:
            setattr(vacancy, name, value)
    vacancy.full_clean()
    vacancy.save()
    return vacancy


@transaction.atomic
def do_decide_vacancy_revision(*, revision, actor, approve: bool, reason: str = ""):
    """Staff approve (the changes go live) or reject (the published version stays) a revision."""
    from .models import RevisionStatus, VacancyRevision

    revision = VacancyRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != RevisionStatus.PENDING:
        raise ValidationError(_("이미 처리된 변경 요청입니다."), code="decided")
    vacancy = Vacancy.objects.select_for_update().get(pk=revision.vacancy_id)
    if approve:
        _apply(vacancy, revision.changes)
        if vacancy.employer.status != EmployerStatus.APPROVED:
            raise ValidationError(
                _("승인되지 않은 기업의 공고는 게시할 수 없습니다."), code="employer_not_approved"
            )
        vacancy.full_clean()
        below = vacancy.below_minimum_wage
        if below:
            raise ValidationError({"wage_amount": below}, code="below_minimum_wage")
        vacancy.save()
    elif not reason.strip():
        raise ValidationError({"reason": _("반려 사유를 입력해 주세요.")}, code="required")
    revision.status = RevisionStatus.APPROVED if approve else RevisionStatus.REJECTED
    revision.decided_by, revision.decided_at, revision.reason = actor, timezone.now(), reason.strip()[:300]
    revision.save()
    return revision


@transaction.atomic
def do_submit_vacancy(*, vacancy: Vacancy, actor) -> Vacancy:
    _check_closing_date(vacancy.closing_date)
    VACANCY_FLOW.move(vacancy, VacancyStatus.PENDING, actor=actor)
    return vacancy


@transaction.atomic
def do_publish_vacancy(*, vacancy: Vacancy, actor) -> Vacancy:
    """Staff approval: the vacancy goes public (its company must be approved)."""
    if vacancy.employer.status != EmployerStatus.APPROVED:
        raise ValidationError(
            _("승인되지 않은 기업의 공고는 게시할 수 없습니다."), code="employer_not_approved"
        )
    _check_closing_date(vacancy.closing_date)
    below = vacancy.below_minimum_wage
    if below:
        raise ValidationError({"wage_amount": below}, code="below_minimum_wage")
    VACANCY_FLOW.move(vacancy, VacancyStatus.PUBLISHED, actor=actor)
    return vacancy


@transaction.atomic
def do_close_vacancy(*, vacancy: Vacancy, actor, reason: str = "") -> Vacancy:
    VACANCY_FLOW.move(vacancy, VacancyStatus.CLOSED, actor=actor, reason=reason)
    return vacancy


@transaction.atomic
def do_apply(*, seeker, vacancy: Vacancy, message: str = "") -> Application:
    """A seeker applies; once per vacancy, only to open vacancies."""
    vacancy = Vacancy.objects.select_for_update().only("status", "closing_date").get(pk=vacancy.pk)
    if not vacancy.is_open:
        raise ValidationError(_("마감되었거나 게시되지 않은 공고에는 지원할 수 없습니다."), code="closed")
    if Application.objects.filter(seeker=seeker, vacancy=vacancy).exists():
        raise ValidationError(_("이미 지원한 공고입니다."), code="duplicate")
    application = Application.objects.create(seeker=seeker, vacancy=vacancy, message=message[:2000])
    APPLICATION_FLOW.record_start(application, actor=seeker.user, reason=_("온라인 지원"))
    return application


@transaction.atomic
def do_move_application(*, application: Application, to_status: str, actor, reason: str = "") -> Application:
    APPLICATION_FLOW.move(application, to_status, actor=actor, reason=reason)
    return application
