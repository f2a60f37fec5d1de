"""Business logic of job-creation programs: plans and their structure, targets, attribution of
placements, training completions. Manual result entries are in :mod:`.manual_results`, survey
responses in :mod:`.surveys`."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from iljari.accounts.permissions import has_capability
from iljari.core.bounds import AMOUNT_MAX
from iljari.referrals.models import Placement

from . import versions
from .models import (
    Attribution,
    AttributionMethod,
    AttributionRule,
    Metric,
    Plan,
    Program,
    Project,
    Strategy,
    Target,
    TrainingCompletion,
)
from .results.tree import year_bounds


def require_manager(user) -> None:
    if not has_capability(user, "manage_programs"):
        raise PermissionDenied(_("일자리 사업을 관리할 권한이 없습니다."))


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
