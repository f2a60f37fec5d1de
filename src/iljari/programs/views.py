"""Pages of the job-creation programs: dashboard, plan and project management, reports, surveys."""

import hashlib
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iljari.audit.actions import log_access_many
from iljari.core import ratelimit
from iljari.core.validators import mask_name
from iljari.jobs.actions import do_start_job
from iljari.referrals.models import Placement

from . import actions, manual_results, reports
from .forms import (
    AttributeForm,
    DecisionForm,
    ImportForm,
    ManualResultForm,
    PlanForm,
    ProgramForm,
    ProjectForm,
    RuleForm,
    StrategyForm,
    TargetForm,
)
from .models import (
    METRIC_DEFINITIONS,
    METRIC_UNITS,
    ManualResult,
    Metric,
    Plan,
    Program,
    ProgramSeries,
    Project,
    Strategy,
    Survey,
    SurveyResponse,
    SurveyStatus,
    Target,
)
from .permissions import can_manage_programs, can_view_placement_people, require_manage, require_view
from .results import data_version, exclusion_reason, plan_report, project_placements, series_progress
from .surveys import do_close_survey, do_submit_survey, survey_summary


def month_labels() -> list[str]:
    return [_("%(m)d월") % {"m": m} for m in range(1, 13)]


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                for message in error.messages:
                    form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def default_plan(plans):
    today = timezone.localdate()
    current = [p for p in plans if p.year == today.year]
    return (current or plans or [None])[0]


def _chart_payload(report, series_rows):
    root = report.root
    strategies = report.nodes("strategy")
    cum_target, total = [], 0.0
    for value in root.extra.get("profile", [0] * 12):
        total += value
        cum_target.append(round(total))
    return {
        "text": {
            "monthResult": _("월 실적"),
            "cumResult": _("누적 실적"),
            "cumTarget": _("누적 목표"),
            "cumulative": _("누적"),
            "target": _("목표"),
            "result": _("실적"),
            "hires": _("취업"),
        },
        "monthly": {
            "labels": month_labels(),
            "results": root.monthly_results[Metric.JOBS],
            "cumulative": root.cumulative(),
            "cumTarget": cum_target,
        },
        "strategies": {
            "labels": [s.name for s in strategies],
            "targets": [s.targets[Metric.JOBS] for s in strategies],
            "results": [s.results[Metric.JOBS] for s in strategies],
        },
        "districts": {
            "labels": [r["name"] for r in report.by_district],
            "values": [r["n"] for r in report.by_district],
        },
        "sectors": {
            "labels": [r["name"] for r in report.by_sector],
            "values": [r["n"] for r in report.by_sector],
        },
        "series": [
            {
                "name": name,
                "labels": [_("%(y)s년") % {"y": r["year"]} for r in rows],
                "cumTarget": [r["cum_target"] for r in rows],
                "cumResult": [r["cum_result"] for r in rows],
            }
            for name, rows in series_rows
        ],
    }


@login_required
def dashboard(request):
    require_view(request.user)
    plans = list(Plan.objects.select_related("organisation").order_by("-year", "organisation__name"))
    plan = None
    if request.GET.get("plan"):
        try:
            plan = next(p for p in plans if p.pk == int(request.GET["plan"]))
        except (ValueError, StopIteration) as exc:
            raise Http404 from exc
    plan = plan or default_plan(plans)
    context = {
        "plans": plans,
        "plan": plan,
        "can_manage": can_manage_programs(request.user),
        "background_reports": [
            (("results", "pdf"), _("추진 실적 PDF")),
            (("results", "xlsx"), _("추진 실적 엑셀")),
            (("plan", "pdf"), _("연간 계획서 PDF")),
        ],
    }
    if plan is not None:
        version = data_version()  # read once per page for the report and the series
        report = plan_report(plan, version=version)
        series = ProgramSeries.objects.filter(programs__strategy__plan=plan).distinct()
        series_rows = [(s, series_progress(s, version=version)) for s in series]
        context.update(
            report=report,
            metric_rows=reports.metric_rows(report.root),
            series_rows=series_rows,
            chart_data=_chart_payload(report, [(str(s), rows) for s, rows in series_rows]),
        )
    return render(request, "programs/dashboard.html", context)


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
                _apply_errors(form, exc)
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
                _apply_errors(form, exc)
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
            _apply_errors(form, exc)
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
    from .jobkinds import KIND_REPORT, target_of

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
        purpose=_("일자리 사업 실적 근거 확인"),
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
            _apply_errors(form, exc)
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
    return FileResponse(handle, as_attachment=True, filename=result.evidence.name.rsplit("/", 1)[-1])


