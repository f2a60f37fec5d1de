"""Business logic of job-creation programs: plans, targets, attribution, results, surveys."""

import csv
import datetime as dt
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.accounts.permissions import has_capability
from iljari.core.bounds import AMOUNT_MAX
from iljari.core.workflow import REJECTION_REASON, Move, Workflow
from iljari.referrals.models import Placement

from . import versions
from .models import (
    Attribution,
    AttributionMethod,
    AttributionRule,
    ManualResult,
    ManualResultStatus,
    Metric,
    Plan,
    Program,
    Project,
    QuestionKind,
    Strategy,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyStatus,
    Target,
    TrainingCompletion,
)


def _record_decision(move: Move) -> None:
    move.obj.decided_by = move.actor
    move.obj.decided_at = timezone.now()


MANUAL_RESULT_FLOW = Workflow(
    {
        ManualResultStatus.SUBMITTED: {ManualResultStatus.APPROVED, ManualResultStatus.REJECTED},
        ManualResultStatus.APPROVED: set(),
        ManualResultStatus.REJECTED: set(),
    },
    required={ManualResultStatus.REJECTED: REJECTION_REASON},
    on_enter=dict.fromkeys((ManualResultStatus.APPROVED, ManualResultStatus.REJECTED), [_record_decision]),
)

# metrics that placements and training completions already give: manual entries would double-count
SYSTEM_METRICS = {Metric.HIRES, Metric.TRAINED}


def require_manager(user) -> None:
    if not has_capability(user, "manage_programs"):
        raise PermissionDenied(_("일자리 사업을 관리할 권한이 없습니다."))


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- plan structure -------------------------------------------------------------------------


@transaction.atomic
def do_create_plan(*, actor, organisation, year: int, title: str, vision: str = "") -> Plan:
    require_manager(actor)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": [_("연도는 2000년부터 2100년 사이로 입력해 주세요.")]})
    if Plan.objects.filter(organisation=organisation, year=year).exists():
        raise ValidationError({"year": [_("이 기관의 %(year)s년 계획이 이미 있습니다.") % {"year": year}]})
    if not (title or "").strip():
        raise ValidationError({"title": [_("계획명을 입력해 주세요.")]})
    return Plan.objects.create(
        organisation=organisation, year=year, title=title.strip(), vision=vision.strip()
    )


@transaction.atomic
def do_add_strategy(*, actor, plan: Plan, name: str) -> Strategy:
    require_manager(actor)
    if not (name or "").strip():
        raise ValidationError({"name": [_("핵심전략을 입력해 주세요.")]})
    order = plan.strategies.count() + 1
    return Strategy.objects.create(plan=plan, name=name.strip(), order=order)


@transaction.atomic
def do_add_program(*, actor, strategy: Strategy, name: str, program_type: str, **fields) -> Program:
    require_manager(actor)
    if not (name or "").strip():
        raise ValidationError({"name": [_("사업명을 입력해 주세요.")]})
    program = Program(strategy=strategy, name=name.strip(), program_type=program_type, **fields)
    program.order = strategy.programs.count() + 1
    program.full_clean()
    program.save()
    return program


@transaction.atomic
def do_add_project(
    *, actor, program: Program, name: str, job_definition: str = "", description: str = ""
) -> Project:
    require_manager(actor)
    if not (name or "").strip():
        raise ValidationError({"name": [_("세부사업명을 입력해 주세요.")]})
    return Project.objects.create(
        program=program,
        name=name.strip(),
        job_definition=job_definition.strip(),
        description=description.strip(),
        order=program.projects.count() + 1,
    )


@transaction.atomic
def do_add_project_with_target(
    *, actor, program: Program, name: str, job_definition: str = "", jobs_target: int | None = None
) -> Project:
    """A project and, when given, its yearly jobs target in one step (the plan page's form)."""
    project = do_add_project(actor=actor, program=program, name=name, job_definition=job_definition)
    if jobs_target is not None:
        do_set_target(
            actor=actor,
            project=project,
            year=program.strategy.plan.year,
            metric=Metric.JOBS,
            value=jobs_target,
        )
    return project


