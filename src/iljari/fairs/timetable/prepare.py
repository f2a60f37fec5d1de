"""Input validation (every problem reported at once, in Korean) and index structures.

``prepare(problem)`` either raises :class:`TimetableInputError` with clear messages or
returns a :class:`Prepared` with, for every request, the slots at which it may still be
scheduled (booth and seeker both present, not on a break, not in the past, booth not full
with announced interviews, seeker not busy or walking for an announced interview).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

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
        errors.append(f"{who}의 시작 시간대({problem.slot_label(start)})가 종료 시간대보다 늦거나 같습니다.")
        ok = False
    elif start < 0 or e > T:
        errors.append(
            f"{who}의 면접 가능 시간({_window_label(problem, start, e)})이 "
            f"박람회 면접 운영 시간({_window_label(problem, 0, T)}) 밖에 있습니다."
        )
        ok = False
    for t in sorted(breaks):
        if not 0 <= t < T:
            errors.append(
                f"{who}의 휴식 시간대({problem.slot_label(t)})가 박람회 면접 운영 시간"
                f"({_window_label(problem, 0, T)}) 밖에 있습니다."
            )
            ok = False
    slots = [False] * T
    if ok:
        for t in range(start, e):
            slots[t] = t not in breaks
        if not any(slots):
            errors.append(f"{who}는(은) 휴식 시간을 빼면 면접 가능한 시간대가 없습니다.")
    return slots


def prepare(problem: Problem, window: tuple[int, int] | None = None) -> Prepared:
    """Validate ``problem`` and index it.  ``window`` (start, end) limits new interviews
    to those slots (used by the time decomposition)."""
    errors: list[str] = []
    T = int(problem.num_slots)
    if T < 1:
        raise TimetableInputError(
            ["박람회의 면접 시간대가 없습니다. 운영 시작·종료 시간과 면접 시간 단위를 확인하세요."]
        )
    if problem.buffer_slots < 0:
        errors.append("부스 간 이동 시간(버퍼)은 0 이상이어야 합니다.")
    if not 0 <= problem.earliest_slot <= T:
        errors.append(
            f"새 면접을 배정할 첫 시간대({problem.slot_label(problem.earliest_slot)})가 운영 시간 밖입니다."
        )
    if not problem.booths:
        errors.append("승인된 참여 부스가 없습니다. 참여 기업을 승인하고 부스를 배정한 뒤 시간표를 만드세요.")

    booths: list[Booth] = []
    booth_index: dict[Hashable, int] = {}
    booth_slots: list[list[bool]] = []
    company_index: dict[Hashable, int] = {}
    booth_company: list[int] = []
    for booth in problem.booths:
        who = f"부스 「{booth.label}」"
        if booth.id in booth_index:
            errors.append(f"{who}이(가) 두 번 등록되어 있습니다.")
            continue
        if booth.interviewers < 1:
            errors.append(
                f"{who}의 면접관 수가 {booth.interviewers}명입니다. "
                "면접관이 1명 이상이어야 면접을 배정할 수 있습니다."
            )
        booth_index[booth.id] = len(booths)
        booths.append(booth)
        booth_slots.append(_check_window(problem, who, booth.start, booth.end, booth.breaks, errors))
        booth_company.append(company_index.setdefault(booth.company, len(company_index)))

    seekers: list[Seeker] = []
    seeker_index: dict[Hashable, int] = {}
    seeker_slots: list[list[bool]] = []
    for seeker in problem.seekers:
        who = f"구직자 「{seeker.label}」"
        if seeker.id in seeker_index:
            errors.append(f"{who}이(가) 두 번 등록되어 있습니다.")
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
            errors.append(f"면접 신청의 구직자 {req.seeker}이(가) 박람회 등록 명단에 없습니다.")
        if req.booth not in booth_index:
            errors.append(f"면접 신청의 부스 {req.booth}이(가) 박람회 참여 부스 목록에 없습니다.")
        if req.rank < 1:
            errors.append(
                f"구직자 「{slabel(req.seeker)}」의 희망 순위는 1 이상이어야 합니다(입력: {req.rank})."
            )
        if not 0.0 <= float(req.score) <= 1.0:
            errors.append(
                f"구직자 「{slabel(req.seeker)}」와 부스 「{blabel(req.booth)}」의 적합도 점수는 "
                f"0과 1 사이여야 합니다(입력: {req.score})."
            )
        key = (req.seeker, req.booth)
        if key in seen:
            errors.append(
                f"구직자 「{slabel(req.seeker)}」이(가) 부스 「{blabel(req.booth)}」에 두 번 신청했습니다."
            )
        seen.add(key)

    # announced interviews must themselves be valid
    fixed = list(problem.fixed)
    buffer = max(0, problem.buffer_slots)
    load: Counter = Counter()
    seeker_fixed_raw: dict[Hashable, list[Interview]] = defaultdict(list)
    for iv in fixed:
        if iv.booth not in booth_index or iv.seeker not in seeker_index:
            errors.append(
                f"확정된 면접({slabel(iv.seeker)} · {blabel(iv.booth)} · {problem.slot_label(iv.slot)})의 "
                "구직자 또는 부스가 명단에 없습니다. 먼저 면접을 취소하세요."
            )
            continue
        b, s = booth_index[iv.booth], seeker_index[iv.seeker]
        what = f"확정된 면접({slabel(iv.seeker)} · {blabel(iv.booth)} · {problem.slot_label(iv.slot)})"
        if not 0 <= iv.slot < T:
            errors.append(f"{what}이 박람회 면접 운영 시간 밖입니다.")
            continue
        if booth_slots[b] and not booth_slots[b][iv.slot]:
            errors.append(
                f"{what}이 부스의 면접 가능 시간이나 휴식 시간과 겹칩니다. 먼저 면접을 옮기거나 취소하세요."
            )
        if seeker_slots[s] and not seeker_slots[s][iv.slot]:
            errors.append(f"{what}이 구직자의 참석 가능 시간 밖입니다. 먼저 면접을 옮기거나 취소하세요.")
        load[(b, iv.slot)] += 1
        seeker_fixed_raw[iv.seeker].append(iv)
    for (b, t), n in sorted(load.items()):
        if n > booths[b].interviewers:
            errors.append(
                f"부스 「{booths[b].label}」의 {problem.slot_label(t)}에 확정된 면접이 {n}건으로 "
                f"면접관 수({booths[b].interviewers}명)를 넘습니다."
            )
    for sid, ivs in seeker_fixed_raw.items():
        ivs = sorted(ivs)
        companies = Counter(booth_company[booth_index[iv.booth]] for iv in ivs)
        if any(n > 1 for n in companies.values()):
            errors.append(f"구직자 「{slabel(sid)}」에게 같은 기업과의 확정된 면접이 두 건 이상 있습니다.")
        for first, second in zip(ivs, ivs[1:], strict=False):
            if second.slot - first.slot <= (buffer if first.booth != second.booth else 0):
                errors.append(
                    f"구직자 「{slabel(sid)}」의 확정된 면접({problem.slot_label(first.slot)}, "
                    f"{problem.slot_label(second.slot)})이 겹치거나 부스 간 이동 시간이 부족합니다."
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
                f"구직자 「{seekers[s].label}」와 부스 「{booths[b].label}」의 참석 시간이 겹치지 않아 "
                "면접을 배정할 수 없습니다."
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