# --- surveys --------------------------------------------------------------------------------


@login_required
def survey_list(request):
    require_view(request.user)
    surveys = Survey.objects.select_related("organisation", "plan")
    return render(request, "programs/survey_list.html", {"surveys": surveys})


@login_required
def survey_results(request, pk):
    require_view(request.user)
    survey = get_object_or_404(Survey.objects.select_related("organisation", "plan"), pk=pk)
    summary = survey_summary(survey)
    link = request.build_absolute_uri(f"/programs/s/{survey.token}/")
    return render(
        request,
        "programs/survey_results.html",
        {"survey": survey, "summary": summary, "link": link, "can_manage": can_manage_programs(request.user)},
    )


@login_required
@require_POST
def close_survey(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    do_close_survey(actor=request.user, survey=survey)
    messages.success(request, _("조사를 마감했습니다."))
    return redirect("programs:survey", survey.pk)


VISITOR_COOKIE = "iljari_visitor"
VISITOR_SALT = "iljari.programs.survey-visitor"


def _survey_visitor(request) -> tuple[str, str | None]:
    """(one-way key of this visitor, new cookie value to set or None). A signed-in account is
    itself the visitor; otherwise a random value kept in a signed cookie for a year."""
    if request.user.is_authenticated:
        return hashlib.sha256(f"user:{request.user.pk}".encode()).hexdigest(), None
    value = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_SALT)
    new = None
    if not value:
        value = new = secrets.token_urlsafe(24)
    return hashlib.sha256(f"visitor:{value}".encode()).hexdigest(), new


def survey_answer(request, token):
    """The public questionnaire, reached by its link (no login): one answer per visitor and
    survey (a signed visitor cookie, or the account), and a per-address rate limit."""
    survey = get_object_or_404(Survey, token=token)
    questions = list(survey.questions.all())
    visitor_key, new_cookie = _survey_visitor(request)
    errors: dict = {}
    values: dict = {}
    status = 200
    answered = SurveyResponse.objects.filter(survey=survey, visitor_key=visitor_key).exists()
    if answered:
        errors = {"__all__": [_("이미 이 조사에 응답하셨습니다. 응답은 한 번만 할 수 있습니다.")]}
        status = 409 if request.method == "POST" else 200
    elif request.method == "POST":
        values = {q.code: request.POST.get(q.code, "") for q in questions}
        if not ratelimit.hit(request, "survey"):
            errors, status = {"__all__": [ratelimit.message()]}, 429
        else:
            try:
                do_submit_survey(
                    survey=survey,
                    answers=values,
                    root_sector=request.POST.get("root_sector", "")[:20],
                    visitor_key=visitor_key,
                )
            except ValidationError as exc:
                errors = {
                    k: [m for e in v for m in e.messages] for k, v in getattr(exc, "error_dict", {}).items()
                }
                if not errors:
                    errors = {"__all__": exc.messages}
                status = 400
            else:
                response = render(request, "programs/survey_thanks.html", {"survey": survey})
                return _with_visitor_cookie(response, new_cookie)
    response = render(
        request,
        "programs/survey_answer.html",
        {
            "survey": survey,
            "questions": [(q, values.get(q.code, ""), errors.get(q.code)) for q in questions],
            "errors": errors.get("__all__"),
            "closed": survey.status != SurveyStatus.OPEN,
            "answered": answered,
        },
        status=status,
    )
    return _with_visitor_cookie(response, new_cookie)


def _with_visitor_cookie(response, value: str | None):
    if value:
        response.set_signed_cookie(
            VISITOR_COOKIE,
            value,
            salt=VISITOR_SALT,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