@transaction.atomic
def do_set_target(*, actor, project: Project, year: int, metric: str, value: int, month: int = 0) -> Target:
    """Set (or replace) a yearly target (month 0) or a monthly target (1–12)."""
    require_manager(actor)
    errors = {}
    if metric not in Metric.values:
        errors["metric"] = [_("알 수 없는 지표입니다.")]
    if not 0 <= int(month) <= 12:
        errors["month"] = [_("월은 1~12 (연간 목표는 0)로 입력해 주세요.")]
    if value is None or int(value) < 0:
        errors["value"] = [_("목표값은 0 이상이어야 합니다.")]
    elif int(value) > AMOUNT_MAX:
        errors["value"] = [_("%(n)s 이하의 숫자로 입력해 주세요.") % {"n": f"{AMOUNT_MAX:,}"}]
    plan_year = project.program.strategy.plan.year
    series = project.program.series
    allowed_years = (
        range(series.start_year, series.end_year + 1) if series else range(plan_year, plan_year + 1)
    )
    if int(year) not in allowed_years:
        errors["year"] = [_("이 사업의 기간에 속하지 않는 연도입니다.")]
    if errors:
        raise ValidationError(errors)
    target, _created = Target.objects.update_or_create(
        project=project, year=year, month=month, metric=metric, defaults={"value": int(value)}
    )
    return target


# --- attribution ----------------------------------------------------------------------------


@transaction.atomic
def do_add_rule(*, actor, project: Project, **criteria) -> AttributionRule:
    require_manager(actor)
    rule = AttributionRule(project=project, **criteria)
    if not any([rule.root_sector, rule.region_prefix, rule.source, rule.source_ref, rule.employer_id]):
        raise ValidationError({"__all__": [_("연계 조건을 하나 이상 정해 주세요.")]})
    rule.full_clean()
    rule.save()
    return rule


def _rule_placements(rule: AttributionRule, year: int):
    start, end = year_bounds(year)
    return Placement.objects.filter(rule.placement_filter(), hire_date__range=(start, end))


@transaction.atomic
def do_apply_rules(*, actor, plan: Plan) -> int:
    """(Re)build the rule-based attributions of every project of a plan for the plan's year.

    Manual attributions stay; a placement matched by two rules of one project is stored once
    (the unique (project, placement) constraint). Returns the number of attribution rows now
    held by rules.
    """
    require_manager(actor)
    projects = Project.objects.filter(program__strategy__plan=plan)
    Attribution.objects.filter(project__in=projects, method=AttributionMethod.RULE).delete()
    manual = set(Attribution.objects.filter(project__in=projects).values_list("project_id", "placement_id"))
    rows: dict[tuple[int, int], Attribution] = {}
    for rule in AttributionRule.objects.filter(project__in=projects).order_by("id"):
        for placement_id in _rule_placements(rule, plan.year).values_list("id", flat=True).iterator():
            key = (rule.project_id, placement_id)
            if key in manual or key in rows:
                continue
            rows[key] = Attribution(
                project_id=rule.project_id,
                placement_id=placement_id,
                method=AttributionMethod.RULE,
                rule=rule,
                created_by=actor,
            )
    Attribution.objects.bulk_create(rows.values(), batch_size=2000)
    versions.bump()  # attributions carry no save signal (see versions.py)
    return len(rows)


