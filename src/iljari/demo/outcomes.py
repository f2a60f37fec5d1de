"""The demo's outcomes come from hidden variables, not from chance or from the engine.

Every demo seeker has a real trade and years (``ctx.seeker_codes``/``seeker_years``, recorded by
the seeker seeder) and so latent skills (a 3-digit group's vector, the 4-digit code's deviation,
the person's own noise); every vacancy requires its code's skills (plus noise) and hires above a
hidden bar; people have a reservation wage near the one they stated, a travel tolerance around the
limit they stated, real travel times (the crow-flies estimate with a detour and noise per pair) and
a taste of their own. ``iljari.demo.hidden`` turns these into "would take it" and "would hire".

From that:

* **applications** — about half of the seekers apply, each to their 1 + Poisson(1.5) favourites
  among the open vacancies they come across (40 %) and would take, dated inside the vacancy's
  posting window; the employer's answer (accepted or rejected once two weeks have passed) is its
  hidden one;
* **referrals and hires** (``referrals/demo.py``) ask ``ctx.choose_vacancy`` which vacancy a
  seeker's referral is for: the one they like most among those they would take (and, for a hire,
  that would hire them), else the one drawn before.

It draws from its own random source, so the rest of the world (``ctx.rng``) is the same as without it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np
from django.utils import timezone

from iljari.seekers.models import Seeker
from iljari.vacancies.models import Application, ApplicationStatus, Vacancy, VacancyStatus

from .context import DemoContext
from .hidden import person_utility, skill_fit

K_SKILLS = 16
REFUSALS = ["경력 부족", "다른 지원자 채용", "직무 적합도 부족", "자격 요건 미충족"]
SEED = 20260


class HiddenMarket:
    """Latent skills, bars, reservation wages and tolerances of a demo world's people and jobs."""

    def __init__(self, ctx: DemoContext):
        self.rng = np.random.default_rng(SEED + len(ctx.seekers))
        rng = self.rng
        self.seekers = ctx.seekers
        self.vacancies = [
            v
            for v in ctx.vacancies
            if v.status in (VacancyStatus.PUBLISHED, VacancyStatus.CLOSED) and v.published_at is not None
        ]
        self.s_row = {s.pk: i for i, s in enumerate(self.seekers)}
        v_codes = [v.occupation.code if v.occupation_id and v.occupation else "" for v in self.vacancies]
        s_codes = list(ctx.seeker_codes) or ["" for _ in self.seekers]
        codes = sorted(set(v_codes) | set(s_codes))
        groups = sorted({c[:3] for c in codes})
        g_vec = {g: rng.normal(0, 1, K_SKILLS) for g in groups}
        c_vec = {c: g_vec[c[:3]] + 0.7 * rng.normal(0, 1, K_SKILLS) for c in codes}
        n, m = len(self.seekers), len(self.vacancies)
        self.s_skill = np.stack([c_vec[c] for c in s_codes]) + 0.6 * rng.normal(0, 1, (n, K_SKILLS))
        self.v_req = np.stack([c_vec[c] for c in v_codes]) + 0.4 * rng.normal(0, 1, (m, K_SKILLS))
        self.years = np.asarray(list(ctx.seeker_years) or [0.0] * n, np.float64)
        self.v_min_years = np.array([v.experience_years_min or 0 for v in self.vacancies], np.float64)
        self.v_bar = rng.uniform(0.35, 0.75, m)
        self.detour = rng.uniform(1.2, 1.6, n)
        stated = np.array([s.max_commute_minutes or 60 for s in self.seekers], np.float64)
        self.tolerance = stated * rng.uniform(0.8, 1.25, n)
        wanted = np.array([s.desired_monthly_wage or 2_500_000 for s in self.seekers], np.float64)
        self.reservation = wanted * rng.uniform(0.95, 1.1, n)
        self.bar = rng.normal(0.0, 0.25, n)
        self.v_wage = np.array([float(v.monthly_wage or 0) for v in self.vacancies])
        self.v_lat = np.array([v.lat or math.nan for v in self.vacancies], np.float64)
        self.v_lon = np.array([v.lon or math.nan for v in self.vacancies], np.float64)
        self.v_bus = np.array([bool(v.commuter_bus) for v in self.vacancies])
        self.v_dorm = np.array([bool(v.dormitory) for v in self.vacancies])
        self.v_shift = np.array([v.shift for v in self.vacancies], dtype=object)
        self.v_col = {v.pk: j for j, v in enumerate(self.vacancies)}

    def rows(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(utility, person would take it, employer would hire) for seeker rows × all vacancies."""
        s = [self.seekers[i] for i in rows]
        # per pair, fixed: the same seeker and vacancy always have the same travel noise and taste
        noise = [np.random.default_rng((SEED, int(i))) for i in rows]
        jam = np.stack([g.lognormal(0.0, 0.2, len(self.vacancies)) for g in noise])
        taste = np.stack([g.normal(0.0, 0.35, len(self.vacancies)) for g in noise])
        lat = np.array([x.lat or math.nan for x in s])[:, None]
        lon = np.array([x.lon or math.nan for x in s])[:, None]
        km = _km(lat, lon, self.v_lat[None, :], self.v_lon[None, :])
        km = np.where(np.isnan(km), 30.0, km)
        minutes = (10.0 + self.detour[rows][:, None] * km / 25.0 * 60.0) * jam
        minutes = np.where(self.v_bus[None, :], np.minimum(minutes, 8.0 + 0.7 * minutes), minutes)
        fit = skill_fit(self.s_skill[rows], self.v_req, self.years[rows], self.v_min_years)
        utility = person_utility(
            self.v_wage[None, :],
            self.reservation[rows][:, None],
            minutes,
            self.tolerance[rows][:, None],
            fit,
            taste,
        )
        stated = np.ones(km.shape, bool)  # what they said they need is not negotiable for them
        for r, x in enumerate(s):
            if x.needs_dormitory:
                stated[r] &= self.v_dorm
            if x.shift_preferences:
                stated[r] &= np.isin(self.v_shift, list(x.shift_preferences))
        person = stated & (minutes <= self.tolerance[rows][:, None]) & (utility > self.bar[rows][:, None])
        employer = fit >= self.v_bar[None, :]
        return utility, person, employer

    def choose(self, seeker: Seeker, candidates: Sequence[Vacancy], drawn: Vacancy, hired: bool) -> Vacancy:
        """The candidate the seeker likes most among those they would take (and that would hire them,
        for a hire); ``drawn`` when none qualifies or the seeker is unknown here."""
        i = self.s_row.get(seeker.pk)
        if i is None or not self.vacancies:
            return drawn
        col = self.v_col
        cand = [v for v in candidates if v.pk in col]
        if not cand:
            return drawn
        utility, person, employer = (a[0] for a in self.rows(np.array([i])))
        cols = np.array([col[v.pk] for v in cand])
        ok = person[cols] & (employer[cols] if hired else True)
        if not ok.any():
            return drawn
        best = np.flatnonzero(ok)[np.argmax(utility[cols][ok])]
        return cand[int(best)]


def _km(lat1, lon1, lat2, lon2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def seed_outcomes(ctx: DemoContext, block: int = 256) -> None:
    if not ctx.seekers or not ctx.vacancies:
        return
    market = HiddenMarket(ctx)
    ctx.choose_vacancy = market.choose
    if not market.vacancies:
        return
    rng, now = market.rng, timezone.now()
    personas = {ctx.users[u].pk for u in ("seeker", "seeker2") if u in ctx.users}
    open_from = np.array([v.published_at.timestamp() for v in market.vacancies if v.published_at])
    open_to = np.array(
        [
            min(
                now.timestamp(),
                timezone.make_aware(dt.datetime.combine(v.closing_date, dt.time(18))).timestamp(),
            )
            for v in market.vacancies
        ]
    )
    open_to = np.maximum(open_to, np.minimum(open_from + 86400.0, now.timestamp()))
    rows: list[Application] = []
    dates: list[dt.datetime] = []
    for a in range(0, len(ctx.seekers), block):
        idx = np.arange(a, min(a + block, len(ctx.seekers)))
        utility, person, employer = market.rows(idx)
        seen = rng.random(person.shape) < 0.4
        active = rng.random(len(idx)) < 0.5
        for r, i in enumerate(idx):
            seeker = ctx.seekers[i]
            liked = np.flatnonzero(person[r] & seen[r])
            if not active[r] or seeker.user_id in personas or not liked.size:
                continue
            k = min(liked.size, 1 + int(rng.poisson(1.5)))
            for j in liked[np.argsort(-utility[r, liked], kind="stable")[:k]]:
                at = float(rng.uniform(open_from[j], open_to[j]))
                when = dt.datetime.fromtimestamp(at, tz=dt.UTC)
                old = now - when > dt.timedelta(days=14)
                status = (
                    (ApplicationStatus.ACCEPTED if employer[r, j] else ApplicationStatus.REJECTED)
                    if old
                    else ApplicationStatus.RECEIVED
                )
                reason = (
                    REFUSALS[int(rng.integers(len(REFUSALS)))] if status == ApplicationStatus.REJECTED else ""
                )
                rows.append(
                    Application(
                        seeker=seeker, vacancy=market.vacancies[j], status=status, refusal_reason=reason
                    )
                )
                dates.append(when)
    made = Application.objects.bulk_create(rows, batch_size=1000)
    for app, when in zip(made, dates, strict=True):
        app.created_at = when
        app.updated_at = when
    Application.objects.bulk_update(made, ["created_at", "updated_at"], batch_size=1000)
    ctx.say(f"    outcomes: {len(made):,} applications from hidden skills, wages and travel")
