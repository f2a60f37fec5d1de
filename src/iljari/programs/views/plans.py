"""Plans: the list, a plan's tree and what is added to it, rules applied, results imported, reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iljari.jobs.actions import do_start_job

from .. import actions, manual_results, reports
from ..forms import ImportForm, PlanForm, ProgramForm, ProjectForm, StrategyForm
from ..jobkinds import KIND_REPORT, target_of
from ..models import Plan, Program, Project, Strategy
from ..permissions import can_manage_programs, require_manage, require_view
from ..results.plan import plan_report
from .common import apply_errors


@login_required
def plan_list(request):
    require_view(request.user)
    form = None
    if can_manage_programs(request.user):
        form = PlanForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                plan = actions.do_create_plan(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("계획을 만들었습니다. 핵심전략과 사업을 추가해 주세요."))
                return redirect("programs:plan", plan.pk)
    elif request.method == "POST":
        raise PermissionDenied
    plans = Plan.objects.select_related("organisation").order_by("-year", "organisation__name")
    return render(request, "programs/plan_list.html", {"plans": plans, "form": form})


def _plan_forms(plan, data=None, which=None):
    return {
        "strategy_form": StrategyForm(data if which == "strategy" else None, prefix="s"),
        "program_form": ProgramForm(data if which == "program" else None, plan=plan, prefix="p"),
        "project_form": ProjectForm(data if which == "project" else None, plan=plan, prefix="j"),
    }


@login_required
def plan_detail(request, pk):
    require_view(request.user)
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    which = request.POST.get("form") if request.method == "POST" else None
    forms_ = _plan_forms(plan, request.POST, which)
    if request.method == "POST":
        require_manage(request.user)
        form = forms_.get(f"{which}_form")
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                if which == "strategy":
                    actions.do_add_strategy(actor=request.user, plan=plan, name=data["name"])
                elif which == "program":
                    strategy = get_object_or_404(Strategy, pk=data.pop("strategy"), plan=plan)
                    actions.do_add_program(actor=request.user, strategy=strategy, **data)
                else:
                    program = get_object_or_404(Program, pk=data.pop("program"), strategy__plan=plan)
                    actions.do_add_project_with_target(actor=request.user, program=program, **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("추가했습니다."))
                return redirect("programs:plan", plan.pk)
    strategies = plan.strategies.prefetch_related("programs__projects__targets")
    context = {
        "plan": plan,
        "strategies": strategies,
        "can_manage": can_manage_programs(request.user),
        **forms_,
    }
    return render(
        request,
        "programs/plan_detail.html",
        context,
        status=400 if which and request.method == "POST" else 200,
    )


@login_required
@require_POST
def apply_rules(request, pk):
    require_manage(request.user)
    plan = get_object_or_404(Plan, pk=pk)
    count = actions.do_apply_rules(actor=request.user, plan=plan)
    messages.success(
        request, _("연계 규칙을 적용했습니다. 규칙으로 연계된 취업 %(n)s건") % {"n": f"{count:,}"}
    )
    next_url = request.POST.get("next", "")
    if next_url.startswith("/programs/") and "//" not in next_url:
        return redirect(next_url)
    return redirect("programs:plan", plan.pk)


@login_required
def import_results(request, pk):
    require_manage(request.user)
    plan = get_object_or_404(Plan, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = manual_results.do_import_manual_results(
                actor=request.user, plan=plan, text=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("실적 %(n)d건을 가져왔습니다. 승인 후 집계됩니다.") % {"n": len(created)}
            )
            return redirect("programs:plan", plan.pk)
    projects = Project.objects.filter(program__strategy__plan=plan).select_related("program")
    return render(
        request,
        "programs/import.html",
        {"plan": plan, "form": form, "projects": projects},
        status=400 if request.method == "POST" else 200,
    )


REPORT_KINDS = {"plan", "results"}


@login_required
def download_report(request, pk, kind, fmt):
    require_view(request.user)
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    if kind not in REPORT_KINDS or fmt not in reports.FORMATS:
        raise Http404
    report = plan_report(plan)
    body, content_type = reports.render(report, kind, fmt)
    response = HttpResponse(body, content_type=content_type)
    name = reports.filename(plan, kind, fmt)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{reports.quote(name)}"
    return response


@login_required
@require_POST
def report_job(request, pk, kind, fmt):
    """Build the report in the background (large plans take a while) and show the job's page."""
    require_view(request.user)
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    if kind not in REPORT_KINDS or fmt not in reports.FORMATS:
        raise Http404
    job, created = do_start_job(
        kind=KIND_REPORT,
        target=target_of(plan, kind, fmt),
        owner=request.user,
        target_label=reports.filename(plan, kind, fmt),
        params={"plan": plan.pk, "kind": kind, "fmt": fmt},
        notify_email=request.POST.get("notify_email") == "1",
    )
    if not created:
        messages.info(request, _("같은 보고서를 만드는 중입니다. 진행 중인 작업을 보여 드립니다."))
    return redirect("jobs:detail", pk=job.pk)