@transaction.atomic
def do_attribute_placement(*, actor, project: Project, placement: Placement) -> Attribution:
    """Manually count one placement for a project (at most once)."""
    require_manager(actor)
    if Attribution.objects.filter(project=project, placement=placement).exists():
        raise ValidationError({"placement": [_("이 취업은 이미 이 세부사업의 실적으로 연계되어 있습니다.")]})
    try:
        with transaction.atomic():
            attribution = Attribution.objects.create(
                project=project, placement=placement, method=AttributionMethod.MANUAL, created_by=actor
            )
            versions.bump()
            return attribution
    except IntegrityError as exc:  # a concurrent request won the race
        raise ValidationError(
            {"placement": [_("이 취업은 이미 이 세부사업의 실적으로 연계되어 있습니다.")]}
        ) from exc


@transaction.atomic
def do_remove_attribution(*, actor, attribution: Attribution) -> None:
    require_manager(actor)
    attribution.delete()
    versions.bump()


# --- manual results -------------------------------------------------------------------------


@transaction.atomic
def do_record_manual_result(
    *, actor, project: Project, year: int, month: int, metric: str, value: int, note: str = "", evidence=None
) -> ManualResult:
    require_manager(actor)
    errors = {}
    if metric not in Metric.values:
        errors["metric"] = [_("알 수 없는 지표입니다.")]
    elif metric in SYSTEM_METRICS:
        errors["metric"] = [
            _(
                "취업자와 교육 수료는 시스템 기록(취업·수료)에서 자동 집계됩니다. 직접 입력하면 중복 집계됩니다."
            )
        ]
    if not 1 <= int(month) <= 12:
        errors["month"] = [_("월은 1부터 12 사이로 입력해 주세요.")]
    if value is None or int(value) < 0:
        errors["value"] = [_("실적값은 0 이상이어야 합니다.")]
    elif int(value) > AMOUNT_MAX:
        errors["value"] = [_("%(n)s 이하의 숫자로 입력해 주세요.") % {"n": f"{AMOUNT_MAX:,}"}]
    if dt.date(int(year), int(month) if 1 <= int(month) <= 12 else 1, 1) > timezone.localdate():
        errors.setdefault("month", []).append(_("아직 오지 않은 달의 실적은 입력할 수 없습니다."))
    if (
        not errors
        and ManualResult.objects.filter(project=project, year=year, month=month, metric=metric)
        .exclude(status=ManualResultStatus.REJECTED)
        .exists()
    ):
        errors["month"] = [_("이 달의 같은 지표 실적이 이미 있습니다. 반려된 뒤 다시 입력해 주세요.")]
    if errors:
        raise ValidationError(errors)
    result = ManualResult.objects.create(
        project=project,
        year=year,
        month=month,
        metric=metric,
        value=int(value),
        note=(note or "").strip(),
        evidence=evidence or "",
        entered_by=actor,
    )
    MANUAL_RESULT_FLOW.record_start(result, actor=actor, reason=_("실적 입력"))
    return result


@transaction.atomic
def do_decide_manual_result(*, actor, result: ManualResult, approve: bool, reason: str = "") -> ManualResult:
    """Approve or reject a manual entry; the person who entered it cannot approve it."""
    require_manager(actor)
    if approve and result.entered_by_id == actor.pk:
        raise ValidationError({"__all__": [_("본인이 입력한 실적은 다른 담당자가 승인해야 합니다.")]})
    if approve and not result.evidence and result.metric != Metric.BUDGET:
        raise ValidationError({"evidence": [_("증빙 자료가 없는 실적은 승인할 수 없습니다.")]})
    MANUAL_RESULT_FLOW.move(
        result,
        ManualResultStatus.APPROVED if approve else ManualResultStatus.REJECTED,
        actor=actor,
        reason=reason,
    )
    return result


IMPORT_COLUMNS = ["project_id", "year", "month", "metric", "value", "note"]


