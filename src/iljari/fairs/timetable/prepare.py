"""Input validation (every problem reported at once, in Korean or through ``i18n``) and index structures.

``prepare(problem)`` either raises :class:`TimetableInputError` with clear messages or
returns a :class:`Prepared` with, for every request, the slots at which it may still be
scheduled (booth and seeker both present, not on a break, not in the past, booth not full
with announced interviews, seeker not busy or walking for an announced interview).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

from .i18n import gettext
from .problem import Booth, Interview, Problem, Seeker, TimetableInputError


@dataclass
class Prepared:
    problem: Problem
    num_slots: int
    buffer: int
    booths: list[Booth]
    seekers: list[Seeker]
    booth_index: dict[Hashable, int]
    seeker_index: dict[Hashable, int]
    booth_company: list[int]
    booth_slots: list[list[bool]]  # booth present and not on a break
    seeker_slots: list[list[bool]]
    cap: list[list[int]]  # residual capacity per booth and slot, after fixed interviews
    req_seeker: list[int] = field(default_factory=list)
    req_booth: list[int] = field(default_factory=list)
    req_company: list[int] = field(default_factory=list)
    req_value: list[int] = field(default_factory=list)
    req_rank: list[int] = field(default_factory=list)
    req_slots: list[list[int]] = field(default_factory=list)
    seeker_requests: list[list[int]] = field(default_factory=list)  # by rank, then order
    fixed: list[Interview] = field(default_factory=list)
    fixed_value: int = 0
    seeker_fixed: list[list[tuple[int, int]]] = field(default_factory=list)  # (slot, booth)
    value_of: dict[tuple[Hashable, Hashable], int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def num_requests(self) -> int:
        return len(self.req_seeker)

    def served_by_fixed(self) -> set[int]:
        return {s for s, fx in enumerate(self.seeker_fixed) if fx}

    def candidate_seekers(self) -> list[int]:
        """Seekers without an announced interview who have at least one schedulable request."""
        out = []
        for s, reqs in enumerate(self.seeker_requests):
            if self.seeker_fixed[s]:
                continue
            if any(self.req_slots[r] for r in reqs):
                out.append(s)
        return out

    def seeker_free(self, s: int, t: int, busy: list[tuple[int, int]]) -> bool:
        """May seeker ``s`` start an interview at ``t`` given its ``busy`` (slot, booth) list?"""
        b = self.buffer
        return all(abs(t - u) > b for u, _ in busy)


def _window_label(problem: Problem, start: int, end: int) -> str:
    return f"{problem.slot_label(start)}~{problem.slot_label(end - 1)}"


def _check_window(problem: Problem, who: str, start: int, end: int | None, breaks, errors: list[str]):
    T = problem.num_slots
    e = T if end is None else end
    ok = True
    if start >= e:
        errors.append(
            gettext("%(who)s의 시작 시간대(%(slot)s)가 종료 시간대보다 늦거나 같습니다.")
            % {"who": who, "slot": problem.slot_label(start)}
        )
        ok = False
    elif start < 0 or e > T:
        errors.append(
            gettext("%(who)s의 면접 가능 시간(%(window)s)이 박람회 면접 운영 시간(%(hours)s) 밖에 있습니다.")
            % {"who": who, "window": _window_label(problem, start, e), "hours": _window_label(problem, 0, T)}
        )
        ok = False
    for t in sorted(breaks):
        if not 0 <= t < T:
            errors.append(
                gettext("%(who)s의 휴식 시간대(%(slot)s)가 박람회 면접 운영 시간(%(hours)s) 밖에 있습니다.")
                % {"who": who, "slot": problem.slot_label(t), "hours": _window_label(problem, 0, T)}
            )
            ok = False
    slots = [False] * T
    if ok:
        for t in range(start, e):
            slots[t] = t not in breaks
        if not any(slots):
            errors.append(
                gettext("%(who)s는(은) 휴식 시간을 빼면 면접 가능한 시간대가 없습니다.") % {"who": who}
            )
    return slots


def prepare(problem: Problem, window: tuple[int, int] | None = None) -> Prepared:
    """Validate ``problem`` and index it.  ``window`` (start, end) limits new interviews
    to those slots (used by the time decomposition)."""
    errors: list[str] = []
    T = int(problem.num_slots)
    if T < 1:
        raise TimetableInputError(
            [gettext("박람회의 면접 시간대가 없습니다. 운영 시작·종료 시간과 면접 시간 단위를 확인하세요.")]
        )
    if problem.buffer_slots < 0:
        errors.append(gettext("부스 간 이동 시간(버퍼)은 0 이상이어야 합니다."))
    if not 0 <= problem.earliest_slot <= T:
        errors.append(
            gettext("새 면접을 배정할 첫 시간대(%(slot)s)가 운영 시간 밖입니다.")
            % {"slot": problem.slot_label(problem.earliest_slot)}
        )
    if not problem.booths:
        errors.append(
            gettext("승인된 참여 부스가 없습니다. 참여 기업을 승인하고 부스를 배정한 뒤 시간표를 만드세요.")
        )

    booths: list[Booth] = []
    booth_index: dict[Hashable, int] = {}
    booth_slots: list[list[bool]] = []
    company_index: dict[Hashable, int] = {}
    booth_company: list[int] = []
    for booth in problem.booths:
        who = gettext("부스 「%(name)s」") % {"name": booth.label}
        if booth.id in booth_index:
            errors.append(gettext("%(who)s이(가) 두 번 등록되어 있습니다.") % {"who": who})
            continue
        if booth.interviewers < 1:
            errors.append(
                gettext(
                    "%(who)s의 면접관 수가 %(n)s명입니다. 면접관이 1명 이상이어야 면접을 배정할 수 있습니다."
                )
                % {"who": who, "n": booth.interviewers}
            )
        booth_index[booth.id] = len(booths)
        booths.append(booth)
        booth_slots.append(_check_window(problem, who, booth.start, booth.end, booth.breaks, errors))
        booth_company.append(company_index.setdefault(booth.company, len(company_index)))

    seekers: list[Seeker] = []
    seeker_index: dict[Hashable, int] = {}
    seeker_slots: list[list[bool]] = []
    for seeker in problem.seekers:
        who = gettext("구직자 「%(name)s」") % {"name": seeker.label}
        if seeker.id in seeker_index:
            errors.append(gettext("%(who)s이(가) 두 번 등록되어 있습니다.") % {"who": who})
            continue
        seeker_index[seeker.id] = len(seekers)
        seekers.append(seeker)
        seeker_slots.append(_check_window(problem, who, seeker.start, seeker.end, seeker.breaks, errors))

    def blabel(bid):
        return booths[booth_index[bid]].label if bid in booth_index else str(bid)

    def slabel(sid):
        return seekers[seeker_index[sid]].label if sid in seeker_index else str(sid)

    seen: set[tuple[Hashable, Hashable]] = set()
    for req in problem.requests:
        if req.seeker not in seeker_index:
            errors.append(
                gettext("면접 신청의 구직자 %(seeker)s이(가) 박람회 등록 명단에 없습니다.")
                % {"seeker": req.seeker}
            )
        if req.booth not in booth_index:
            errors.append(
                gettext("면접 신청의 부스 %(booth)s이(가) 박람회 참여 부스 목록에 없습니다.")
                % {"booth": req.booth}
            )
        if req.rank < 1:
            errors.append(
                gettext("구직자 「%(seeker)s」의 희망 순위는 1 이상이어야 합니다(입력: %(rank)s).")
                % {"seeker": slabel(req.seeker), "rank": req.rank}
            )
        if not 0.0 <= float(req.score) <= 1.0:
            errors.append(
                gettext(
                    "구직자 「%(seeker)s」와 부스 「%(booth)s」의 적합도 점수는 0과 1 사이여야 합니다(입력: %(score)s)."
                )
                % {"seeker": slabel(req.seeker), "booth": blabel(req.booth), "score": req.score}
            )
        key = (req.seeker, req.booth)
        if key in seen:
            errors.append(
                gettext("구직자 「%(seeker)s」이(가) 부스 「%(booth)s」에 두 번 신청했습니다.")
                % {"seeker": slabel(req.seeker), "booth": blabel(req.booth)}
            )
        seen.add(key)

    # announced interviews must themselves be valid
    fixed = list(problem.fixed)
    buffer = max(0, problem.buffer_slots)
    load: Counter = Counter()
    seeker_fixed_raw: dict[Hashable, list[Interview]] = defaultdict(list)
    for iv in fixed:
        what = gettext("확정된 면접(%(seeker)s · %(booth)s · %(slot)s)") % {
            "seeker": slabel(iv.seeker),
            "booth": blabel(iv.booth),
            "slot": problem.slot_label(iv.slot),
        }
        if iv.booth not in booth_index or iv.seeker not in seeker_index:
            errors.append(
                gettext("%(what)s의 구직자 또는 부스가 명단에 없습니다. 먼저 면접을 취소하세요.")
                % {"what": what}
            )
            continue
        b, s = booth_index[iv.booth], seeker_index[iv.seeker]
        if not 0 <= iv.slot < T:
            errors.append(gettext("%(what)s이 박람회 면접 운영 시간 밖입니다.") % {"what": what})
            continue
        if booth_slots[b] and not booth_slots[b][iv.slot]:
            errors.append(
                gettext(
                    "%(what)s이 부스의 면접 가능 시간이나 휴식 시간과 겹칩니다. 먼저 면접을 옮기거나 취소하세요."
                )
                % {"what": what}
            )
        if seeker_slots[s] and not seeker_slots[s][iv.slot]:
            errors.append(
                gettext("%(what)s이 구직자의 참석 가능 시간 밖입니다. 먼저 면접을 옮기거나 취소하세요.")
                % {"what": what}
            )
        load[(b, iv.slot)] += 1
        seeker_fixed_raw[iv.seeker].append(iv)
    for (b, t), n in sorted(load.items()):
        if n > booths[b].interviewers:
            errors.append(
                gettext(
                    "부스 「%(booth)s」의 %(slot)s에 확정된 면접이 %(n)s건으로 면접관 수(%(max)s명)를 넘습니다."
                )
                % {
                    "booth": booths[b].label,
                    "slot": problem.slot_label(t),
                    "n": n,
                    "max": booths[b].interviewers,
                }
            )
    for sid, ivs in seeker_fixed_raw.items():
        ivs = sorted(ivs)
        companies = Counter(booth_company[booth_index[iv.booth]] for iv in ivs)
        if any(n > 1 for n in companies.values()):
            errors.append(
                gettext("구직자 「%(seeker)s」에게 같은 기업과의 확정된 면접이 두 건 이상 있습니다.")
                % {"seeker": slabel(sid)}
            )
        for first, second in zip(ivs, ivs[1:], strict=False):
            if second.slot - first.slot <= (buffer if first.booth != second.booth else 0):
                errors.append(
                    gettext(
                        "구직자 「%(seeker)s」의 확정된 면접(%(first)s, %(second)s)이 겹치거나 부스 간 이동 시간이 부족합니다."
                    )
                    % {
                        "seeker": slabel(sid),
                        "first": problem.slot_label(first.slot),
                        "second": problem.slot_label(second.slot),
                    }
                )
    if errors:
        raise TimetableInputError(errors)

    cap = [
        [booth.interviewers if booth_slots[b][t] else 0 for t in range(T)] for b, booth in enumerate(booths)
    ]
    for (b, t), n in load.items():
        cap[b][t] = max(0, cap[b][t] - n)

    prep = Prepared(
        problem=problem,
        num_slots=T,
        buffer=buffer,
        booths=booths,
        seekers=seekers,
        booth_index=booth_index,
        seeker_index=seeker_index,
        booth_company=booth_company,
        booth_slots=booth_slots,
        seeker_slots=seeker_slots,
        cap=cap,
    )
    prep.seeker_fixed = [[] for _ in seekers]
    for iv in fixed:
        prep.seeker_fixed[seeker_index[iv.seeker]].append((iv.slot, booth_index[iv.booth]))
    prep.fixed = sorted(fixed)
    prep.value_of = {(r.seeker, r.booth): r.value for r in problem.requests}
    prep.fixed_value = sum(prep.value_of.get((iv.seeker, iv.booth), 0) for iv in fixed)

    lo = max(0, problem.earliest_slot)
    hi = T
    if window is not None:
        lo, hi = max(lo, window[0]), min(hi, window[1])
    prep.seeker_requests = [[] for _ in seekers]
    order = sorted(range(len(problem.requests)), key=lambda i: (problem.requests[i].rank, i))
    for i in order:
        req = problem.requests[i]
        s, b = seeker_index[req.seeker], booth_index[req.booth]
        c = booth_company[b]
        fx = prep.seeker_fixed[s]
        if any(booth_company[fb] == c for _, fb in fx):
            continue  # already has (or had) this company's interview
        ss, bs, cb = seeker_slots[s], booth_slots[b], cap[b]
        slots = [
            t
            for t in range(lo, hi)
            if ss[t] and bs[t] and cb[t] > 0 and all(abs(t - u) > buffer for u, _ in fx)
        ]
        if not slots and window is None and not fx and not any(ss[t] and bs[t] for t in range(T)):
            prep.warnings.append(
                gettext(
                    "구직자 「%(seeker)s」와 부스 「%(booth)s」의 참석 시간이 겹치지 않아 면접을 배정할 수 없습니다."
                )
                % {"seeker": seekers[s].label, "booth": booths[b].label}
            )
        r = len(prep.req_seeker)
        prep.req_seeker.append(s)
        prep.req_booth.append(b)
        prep.req_company.append(c)
        prep.req_value.append(req.value)
        prep.req_rank.append(req.rank)
        prep.req_slots.append(slots)
        prep.seeker_requests[s].append(r)
    return prep


def interviews_value(prep: Prepared, interviews) -> int:
    return sum(prep.value_of.get((iv.seeker, iv.booth), 0) for iv in interviews)
