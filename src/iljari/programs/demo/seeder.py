"""The demo's seed data (``programs/data/demo_*.toml``) and the helper that writes plans from it."""

import random
import tomllib
from pathlib import Path
from typing import Any

from django.utils import timezone

from ..models import ManualResult, ManualResultStatus, Metric, Organisation, Plan, PlanStatus, Target

DATA = Path(__file__).resolve().parent.parent / "data"
EOK = 100_000_000  # 억
# seasonal shape of monthly results (public jobs start in spring, dip in August and at year end)
SEASON = [0.6, 0.8, 1.1, 1.1, 1.1, 1.0, 1.0, 0.8, 1.0, 1.1, 1.1, 1.3]
TRAINED_NOTE = "교육 수료 인원(수행기관 보고, 시스템 밖 교육)"


def read(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def load_plans(path: Path = DATA / "demo_plans.toml") -> dict[str, Any]:
    """The seed figures (data/demo_plans.toml), checked against the articles' totals."""
    data = read(path)
    bupyeong, gyeonggi = data["bupyeong_2019"], data["gyeonggi_2021"]
    checks = [
        (
            "부평구 2019",
            sum(p[1] for s in bupyeong["strategies"] for g in s["programs"] for p in g["projects"]),
            bupyeong["jobs"],
        ),
        ("경기 2021 일자리", sum(p[2] for f in gyeonggi["fields"] for p in f["projects"]), gyeonggi["jobs"]),
        ("경기 2021 교육", sum(p[3] for f in gyeonggi["fields"] for p in f["projects"]), gyeonggi["trained"]),
        ("경기 누적 일자리", sum(v[0] for v in gyeonggi["history"].values()), gyeonggi["history_jobs_total"]),
        (
            "경기 누적 교육",
            sum(v[1] for v in gyeonggi["history"].values()),
            gyeonggi["history_trained_total"],
        ),
        (
            "인천 패키지 일자리",
            sum(v[0] for v in data["incheon_package"]["years"].values()),
            data["incheon_package"]["jobs"],
        ),
        (
            "인천 패키지 예산",
            sum(v[2] for v in data["incheon_package"]["years"].values()),
            data["incheon_package"]["budget_eok"],
        ),
        (
            "일자리센터 4년",
            sum(v[1] for v in data["center_history"]["years"].values()),
            data["center_history"]["jobs_result_total"],
        ),
    ]
    for name, got, want in checks:
        if got != want:
            raise ValueError(f"{path.name}: {name} adds up to {got}, the article says {want}")
    return data


PLANS = load_plans()
CENTER = read(DATA / "demo_center.toml")
SURVEYS = read(DATA / "demo_surveys.toml")


def split(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """Split a total into integer parts proportional to noisy weights; parts sum exactly."""
    noisy = [w * rng.uniform(0.85, 1.15) for w in weights]
    scale = total / sum(noisy)
    parts = [int(w * scale) for w in noisy]
    for i in sorted(range(len(parts)), key=lambda i: noisy[i] * scale - parts[i], reverse=True)[
        : total - sum(parts)
    ]:
        parts[i] += 1
    return parts


class Seeder:
    """Writes organisations and plans, and gathers targets and monthly results for bulk inserts."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.rng: random.Random = ctx.rng
        self.manager = ctx.users.get("manager")
        self.approver = ctx.users.get("admin")
        self.targets: list[Target] = []
        self.manual: list[ManualResult] = []
        self.decided_at = timezone.now()

    def org(self, name, kind, parent=None) -> Organisation:
        return Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "parent": parent})[0]

    def plan(self, organisation, year, title, vision="") -> Plan:
        return Plan.objects.create(
            organisation=organisation, year=year, title=title, vision=vision, status=PlanStatus.PUBLISHED
        )

    def target(self, project, year, value, metric=Metric.JOBS, month=0) -> None:
        self.targets.append(Target(project=project, year=year, month=month, metric=metric, value=value))

    def monthly_results(self, project, year, total, metric=Metric.JOBS, last_month=12, note="") -> None:
        parts = split(total, SEASON[:last_month], self.rng)
        for month, value in enumerate(parts, start=1):
            self.manual.append(
                ManualResult(
                    project=project,
                    year=year,
                    month=month,
                    metric=metric,
                    value=value,
                    note=note,
                    status=ManualResultStatus.APPROVED,
                    entered_by=self.manager,
                    decided_by=self.approver,
                    decided_at=self.decided_at,
                )
            )

    def flush(self) -> None:
        Target.objects.bulk_create(self.targets, batch_size=1000)
        ManualResult.objects.bulk_create(self.manual, batch_size=1000)
        self.targets, self.manual = [], []
