"""What the demo seeders share: the scales, the context object, and readers of the job dictionary."""

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from typing import Any

from iljari.accounts.models import User
from iljari.employers.models import Employer, RootSector
from iljari.seekers.models import Seeker
from iljari.taxonomy.models import (
    JobDescription,
    JobTitle,
    Qualification,
)
from iljari.vacancies.models import Vacancy

SCALES = {
    "small": {"employers": 40, "vacancies": 150, "seekers": 300},
    "medium": {"employers": 300, "vacancies": 1500, "seekers": 5000},
    "large": {"employers": 1500, "vacancies": 10000, "seekers": 30000},
}

DEMO_PASSWORD = "iljari-demo-2026"  # noqa: S105 — documented in README.md; demo accounts only

# root sector → KECO-2018 세분류 codes of the jobs such a company hires for
SECTOR_OCCUPATIONS: dict[str, list[str]] = {
    RootSector.CASTING: ["8233", "8234", "8211"],
    RootSector.MOLD: ["8131", "8132"],
    RootSector.WELDING: ["8241", "8242", "8223"],
    RootSector.PLASTIC_WORKING: ["8231", "8232", "8222", "8221", "8132"],
    RootSector.SURFACE_TREATMENT: ["8252", "8251"],
    RootSector.HEAT_TREATMENT: ["8212", "8211"],
    RootSector.OTHER: ["8132", "8162", "8150"],
}


@dataclass
class DemoContext:
    """What seeders share: the random source, the scale, the day, and what was built."""

    rng: random.Random
    scale: str
    today: dt.date
    stdout: Any = None
    users: dict[str, User] = field(default_factory=dict)
    employers: list[Employer] = field(default_factory=list)
    vacancies: list[Vacancy] = field(default_factory=list)
    seekers: list[Seeker] = field(default_factory=list)
    # hidden: each seeker's real trade and years (what no ranker reads; demo/outcomes.py draws on it)
    seeker_codes: list[str] = field(default_factory=list)
    seeker_years: list[float] = field(default_factory=list)
    # (seeker, candidate vacancies, the vacancy drawn, hired?) → the vacancy (demo/outcomes.py)
    choose_vacancy: Any = None

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


def _jitter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    return lat + rng.uniform(-km, km) / 111.0, lon + rng.uniform(-km, km) / 88.0


def _short_duties(text: str, rng: random.Random) -> str:
    sentences = [s.strip() for s in re.split(r"(?<=[.다])\s+", text or "") if len(s.strip()) > 8]
    if not sentences:
        return text or ""
    start = rng.randrange(len(sentences))
    excerpt = " ".join(sentences[start : start + 3])
    return excerpt if len(excerpt) >= 40 else " ".join(sentences)[:400]


def _alias_titles(descriptions: list[JobDescription]) -> dict[str, list[str]]:
    """KECO code → the job dictionary's own job names for that occupation, as written there.

    Only canonical names (``kind="title"``): the index's alternate names carry the source's typos
    (e.g. "체체판금작업원" for 차체판금작업원) and would show up on demo vacancies and résumés."""
    codes = {d.keco_code for d in descriptions}
    aliases: dict[str, list[str]] = {code: [] for code in codes}
    for title, code in JobTitle.objects.filter(keco_code__in=codes, kind="title").values_list(
        "title", "keco_code"
    ):
        aliases[code].append(title)
    for d in descriptions:
        if d.name not in aliases[d.keco_code]:
            aliases[d.keco_code].append(d.name)
    return aliases


def _sector_descriptions() -> dict[str, list[JobDescription]]:
    by_code: dict[str, list[JobDescription]] = {}
    codes = {c for codes in SECTOR_OCCUPATIONS.values() for c in codes}
    for d in JobDescription.objects.filter(keco_code__in=codes).only(
        "name", "duties", "summary", "keco_code", "qualifications"
    ):
        by_code.setdefault(d.keco_code, []).append(d)
    return by_code


def _qualification_lookup() -> dict[str, Qualification]:
    return {q.name: q for q in Qualification.objects.all()}


def _quals_of(description: JobDescription, quals: dict[str, Qualification]) -> list[Qualification]:
    names = re.split(r"[,.·]\s*", description.qualifications or "")
    return [quals[n.strip()] for n in names if n.strip() in quals]
