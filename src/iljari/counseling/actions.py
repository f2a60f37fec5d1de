"""Case files: open, move through the stages (with a log), notes, plan, attachments, transfer."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.accounts.permissions import has_capability
from iljari.core.workflow import Move, Required, Workflow

from .models import ActionItem, Attachment, Case, CaseNote, CaseStage, CaseTransfer
from .uploads import check_upload


def _stamp_closed_on(move: Move) -> None:
    move.obj.closed_on = timezone.localdate()


_ALL_OPEN = {
    CaseStage.INTAKE,
    CaseStage.PLANNING,
    CaseStage.TRAINING,
    CaseStage.JOB_SEARCH,
    CaseStage.EMPLOYED,
    CaseStage.AFTERCARE,
}
CASE_FLOW = Workflow(
    {
        CaseStage.INTAKE: {CaseStage.PLANNING, CaseStage.CLOSED},
        CaseStage.PLANNING: {CaseStage.TRAINING, CaseStage.JOB_SEARCH, CaseStage.CLOSED},
        CaseStage.TRAINING: {CaseStage.JOB_SEARCH, CaseStage.PLANNING, CaseStage.CLOSED},
        CaseStage.JOB_SEARCH: {CaseStage.EMPLOYED, CaseStage.TRAINING, CaseStage.PLANNING, CaseStage.CLOSED},
        CaseStage.EMPLOYED: {CaseStage.AFTERCARE, CaseStage.JOB_SEARCH, CaseStage.CLOSED},
        CaseStage.AFTERCARE: {CaseStage.JOB_SEARCH, CaseStage.CLOSED},
        CaseStage.CLOSED: set(),
    },
    field="stage",
    required={CaseStage.CLOSED: Required(gettext_lazy("종결 사유를 입력해 주세요."))},
    on_enter={CaseStage.CLOSED: [_stamp_closed_on]},
)


def _require_counselor(user, field="counselor"):
    if not has_capability(user, "manage_cases"):
        raise ValidationError({field: _("상담사만 사례를 담당할 수 있습니다.")}, code="not_counselor")


@transaction.atomic
def do_open_case(*, seeker, counselor, actor, goal: str = "", summary: str = "") -> Case:
    _require_counselor(counselor)
    if Case.objects.filter(seeker=seeker).exclude(stage=CaseStage.CLOSED).exists():
        raise ValidationError(_("이 구직자에게는 이미 진행 중인 상담 사례가 있습니다."), code="duplicate")
    case = Case.objects.create(
        seeker=seeker, counselor=counselor, team=counselor.team, goal=goal.strip(), summary=summary.strip()
    )
    CASE_FLOW.record_start(case, actor=actor, reason=_("사례 개시"))
    return case


@transaction.atomic
def do_move_case(*, case: Case, to_stage: str, actor, reason: str = "") -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    CASE_FLOW.move(case, to_stage, actor=actor, reason=reason.strip())
    return case


@transaction.atomic
def do_add_note(
    *, case: Case, author, body: str, kind: str = "session", internal: bool = True, session_on=None
) -> CaseNote:
    if not (body or "").strip():
        raise ValidationError({"body": _("상담 내용을 입력해 주세요.")}, code="required")
    if session_on and session_on > timezone.localdate():
        raise ValidationError({"session_on": _("상담일은 오늘 이후일 수 없습니다.")}, code="future")
    note = CaseNote(
        case=case,
        author=author,
        kind=kind,
        body=body.strip(),
        internal=internal,
        session_on=session_on or timezone.localdate(),
    )
    note.full_clean(exclude=["author", "case"])
    note.save()
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    return note


@transaction.atomic
def do_add_action_item(*, case: Case, actor, title: str, due_on, owner: str = "seeker") -> ActionItem:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("할 일을 입력해 주세요.")
    if due_on is None:
        errors["due_on"] = _("기한을 입력해 주세요.")
    elif due_on < case.opened_on:
        errors["due_on"] = _("기한은 사례 개시일 이후여야 합니다.")
    if owner not in ("seeker", "counselor"):
        errors["owner"] = _("수행 주체를 골라 주세요.")
    if errors:
        raise ValidationError(errors)
    return ActionItem.objects.create(
        case=case, title=title.strip(), due_on=due_on, owner=owner, created_by=actor
    )


@transaction.atomic
def do_complete_action_item(*, item: ActionItem, actor, done: bool = True) -> ActionItem:
    item.done_on = timezone.localdate() if done else None
    item.save(update_fields=["done_on"])
    return item


@transaction.atomic
def do_add_attachment(*, case: Case, actor, uploaded, description: str = "") -> Attachment:
    kind, content_type = check_upload(uploaded)
    attachment = Attachment(
        case=case,
        original_name=(uploaded.name or "file")[-200:],
        kind=kind,
        content_type=content_type,
        size=uploaded.size,
        description=description.strip()[:200],
        uploaded_by=actor,
    )
    attachment.file.save("upload", uploaded, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def do_delete_attachment(*, attachment: Attachment, actor) -> None:
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def do_transfer_case(*, case: Case, to_counselor, actor, reason: str) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    errors = {}
    if not has_capability(to_counselor, "manage_cases"):
        errors["to_counselor"] = _("상담사에게만 사례를 넘길 수 있습니다.")
    elif to_counselor.pk == case.counselor_id:
        errors["to_counselor"] = _("이미 이 상담사가 담당하고 있습니다.")
    if not (reason or "").strip():
        errors["reason"] = _("담당자 변경 사유를 입력해 주세요.")
    if errors:
        raise ValidationError(errors)
    if case.stage == CaseStage.CLOSED:
        raise ValidationError(_("종결된 사례는 넘길 수 없습니다."), code="closed")
    CaseTransfer.objects.create(
        case=case,
        from_counselor_id=case.counselor_id,
        to_counselor=to_counselor,
        actor=actor,
        reason=reason.strip(),
    )
    case.counselor = to_counselor
    case.team = to_counselor.team
    case.save(update_fields=["counselor", "team", "updated_at"])
    return case


@transaction.atomic
def do_update_case(*, case: Case, actor, goal: str, summary: str, next_contact_on=None) -> Case:
    case.goal = goal.strip()[:200]
    case.summary = summary.strip()
    case.next_contact_on = next_contact_on
    case.save(update_fields=["goal", "summary", "next_contact_on", "updated_at"])
    return case


def check_case_access(user, case) -> None:
    from .permissions import can_view_case

    if not can_view_case(user, case):
        raise PermissionDenied(_("이 상담 사례를 볼 권한이 없습니다."))
