"""This year's plan of the 뿌리산업 일자리센터 (data/demo_center.toml): the world's hires counted
through attribution rules, targets set around them, entries by hand, training courses, and the
two years before it."""

import datetime as dt

from django.utils import timezone

from iljari.employers.models import EmployerStatus
from iljari.referrals.models import Placement, PlacementSource, PlacementStatus

from .. import actions
from ..models import (
    AttributionRule,
    ManualResult,
    Metric,
    Plan,
    PlanStatus,
    Program,
    ProgramType,
    Project,
    Strategy,
    Target,
    Training,
    TrainingCompletion,
)
from ..results.plan import plan_report
from ..results.tree import elapsed_fraction
from .articles import seed_center_year
from .seeder import CENTER, Seeder


def _make_placements(s: Seeder, year: int, today: dt.date) -> list[Placement]:
    """This year's hires in the demo world (a share of them through the job fair)."""
    ctx, rng = s.ctx, s.rng
    employers = [e for e in ctx.employers if e.status == EmployerStatus.APPROVED]
    seekers = list(ctx.seekers)
    if not employers or not seekers:
        return []
    spec = CENTER["placements"]
    count = spec["count"].get(ctx.scale, spec["count"]["small"])
    sources = [PlacementSource(source) for source, _weight in spec["sources"]]
    weights = [weight for _source, weight in spec["sources"]]
    last = min(today, dt.date(year, 12, 31))
    days = (last - dt.date(year, 1, 1)).days + 1
    seen = set(Placement.objects.values_list("seeker_id", "employer_id", "hire_date"))
    rows: list[Placement] = []
    for _i in range(count * 2):
        if len(rows) >= count:
            break
        seeker = seekers[rng.randrange(len(seekers))]
        employer = employers[rng.randrange(len(employers))]
        hired = dt.date(year, 1, 1) + dt.timedelta(days=int(days * rng.random() ** 0.9))
        key = (seeker.pk, employer.pk, hired)
        if key in seen:
            continue
        seen.add(key)
        source = rng.choices(sources, weights)[0]
        cancelled = rng.random() < 0.05
        rows.append(
            Placement(
                seeker=seeker,
                employer=employer,
                hire_date=hired,
                monthly_wage=rng.randrange(2_600_000, 3_600_000, 10_000),
                source=source,
                source_ref=f"FAIR-{year}-{rng.choice(['05', '10'])}"
                if source == PlacementSource.FAIR
                else "",
                status=PlacementStatus.CANCELLED if cancelled else PlacementStatus.ACTIVE,
                cancelled_at=(
                    timezone.make_aware(
                        dt.datetime.combine(
                            min(hired + dt.timedelta(days=rng.randint(5, 80)), today), dt.time(10)
                        )
                    )
                    if cancelled
                    else None
                ),
                recorded_by=ctx.users.get("counselor"),
            )
        )
    return Placement.objects.bulk_create(rows, batch_size=1000)


def _create_programs(plan: Plan) -> dict[str, Project]:
    """The plan's strategies, programs and projects, and their attribution rules; projects by key."""
    strategies = {
        name: Strategy.objects.create(plan=plan, name=name, order=i)
        for i, name in enumerate(CENTER["strategies"], start=1)
    }
    projects: dict[str, Project] = {}
    for spec in CENTER["programs"]:
        fields = dict(spec["fields"], program_type=ProgramType(spec["fields"]["program_type"]))
        program = Program.objects.create(strategy=strategies[spec["strategy"]], **fields)
        for project in spec["projects"]:
            projects[project["key"]] = Project.objects.create(program=program, **project["fields"])
    for rule in CENTER["rules"]:
        fields = dict(rule["fields"], source=PlacementSource(rule["fields"]["source"]))
        AttributionRule.objects.create(project=projects[rule["project"]], **fields)
    return projects


def _paced_targets(s: Seeder, plan: Plan, projects: dict[str, Project]) -> None:
    """Targets of the projects counted from placements, set around what they reached so far."""
    today, year = s.ctx.today, plan.year
    report = plan_report(plan, today, use_cache=False)
    results = {n.pk: n.results[Metric.JOBS] for n in report.nodes("project")}
    elapsed = max(elapsed_fraction(year, today), 0.05)
    paced = [
        (spec, projects[spec["key"]]) for p in CENTER["programs"] for spec in p["projects"] if "pace" in spec
    ]
    for spec, project in paced:
        s.target(project, year, max(5, round(results.get(project.pk, 0) / elapsed * spec["pace"])))
    for spec, project in paced:
        for month, share in spec.get("monthly", []):
            total = max(5, round(results.get(project.pk, 0) / elapsed * spec["pace"]))
            s.target(project, year, round(total * share), month=month)


