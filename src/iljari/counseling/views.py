"""Case-file pages: the caseload, a case with stages/notes/plan/attachments, transfers, and the seeker's own view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from iljari.accounts.permissions import has_capability, is_seeker
from iljari.audit.actions import log_access, log_access_many
from iljari.core.ui import int_param, labelled_history, paginate
from iljari.referrals.models import Referral
from iljari.seekers.models import Seeker

from . import actions
from .forms import (
    ActionItemForm,
    AttachmentForm,
    CaseEditForm,
    CaseOpenForm,
    MoveForm,
    NoteForm,
    TransferForm,
)
from .models import STAGE_ORDER, ActionItem, Attachment, Case, CaseStage
from .permissions import visible_cases

STAGE_MOVE_LABELS: dict[str, str | Promise] = {
    CaseStage.PLANNING: gettext_lazy("진로설정으로"),
    CaseStage.TRAINING: gettext_lazy("직업훈련으로"),
    CaseStage.JOB_SEARCH: gettext_lazy("취업알선으로"),
    CaseStage.EMPLOYED: gettext_lazy("취업으로"),
    CaseStage.AFTERCARE: gettext_lazy("사후관리로"),
    CaseStage.CLOSED: pgettext_lazy("action", "종결"),
}


def _require_counselor(user):
    if not has_capability(user, "manage_cases"):
        raise PermissionDenied(_("상담 사례를 볼 권한이 없습니다."))


@login_required
def caseload(request):
    if is_seeker(request.user):
        return redirect("counseling:mine")
    _require_counselor(request.user)
    today = timezone.localdate()
    qs = visible_cases(request.user, Case.objects.select_related("seeker__user", "counselor", "team"))
    scope = request.GET.get("scope", "mine")
    if scope == "mine":
        qs = qs.filter(counselor=request.user)
    stage = request.GET.get("stage", "")
    if stage in CaseStage.values:
        qs = qs.filter(stage=stage)
    elif request.GET.get("closed") != "1":
        qs = qs.exclude(stage=CaseStage.CLOSED)
    if request.GET.get("seeker"):
        qs = qs.filter(seeker_id=int_param(request.GET.get("seeker")))
    q = (request.GET.get("q") or "").replace("\x00", "").strip()
    if q:
        qs = qs.filter(seeker__user__full_name__icontains=q)
    overdue_items = ActionItem.objects.filter(case=OuterRef("pk"), done_on__isnull=True, due_on__lt=today)
    qs = qs.annotate(
        overdue_count=Count(
            "plan", filter=Q(plan__done_on__isnull=True, plan__due_on__lt=today), distinct=True
        ),
        last_note=Max("notes__session_on"),
        has_overdue=Exists(overdue_items),
    )
    if request.GET.get("overdue") == "1":
        qs = qs.filter(has_overdue=True)
    page = paginate(request, qs.order_by("-has_overdue", "next_contact_on", "-updated_at"))
    counts = (
        visible_cases(request.user)
        .filter(counselor=request.user)
        .exclude(stage=CaseStage.CLOSED)
        .values("stage")
        .annotate(n=Count("id"))
    )
    by_stage = {row["stage"]: row["n"] for row in counts}
    overdue_list = (
        ActionItem.objects.filter(
            case__in=visible_cases(request.user).filter(counselor=request.user),
            done_on__isnull=True,
            due_on__lt=today,
        )
        .select_related("case__seeker__user")
        .order_by("due_on")[:20]
    )
    log_access_many(
        actor=request.user,
        action="list",
        subjects=[c.seeker for c in page] + [item.case.seeker for item in overdue_list],
        fields="case list (names)",
        purpose="사례 목록",
        request=request,
    )
    return render(
        request,
        "counseling/caseload.html",
        {
            "page": page,
            "scope": scope,
            "stage": stage,
            "q": q,
            "stages": CaseStage.choices,
            "stage_counts": [
                (label, by_stage.get(value, 0))
                for value, label in CaseStage.choices
                if value != CaseStage.CLOSED
            ],
            "overdue_items": overdue_list,
            "today": today,
            "seeker_search": _seeker_search(request),
        },
    )


def _seeker_search(request):
    q = (request.GET.get("sq") or "").replace("\x00", "").strip()
    if not q:
        return None
    seekers = list(
        Seeker.objects.filter(user__full_name__icontains=q, anonymised_at__isnull=True)
        .select_related("user", "home_region")
        .annotate(
            open_case=Exists(Case.objects.filter(seeker=OuterRef("pk")).exclude(stage=CaseStage.CLOSED))
        )[:20]
    )
    return {"q": q, "results": seekers}


@login_required
def case_open(request):
    _require_counselor(request.user)
    seeker = get_object_or_404(
        Seeker.objects.select_related("user"),
        pk=int_param(request.GET.get("seeker"), request.POST.get("seeker")),
    )
    form = CaseOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.do_open_case(
                seeker=seeker, counselor=request.user, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            messages.success(request, _("상담 사례를 열었습니다."))
            return redirect("counseling:detail", case.pk)
    log_access(
        actor=request.user, action="view", subject=seeker, fields="name", purpose="사례 개시", request=request
    )
    return render(request, "counseling/open.html", {"seeker": seeker, "form": form})


def _get_case(request, pk) -> Case:
    _require_counselor(request.user)
    case = get_object_or_404(
        Case.objects.select_related("seeker__user", "seeker__home_region", "counselor", "team"), pk=pk
    )
    actions.check_case_access(request.user, case)
    return case


def _case_context(request, case, **forms):
    today = timezone.localdate()
    transitions = labelled_history(case, CaseStage.choices)
    stages = []
    for index, (value, label) in enumerate(CaseStage.choices):
        state = "active" if value == case.stage else ("done" if index < case.stage_index else "")
        stages.append({"value": value, "label": label, "state": state, "n": index + 1})
    moves = [
        (s, STAGE_MOVE_LABELS.get(s, s)) for s in STAGE_ORDER if s in actions.CASE_FLOW.allowed(case.stage)
    ]
    log_access(
        actor=request.user,
        action="view",
        subject=case.seeker,
        fields="case file, notes",
        purpose="상담 사례 관리",
        request=request,
    )
    return {
        "case": case,
        "stages": stages,
        "moves": moves,
        "transitions": transitions,
        "notes": case.notes.select_related("author")[:50],
        "plan": case.plan.all(),
        "attachments": case.attachments.select_related("uploaded_by"),
        "transfers": case.transfers.select_related("from_counselor", "to_counselor", "actor"),
        "referrals": Referral.objects.filter(seeker=case.seeker)
        .select_related("vacancy__employer")
        .order_by("-created_at")[:20],
        "placements": case.seeker.placements.select_related("employer").prefetch_related("follow_ups")[:10],
        "today": today,
        "note_form": forms.get("note_form") or NoteForm(initial={"session_on": today, "internal": True}),
        "plan_form": forms.get("plan_form") or ActionItemForm(),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "transfer_form": forms.get("transfer_form") or TransferForm(),
        "edit_form": forms.get("edit_form")
        or CaseEditForm(
            initial={"goal": case.goal, "summary": case.summary, "next_contact_on": case.next_contact_on}
        ),
        "move_error": forms.get("move_error"),
    }


@login_required
def case_detail(request, pk):
    case = _get_case(request, pk)
    return render(request, "counseling/detail.html", _case_context(request, case))


def _rerender(request, case, status=400, **forms):
    return render(request, "counseling/detail.html", _case_context(request, case, **forms), status=status)


@login_required
@require_POST
def case_move(request, pk):
    case = _get_case(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        actions.do_move_case(
            case=case,
            to_stage=form.cleaned_data["to_stage"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        return _rerender(request, case, move_error=" ".join(exc.messages))
    messages.success(request, _("사례 단계를 바꿨습니다."))
    return redirect("counseling:detail", case.pk)


@login_required
@require_POST
def case_edit(request, pk):
    case = _get_case(request, pk)
    form = CaseEditForm(request.POST)
    if form.is_valid():
        actions.do_update_case(case=case, actor=request.user, **form.cleaned_data)
        messages.success(request, _("사례 정보를 저장했습니다."))
        return redirect("counseling:detail", case.pk)
    return _rerender(request, case, edit_form=form)


@login_required
@require_POST
def note_add(request, pk):
    case = _get_case(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_note(case=case, author=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            messages.success(request, _("상담 기록을 저장했습니다."))
            return redirect("counseling:detail", case.pk)
    return _rerender(request, case, note_form=form)


@login_required
@require_POST
def plan_add(request, pk):
    case = _get_case(request, pk)
    form = ActionItemForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_action_item(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            messages.success(request, _("활동 계획을 추가했습니다."))
            return redirect("counseling:detail", case.pk)
    return _rerender(request, case, plan_form=form)


@login_required
@require_POST
def plan_done(request, pk):
    item = get_object_or_404(ActionItem, pk=pk)
    case = _get_case(request, item.case_id)
    actions.do_complete_action_item(item=item, actor=request.user, done=request.POST.get("done", "1") == "1")
    return redirect("counseling:detail", case.pk)


@login_required
@require_POST
def attachment_add(request, pk):
    case = _get_case(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.do_add_attachment(
                case=case,
                actor=request.user,
                uploaded=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            messages.success(request, _("파일을 올렸습니다."))
            return redirect("counseling:detail", case.pk)
    return _rerender(request, case, attachment_form=form)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("case__seeker__user"), pk=pk)
    _get_case(request, attachment.case_id)
    log_access(
        actor=request.user,
        action="download",
        subject=attachment.case.seeker,
        fields=f"attachment:{attachment.pk}",
        purpose="상담 첨부 파일 열람",
        request=request,
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=attachment.content_type, as_attachment=True, filename=attachment.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(Attachment, pk=pk)
    case = _get_case(request, attachment.case_id)
    actions.do_delete_attachment(attachment=attachment, actor=request.user)
    messages.success(request, _("파일을 지웠습니다."))
    return redirect("counseling:detail", case.pk)


@login_required
@require_POST
def case_transfer(request, pk):
    case = _get_case(request, pk)
    form = TransferForm(request.POST)
    if form.is_valid():
        try:
            actions.do_transfer_case(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_validation_error(exc)
        else:
            messages.success(request, _("담당 상담사를 바꿨습니다."))
            from .permissions import can_view_case

            if can_view_case(request.user, Case.objects.get(pk=case.pk)):
                return redirect("counseling:detail", case.pk)
            return redirect("counseling:caseload")
    return _rerender(request, case, transfer_form=form)


@login_required
def my_case(request):
    """The seeker's own view: stage, summary, plan, shared notes — never internal notes."""
    seeker = Seeker.objects.filter(user=request.user).first()
    if seeker is None:
        raise PermissionDenied(_("구직자만 볼 수 있는 화면입니다."))
    case = (
        Case.objects.filter(seeker=seeker).select_related("counselor").order_by("-opened_on", "-id").first()
    )
    context: dict[str, object] = {"case": case}
    if case is not None:
        context.update(
            {
                "stages": [
                    {
                        "label": label,
                        "state": "active" if v == case.stage else ("done" if i < case.stage_index else ""),
                    }
                    for i, (v, label) in enumerate(CaseStage.choices)
                ],
                "plan": case.plan.all(),
                "notes": case.notes.filter(internal=False),
                "today": timezone.localdate(),
            }
        )
    return render(request, "counseling/mine.html", context)
