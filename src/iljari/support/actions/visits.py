"""Company visits and suggestions (건의사항): recorded, moved through their workflow, counted."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.core.workflow import Move, Required, Workflow
from iljari.notifications.actions import do_notify

from ..models import Suggestion, SuggestionStatus, Topic, Visit


def _close_suggestion(move: Move) -> None:
    """A suggestion resolved or refused keeps its answer and date, and the company is told."""
    suggestion = move.obj
    suggestion.resolution = move.text("resolution").strip()
    suggestion.resolved_on = timezone.localdate()
    _notify_company(suggestion)


_CLOSED = (SuggestionStatus.RESOLVED, SuggestionStatus.REJECTED)
SUGGESTION_FLOW = Workflow(
    {
        SuggestionStatus.RECEIVED: {SuggestionStatus.REVIEWING, SuggestionStatus.REJECTED},
        SuggestionStatus.REVIEWING: {
            SuggestionStatus.IN_PROGRESS,
            SuggestionStatus.RESOLVED,
            SuggestionStatus.REJECTED,
        },
        SuggestionStatus.IN_PROGRESS: {SuggestionStatus.RESOLVED, SuggestionStatus.REJECTED},
        SuggestionStatus.RESOLVED: set(),
        SuggestionStatus.REJECTED: set(),
    },
    required=dict.fromkeys(
        _CLOSED, Required(gettext_lazy("처리 결과(또는 불가 사유)를 입력해 주세요."), field="resolution")
    ),
    on_enter=dict.fromkeys(_CLOSED, [_close_suggestion]),
)


def _topics(values, field: str) -> list[str]:
    values = list(dict.fromkeys(values or []))
    bad = [v for v in values if v not in Topic.values]
    if bad:
        raise ValidationError(
            {field: _("알 수 없는 분야입니다: %(v)s") % {"v": ", ".join(bad)}}, code="invalid"
        )
    return values


# --- visits and suggestions ------------------------------------------------------------------


@transaction.atomic
def do_record_visit(
    *, employer, visited_on, staff, topics, actor, summary: str = "", company_attendees: str = ""
) -> Visit:
    errors: dict[str, str | list[str]] = {}
    if visited_on is None:
        errors["visited_on"] = _("방문일을 입력해 주세요.")
    elif visited_on > timezone.localdate():
        errors["visited_on"] = _("방문일은 오늘 이후일 수 없습니다.")
    try:
        topics = _topics(topics, "topics")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not topics and "topics" not in errors:
        errors["topics"] = _("상담 분야를 하나 이상 골라 주세요.")
    staff = list(staff or [])
    if not staff:
        errors["staff"] = _("방문 직원을 한 명 이상 골라 주세요.")
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(
        employer=employer,
        visited_on=visited_on,
        topics=topics,
        summary=summary.strip(),
        company_attendees=company_attendees.strip(),
        created_by=actor,
    )
    visit.staff.set(staff)
    return visit


@transaction.atomic
def do_add_suggestion(
    *,
    employer,
    category: str,
    title: str,
    body: str,
    department: str,
    actor,
    visit=None,
    due_on=None,
    owner=None,
    received_on=None,
) -> Suggestion:
    errors = {}
    if category not in Topic.values:
        errors["category"] = _("분야를 골라 주세요.")
    if not (title or "").strip():
        errors["title"] = _("제목을 입력해 주세요.")
    if not (body or "").strip():
        errors["body"] = _("내용을 입력해 주세요.")
    if not (department or "").strip():
        errors["department"] = _("담당 부서를 입력해 주세요.")
    received_on = received_on or timezone.localdate()
    if due_on is not None and due_on < received_on:
        errors["due_on"] = _("처리 기한은 접수일 이후여야 합니다.")
    if visit is not None and visit.employer_id != employer.pk:
        errors["visit"] = _("다른 기업의 방문 기록입니다.")
    if errors:
        raise ValidationError(errors)
    suggestion = Suggestion.objects.create(
        employer=employer,
        visit=visit,
        category=category,
        title=title.strip(),
        body=body.strip(),
        department=department.strip(),
        owner=owner,
        due_on=due_on,
        received_on=received_on,
    )
    SUGGESTION_FLOW.record_start(suggestion, actor=actor)
    return suggestion


@transaction.atomic
def do_move_suggestion(
    *, suggestion: Suggestion, to_status: str, actor, reason: str = "", resolution: str = ""
) -> Suggestion:
    suggestion = Suggestion.objects.select_for_update().select_related("employer").get(pk=suggestion.pk)
    SUGGESTION_FLOW.move(
        suggestion, to_status, actor=actor, reason=reason or resolution[:200], resolution=resolution
    )
    return suggestion


def _notify_company(suggestion: Suggestion) -> None:
    """Queue the notice of the result to every member of the company (once per suggestion); the
    caller saves ``notified_at``."""
    context = {
        "employer": suggestion.employer.name,
        "title": suggestion.title,
        "status": suggestion.get_status_display(),
        "resolution": suggestion.resolution,
    }
    queued = 0
    for member in suggestion.employer.members.select_related("user"):
        queued += len(
            do_notify(
                template_key="suggestion_resolved",
                context=context,
                user=member.user,
                dedupe_key=f"suggestion:{suggestion.pk}:{member.user_id}",
            )
        )
    suggestion.notified_at = timezone.now()


def visit_statistics(start: dt.date, end: dt.date, visits=None, suggestions=None) -> dict:
    """'24개 기업 방문, 건의사항 73건 (처리완료 n, 진행중 m)' for a period."""
    from django.db.models import Count, Q

    visits = (visits if visits is not None else Visit.objects.all()).filter(visited_on__range=(start, end))
    suggestions = (suggestions if suggestions is not None else Suggestion.objects.all()).filter(
        received_on__range=(start, end)
    )
    agg = suggestions.aggregate(
        total=Count("id"),
        resolved=Count("id", filter=Q(status=SuggestionStatus.RESOLVED)),
        rejected=Count("id", filter=Q(status=SuggestionStatus.REJECTED)),
        open=Count(
            "id",
            filter=Q(
                status__in=[
                    SuggestionStatus.RECEIVED,
                    SuggestionStatus.REVIEWING,
                    SuggestionStatus.IN_PROGRESS,
                ]
            ),
        ),
        overdue=Count(
            "id",
            filter=Q(
                status__in=[
                    SuggestionStatus.RECEIVED,
                    SuggestionStatus.REVIEWING,
                    SuggestionStatus.IN_PROGRESS,
                ],
                due_on__lt=timezone.localdate(),
            ),
        ),
    )
    by_category = {
        row["category"]: row["n"] for row in suggestions.values("category").annotate(n=Count("id"))
    }
    return {
        "start": start,
        "end": end,
        "visits": visits.count(),
        "companies_visited": visits.values("employer").distinct().count(),
        "suggestions": agg["total"],
        "resolved": agg["resolved"],
        "rejected": agg["rejected"],
        "in_progress": agg["open"],
        "overdue": agg["overdue"],
        "by_category": [(str(label), by_category.get(value, 0)) for value, label in Topic.choices],
    }