def _entered_results(s: Seeder, year: int, projects: dict[str, Project]) -> None:
    """Results entered by hand: 고용장려금 decisions and budget, laundry users; one entry pending."""
    today, scale = s.ctx.today, s.ctx.scale
    subsidy, laundry = CENTER["subsidy"], CENTER["laundry"]
    last_month = today.month - 1 if today.day < 20 else today.month
    hires = subsidy["hires"].get(scale, subsidy["hires"]["small"])
    s.target(projects["subsidy"], year, hires)
    s.target(projects["subsidy"], year, subsidy["budget"], Metric.BUDGET)
    if last_month:
        s.monthly_results(
            projects["subsidy"],
            year,
            round(hires * last_month / 12 * 1.02),
            last_month=last_month,
            note=subsidy["note"],
        )
        s.monthly_results(
            projects["subsidy"],
            year,
            round(subsidy["budget"] * last_month / 12 * 0.97),
            Metric.BUDGET,
            last_month=last_month,
        )
        s.target(projects["laundry"], year, laundry["participants"], Metric.PARTICIPANTS)
        s.monthly_results(
            projects["laundry"],
            year,
            round(laundry["participants"] * last_month / 12 * 0.93),
            Metric.PARTICIPANTS,
            last_month=last_month,
            note=laundry["note"],
        )
        s.target(projects["survey"], year, CENTER["survey"]["participants"], Metric.PARTICIPANTS)
    s.flush()
    # this month's subsidy entry waits for approval (the manager's queue)
    if s.manager is not None and today.day >= 5 and last_month < 12:
        ManualResult.objects.create(
            project=projects["subsidy"],
            year=year,
            month=last_month + 1,
            metric=Metric.JOBS,
            value=round(hires / 12),
            note=subsidy["pending_note"],
            entered_by=s.manager,
        )


def _training(s: Seeder, year: int, project: Project) -> None:
    """The training courses of the year and who completed the ones that ended."""
    spec = CENTER["training"]
    seekers = list(s.ctx.seekers)
    completions = []
    taken = set()
    for name, start_month, end_month in spec["courses"]:
        ends = dt.date(year, end_month, 28)
        course = Training.objects.create(
            project=project,
            name=name,
            starts_on=dt.date(year, start_month, 1),
            ends_on=ends,
            capacity=spec["capacity"],
        )
        if ends > s.ctx.today or not seekers:
            continue
        for _i in range(s.rng.randint(14, 20)):
            seeker = seekers[s.rng.randrange(len(seekers))]
            if (course.pk, seeker.pk) in taken:
                continue
            taken.add((course.pk, seeker.pk))
            completions.append(TrainingCompletion(training=course, seeker=seeker, completed_on=ends))
    TrainingCompletion.objects.bulk_create(completions)
    s.target(project, year, spec["trained"], Metric.TRAINED)


def seed_center_current(s: Seeder, center) -> Plan:
    today = s.ctx.today
    year = today.year
    _make_placements(s, year, today)
    plan = s.plan(center, year, CENTER["title"].format(year=year), CENTER["vision"])
    plan.status = PlanStatus.PUBLISHED
    plan.save(update_fields=["status"])
    projects = _create_programs(plan)
    if s.manager is not None:
        actions.do_apply_rules(actor=s.manager, plan=plan)
    _paced_targets(s, plan, projects)
    _entered_results(s, year, projects)
    _training(s, year, projects["training"])
    s.flush()
    seed_center_recent(s, center, year)
    return plan


def seed_center_recent(s: Seeder, center, year: int) -> None:
    """The two years before this one, scaled so this year's target grows as plans usually do."""
    total = Target.objects.filter(
        project__program__strategy__plan__organisation=center, year=year, month=0, metric=Metric.JOBS
    ).values_list("value", flat=True)
    target = round(sum(total) / 1.065)
    for past in (year - 1, year - 2):
        if past <= 2023 or Plan.objects.filter(organisation=center, year=past).exists():
            break
        project = seed_center_year(s, center, past)
        s.target(project, past, target)
        s.monthly_results(project, past, round(target * s.rng.uniform(1.01, 1.06)))
        target = round(target / 1.05)
    s.flush()