@transaction.atomic
def do_import_manual_results(*, actor, plan: Plan, text: str) -> list[ManualResult]:
    """Import monthly entries from CSV (header: project_id,year,month,metric,value,note).

    All rows or none: the first bad row stops the import with its line number.
    """
    require_manager(actor)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in IMPORT_COLUMNS[:5] if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            {"file": [_("CSV 머리글에 %(cols)s 열이 없습니다.") % {"cols": ", ".join(missing)}]}
        )
    projects = {p.pk: p for p in Project.objects.filter(program__strategy__plan=plan)}
    created = []
    for line, row in enumerate(reader, start=2):
        try:
            project = projects[int(row["project_id"])]
            created.append(
                do_record_manual_result(
                    actor=actor,
                    project=project,
                    year=int(row["year"]),
                    month=int(row["month"]),
                    metric=row["metric"].strip(),
                    value=int(row["value"]),
                    note=row.get("note") or "",
                )
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise ValidationError(
                {"file": [_("%(line)d행: 값이 올바르지 않습니다.") % {"line": line}]}
            ) from exc
        except ValidationError as exc:
            messages = " ".join(exc.messages)
            raise ValidationError(
                {"file": [_("%(line)d행: %(msg)s") % {"line": line, "msg": messages}]}
            ) from exc
    if not created:
        raise ValidationError({"file": [_("가져올 행이 없습니다.")]})
    return created


# --- training -------------------------------------------------------------------------------


@transaction.atomic
def do_record_completion(*, actor, training, seeker, completed_on: dt.date, status: str = "completed"):
    require_manager(actor)
    if completed_on < training.starts_on:
        raise ValidationError({"completed_on": [_("수료일은 과정 시작일 이후여야 합니다.")]})
    completion, _created = TrainingCompletion.objects.update_or_create(
        training=training, seeker=seeker, defaults={"completed_on": completed_on, "status": status}
    )
    return completion


# --- surveys --------------------------------------------------------------------------------


@transaction.atomic
def do_submit_survey(
    *, survey: Survey, answers: dict[str, str], employer=None, root_sector: str = "", visitor_key: str = ""
) -> SurveyResponse:
    """Store one response to an open survey; answers are keyed by question code.

    ``visitor_key`` (a one-way key of the visitor) allows one response per visitor and survey:
    a second one is refused, a concurrent one stopped by the unique constraint."""
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError({"__all__": [_("마감된 조사입니다.")]})
    already = ValidationError(
        {"__all__": [_("이미 이 조사에 응답하셨습니다. 응답은 한 번만 할 수 있습니다.")]}
    )
    if visitor_key and SurveyResponse.objects.filter(survey=survey, visitor_key=visitor_key).exists():
        raise already
    errors: dict[str, list[str]] = {}
    rows = []
    for question in survey.questions.all():
        raw = (answers.get(question.code) or "").strip()
        if not raw:
            if question.required:
                errors[question.code] = [_("응답해 주세요.")]
            continue
        answer = SurveyAnswer(question=question)
        if question.kind == QuestionKind.NUMBER:
            try:
                answer.number = int(raw.replace(",", ""))
            except ValueError:
                errors[question.code] = [_("숫자로 입력해 주세요.")]
                continue
            if answer.number < 0:
                errors[question.code] = [_("0 이상의 숫자로 입력해 주세요.")]
                continue
            if answer.number > AMOUNT_MAX:
                errors[question.code] = [_("%(n)s 이하의 숫자로 입력해 주세요.") % {"n": f"{AMOUNT_MAX:,}"}]
                continue
        elif question.kind == QuestionKind.CHOICE:
            if raw not in question.choices:
                errors[question.code] = [_("보기 중에서 골라 주세요.")]
                continue
            answer.text = raw
        else:
            answer.text = raw[:500]
        rows.append(answer)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, employer=employer, root_sector=root_sector, visitor_key=visitor_key
            )
    except IntegrityError:
        raise already from None
    for answer in rows:
        answer.response = response
    SurveyAnswer.objects.bulk_create(rows)
    return response


@transaction.atomic
def do_close_survey(*, actor, survey: Survey) -> Survey:
    require_manager(actor)
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    return survey
