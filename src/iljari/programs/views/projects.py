"""A project's page (its placements, targets, rules and manual results) and the forms posted from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from iljari.audit.actions import log_access_many
from iljari.core.validators import mask_name
from iljari.referrals.models import Placement

from .. import actions, manual_results
from ..forms import AttributeForm, DecisionForm, ManualResultForm, RuleForm, TargetForm
from ..models import METRIC_DEFINITIONS, METRIC_UNITS, ManualResult, Metric, Project, Target
from ..permissions import can_manage_programs, can_view_placement_people, require_manage, require_view
from ..results.evidence import exclusion_reason, project_placements
from ..results.plan import plan_report
from .common import apply_errors, month_labels


@login_required
def project_detail(request, pk):
    require_view(request.user)
    project = get_object_or_404(
        Project.objects.select_related("program__strategy__plan__organisation"), pk=pk
    )
    plan = project.program.strategy.plan
    report = plan_report(plan)
    node = next((n for n in report.nodes("project") if n.pk == project.pk), None)
    can_manage = can_manage_programs(request.user)
    page = Paginator(project_placements(project), 50).get_page(request.GET.get("page"))
    show_names = can_view_placement_people(request.user)
    rows = []
    for attribution in page.object_list:
        placement = attribution.placement
        name = placement.seeker.user.display_name
        rows.append(
            {
                "attribution": attribution,
                "placement": placement,
                "name": name if show_names else mask_name(name),
                "reason": exclusion_reason(attribution, plan.year),
            }
        )
    log_access_many(
        actor=request.user,
        action="view",
        subjects=[r["placement"].seeker for r in rows],
        fields=_("구직자 이름(마스킹)") if not show_names else _("구직자 이름"),
        purpose=gettext_noop("일자리 사업 실적 근거 확인"),
        request=request,
    )
    targets = Target.objects.filter(project=project).order_by("year", "metric", "month")
    manual = ManualResult.objects.filter(project=project).select_related("entered_by", "decided_by")
    context = {
        "project": project,
        "plan": plan,
        "node": node,
        "rows": rows,
        "page": page,
        "targets": targets,
        "manual_results": manual,
        "rules": project.rules.select_related("employer"),
        "can_manage": can_manage,
        "metric_units": {k: str(v) for k, v in METRIC_UNITS.items()},
        "definitions": [(m.label, METRIC_DEFINITIONS[m], METRIC_UNITS[m]) for m in Metric],
        "months": list(zip(month_labels(), node.monthly_results[Metric.JOBS], strict=True)) if node else [],
        "monthly_targets": node.monthly_targets.get(Metric.JOBS) if node else None,
    }
    if can_manage:
        context.update(
            target_form=TargetForm(prefix="t"),
            rule_form=RuleForm(prefix="r"),
            attribute_form=AttributeForm(prefix="a"),
            result_form=ManualResultForm(prefix="m"),
            decision_form=DecisionForm(),
        )
    return render(request, "programs/project_detail.html", context)


def _project_post(request, pk, form_class, prefix, handler):
    require_manage(request.user)
    project = get_object_or_404(Project.objects.select_related("program__strategy__plan"), pk=pk)
    form = form_class(request.POST, request.FILES, prefix=prefix)
    if form.is_valid():
        try:
            handler(project, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("저장했습니다."))
            return redirect("programs:project", project.pk)
    errors = "; ".join(
        f"{form.fields[k].label if k in form.fields else ''} {m}".strip()
        for k, ms in form.errors.items()
        for m in ms
    )
    messages.error(request, _("저장하지 못했습니다: %(errors)s") % {"errors": errors})
    return redirect("programs:project", project.pk)


@login_required
@require_POST
def set_target(request, pk):
    def handler(project, data):
        actions.do_set_target(
            actor=request.user, project=project, year=project.program.strategy.plan.year, **data
        )

    return _project_post(request, pk, TargetForm, "t", handler)


@login_required
@require_POST
def add_rule(request, pk):
    def handler(project, data):
        actions.do_add_rule(actor=request.user, project=project, **data)

    return _project_post(request, pk, RuleForm, "r", handler)


@login_required
@require_POST
def attribute(request, pk):
    def handler(project, data):
        placement = Placement.objects.filter(pk=data["placement"]).first()
        if placement is None:
            raise ValidationError({"placement": [_("그런 번호의 취업 기록이 없습니다.")]})
        actions.do_attribute_placement(actor=request.user, project=project, placement=placement)

    return _project_post(request, pk, AttributeForm, "a", handler)


@login_required
@require_POST
def record_result(request, pk):
    def handler(project, data):
        manual_results.do_record_manual_result(
            actor=request.user, project=project, year=project.program.strategy.plan.year, **data
        )

    return _project_post(request, pk, ManualResultForm, "m", handler)


@login_required
@require_POST
def decide_result(request, pk):
    require_manage(request.user)
    result = get_object_or_404(ManualResult, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("승인 또는 반려를 선택해 주세요."))
        return redirect("programs:project", result.project_id)
    try:
        manual_results.do_decide_manual_result(
            actor=request.user,
            result=result,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("처리했습니다."))
    return redirect("programs:project", result.project_id)


@login_required
def evidence(request, pk):
    require_view(request.user)
    result = get_object_or_404(ManualResult, pk=pk)
    if not result.evidence:
        raise Http404
    try:
        handle = result.evidence.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=(result.evidence.name or "").rsplit("/", 1)[-1])
