"""/api/cases: caseload, case files (stages, notes, plan, transfer) and the seeker's own summary."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Router, Schema, Status

from iljari.accounts.models import User
from iljari.accounts.permissions import has_capability
from iljari.audit.actions import log_access, log_access_many
from iljari.core.workflow import history
from iljari.seekers.models import Seeker

from . import actions
from .models import Case, CaseStage
from .permissions import visible_cases

router = Router(tags=["counseling"])


class CaseIn(Schema):
    seeker_id: int
    counselor_id: int | None = None
    goal: str = Field("", max_length=200)
    summary: str = Field("", max_length=5000)


class StageIn(Schema):
    to_stage: str = Field(max_length=12)
    reason: str = Field("", max_length=500)


class NoteIn(Schema):
    body: str = Field(max_length=10000)
    kind: str = Field("session", max_length=12)
    internal: bool = True
    session_on: dt.date | None = None


class PlanIn(Schema):
    title: str = Field(max_length=200)
    due_on: dt.date
    owner: str = Field("seeker", max_length=10)


class TransferIn(Schema):
    to_counselor_id: int
    reason: str = Field(max_length=300)


def _summary(case: Case) -> dict:
    today = timezone.localdate()
    return {
        "id": case.pk,
        "seeker_id": case.seeker_id,
        "stage": case.stage,
        "stage_label": case.get_stage_display(),
        "counselor": case.counselor.display_name if case.counselor else None,
        "goal": case.goal,
        "summary": case.summary,
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "next_contact_on": case.next_contact_on,
        "plan": [
            {
                "id": i.pk,
                "title": i.title,
                "owner": i.owner,
                "due_on": i.due_on,
                "done_on": i.done_on,
                "overdue": i.done_on is None and i.due_on < today,
            }
            for i in case.plan.all()
        ],
    }


def _full(case: Case) -> dict:
    out = _summary(case)
    out.update(
        {
            "seeker_name": case.seeker.user.display_name,
            "team": str(case.team) if case.team_id else None,
            "counselor_id": case.counselor_id,
            "notes": [
                {
                    "id": n.pk,
                    "kind": n.kind,
                    "session_on": n.session_on,
                    "body": n.body,
                    "internal": n.internal,
                    "author": n.author.display_name if n.author else None,
                }
                for n in case.notes.select_related("author")
            ],
            "attachments": [
                {"id": a.pk, "name": a.original_name, "kind": a.kind, "size": a.size}
                for a in case.attachments.all()
            ],
            "history": [
                {
                    "at": h.at,
                    "from": h.from_state,
                    "to": h.to_state,
                    "reason": h.reason,
                    "actor": h.actor.display_name if h.actor_id else None,
                }
                for h in history(case)
            ],
            "transfers": [
                {"at": t.at, "from": t.from_counselor_id, "to": t.to_counselor_id, "reason": t.reason}
                for t in case.transfers.all()
            ],
        }
    )
    return out


def _get(request, pk) -> Case:
    if not has_capability(request.user, "manage_cases"):
        raise PermissionDenied(_("상담 사례를 볼 권한이 없습니다."))
    case = get_object_or_404(
        visible_cases(request.user, Case.objects.select_related("seeker__user", "counselor", "team")), pk=pk
    )
    return case


@router.get("", summary="사례 목록 (본인·팀)")
def caseload(
    request, scope: str = "mine", stage: str = "", overdue: bool = False, limit: int = 50, offset: int = 0
):
    if not has_capability(request.user, "manage_cases"):
        raise PermissionDenied(_("상담 사례를 볼 권한이 없습니다."))
    qs = visible_cases(request.user, Case.objects.select_related("seeker__user", "counselor"))
    if scope == "mine":
        qs = qs.filter(counselor=request.user)
    if stage and stage not in CaseStage.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"stage": _("알 수 없는 단계입니다.")})
    qs = qs.filter(stage=stage) if stage else qs.exclude(stage=CaseStage.CLOSED)
    if overdue:
        qs = qs.filter(plan__done_on__isnull=True, plan__due_on__lt=timezone.localdate()).distinct()
    limit = max(1, min(limit, 200))
    rows = list(qs.order_by("-updated_at", "-id")[max(offset, 0) : max(offset, 0) + limit])
    log_access_many(
        actor=request.user,
        action="list",
        subjects=[c.seeker for c in rows],
        fields="name",
        purpose=gettext_noop("사례 목록(API)"),
        request=request,
    )
    return {
        "count": qs.count(),
        "results": [
            {
                "id": c.pk,
                "seeker_id": c.seeker_id,
                "seeker_name": c.seeker.user.display_name,
                "stage": c.stage,
                "counselor": c.counselor.display_name if c.counselor_id else None,
                "next_contact_on": c.next_contact_on,
            }
            for c in rows
        ],
    }


@router.post("", response={201: dict}, summary="사례 개시")
def open_case(request, payload: CaseIn):
    if not has_capability(request.user, "manage_cases"):
        raise PermissionDenied(_("상담 사례를 열 권한이 없습니다."))
    seeker = get_object_or_404(Seeker, pk=payload.seeker_id)
    counselor = get_object_or_404(User, pk=payload.counselor_id) if payload.counselor_id else request.user
    case = actions.do_open_case(
        seeker=seeker, counselor=counselor, actor=request.user, goal=payload.goal, summary=payload.summary
    )
    return Status(201, _full(case))


@router.get("/mine", summary="구직자 본인의 상담 요약 (내부 메모 제외)")
def my_case(request):
    seeker = Seeker.objects.filter(user=request.user).first()
    if seeker is None:
        raise PermissionDenied(_("구직자만 볼 수 있습니다."))
    case = (
        Case.objects.filter(seeker=seeker).select_related("counselor").order_by("-opened_on", "-id").first()
    )
    if case is None:
        from django.http import Http404

        raise Http404
    out = _summary(case)
    out["notes"] = [
        {"session_on": n.session_on, "kind": n.kind, "body": n.body}
        for n in case.notes.filter(internal=False)
    ]
    return out


@router.get("/{pk}", summary="사례 상세")
def get_case(request, pk: int):
    case = _get(request, pk)
    log_access(
        actor=request.user,
        action="view",
        subject=case.seeker,
        fields="case file, notes",
        purpose="상담 사례 관리",
        request=request,
    )
    return _full(case)


@router.post("/{pk}/transitions", summary="사례 단계 변경")
def move_case(request, pk: int, payload: StageIn):
    case = actions.do_move_case(
        case=_get(request, pk), to_stage=payload.to_stage, actor=request.user, reason=payload.reason
    )
    return _full(case)


@router.post("/{pk}/notes", response={201: dict}, summary="상담 기록 추가")
def add_note(request, pk: int, payload: NoteIn):
    note = actions.do_add_note(case=_get(request, pk), author=request.user, **payload.dict())
    return Status(201, {"id": note.pk, "session_on": note.session_on, "internal": note.internal})


@router.post("/{pk}/plan", response={201: dict}, summary="활동 계획 추가")
def add_plan(request, pk: int, payload: PlanIn):
    item = actions.do_add_action_item(case=_get(request, pk), actor=request.user, **payload.dict())
    return Status(201, {"id": item.pk, "title": item.title, "due_on": item.due_on})


@router.post("/{pk}/transfer", summary="담당 상담사 변경")
def transfer(request, pk: int, payload: TransferIn):
    to = get_object_or_404(User, pk=payload.to_counselor_id)
    case = actions.do_transfer_case(
        case=_get(request, pk), to_counselor=to, actor=request.user, reason=payload.reason
    )
    return {
        "id": case.pk,
        "counselor_id": case.counselor_id,
        "team": str(case.team) if case.team_id else None,
    }
