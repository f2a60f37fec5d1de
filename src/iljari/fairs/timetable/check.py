"""Independent checker of every timetable constraint (written apart from the model so the
tests compare two implementations).  Returns the violations in Korean; empty = valid."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from .i18n import gettext
from .problem import Interview, Problem


def check_timetable(problem: Problem, interviews: Iterable[Interview]) -> list[str]:
    T = problem.num_slots
    booths = {b.id: b for b in problem.booths}
    seekers = {s.id: s for s in problem.seekers}
    requested = {(r.seeker, r.booth) for r in problem.requests}
    fixed = set(problem.fixed)
    ivs = list(interviews)
    out: list[str] = []
    lab = problem.slot_label

    dup = [iv for iv, n in Counter(ivs).items() if n > 1]
    for iv in dup:
        out.append(gettext("같은 면접이 두 번 있습니다: %(interview)s") % {"interview": iv})
    for iv in ivs:
        booth, seeker = booths.get(iv.booth), seekers.get(iv.seeker)
        if booth is None or seeker is None:
            out.append(gettext("알 수 없는 부스 또는 구직자의 면접입니다: %(interview)s") % {"interview": iv})
            continue
        if not 0 <= iv.slot < T:
            out.append(gettext("운영 시간 밖의 면접입니다: %(interview)s") % {"interview": iv})
            continue
        bend = T if booth.end is None else booth.end
        if not booth.start <= iv.slot < bend or iv.slot in booth.breaks:
            out.append(
                gettext("부스 「%(booth)s」가 %(slot)s에 면접할 수 없습니다(시간 밖 또는 휴식).")
                % {"booth": booth.label, "slot": lab(iv.slot)}
            )
        send = T if seeker.end is None else seeker.end
        if not seeker.start <= iv.slot < send or iv.slot in seeker.breaks:
            out.append(
                gettext("구직자 「%(seeker)s」가 %(slot)s에 참석할 수 없습니다.")
                % {"seeker": seeker.label, "slot": lab(iv.slot)}
            )
        if iv not in fixed:
            if (iv.seeker, iv.booth) not in requested:
                out.append(gettext("신청하지 않은 면접입니다: %(interview)s") % {"interview": iv})
            if iv.slot < problem.earliest_slot:
                out.append(
                    gettext("이미 지난 시간대에 새 면접이 배정되었습니다: %(interview)s") % {"interview": iv}
                )

    load = Counter((iv.booth, iv.slot) for iv in ivs if iv.booth in booths)
    for (bid, t), n in sorted(load.items(), key=str):
        if n > booths[bid].interviewers:
            out.append(
                gettext("부스 「%(booth)s」의 %(slot)s 면접 %(n)s건이 면접관 수 %(max)s명을 넘습니다.")
                % {"booth": booths[bid].label, "slot": lab(t), "n": n, "max": booths[bid].interviewers}
            )

    per_seeker: dict = defaultdict(list)
    for iv in ivs:
        if iv.booth in booths:
            per_seeker[iv.seeker].append(iv)
    k = problem.buffer_slots
    for sid, items in per_seeker.items():
        items.sort()
        comp = Counter(booths[iv.booth].company for iv in items)
        for c, n in comp.items():
            if n > 1:
                out.append(
                    gettext("구직자 %(seeker)s가 같은 기업(%(company)s)과 면접 %(n)s건이 있습니다.")
                    % {"seeker": sid, "company": c, "n": n}
                )
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                gap = b.slot - a.slot
                need = k if a.booth != b.booth else 0
                if gap <= need:
                    out.append(
                        gettext(
                            "구직자 %(seeker)s의 면접(%(first)s %(first_booth)s, %(second)s %(second_booth)s)이 겹치거나 이동 시간이 부족합니다."
                        )
                        % {
                            "seeker": sid,
                            "first": lab(a.slot),
                            "first_booth": a.booth,
                            "second": lab(b.slot),
                            "second_booth": b.booth,
                        }
                    )
    present = set(ivs)
    for iv in sorted(fixed):
        if iv not in present:
            out.append(gettext("확정(공지)된 면접이 빠졌습니다: %(interview)s") % {"interview": iv})
    return out
