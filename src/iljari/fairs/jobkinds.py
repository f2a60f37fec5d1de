"""Background work of the fairs app (registered with iljari.jobs): the timetable optimisation.

The job reports the search as it goes — the best timetable's interviews, value and distance
from the proven bound — keeps that timetable as the event's draft now and then (so the
timetable page shows it improving), and stores the final one through ``do_optimise``.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.accounts.permissions import has_capability
from iljari.jobs.registry import JobOutcome, register

from . import scheduling
from . import timetable as tt
from .models import Event

KIND_OPTIMISE = "fairs.optimise"
#: A draft timetable is written at most this often while a long optimisation runs (seconds).
DRAFT_EVERY_SECONDS = 10.0
#: The interviews of the best timetable are counted at most this often (seconds).
COUNT_EVERY_SECONDS = 2.0


def target_of(event: Event) -> str:
    return f"fairs.event:{event.pk}"


def figure(interviews: int | None, improvement: tt.Improvement) -> str:
    parts = []
    if interviews is not None:
        parts.append(_("면접 %(n)s건 배정") % {"n": f"{interviews:,}"})
    else:
        parts.append(_("가치 합 %(v)s") % {"v": f"{improvement.value:,}"})
    if improvement.gap is not None:
        parts.append(_("최적해와의 차이 %(gap)s %%") % {"gap": f"{100 * improvement.gap:.1f}"})
    return " · ".join(parts)


def run_optimise(ctx) -> JobOutcome:
    event = Event.objects.get(pk=ctx.params["event"])
    scheduling.check_can_optimise(event)
    now_slot = scheduling.current_slot(event)
    problem = scheduling.build_problem(event, now_slot=now_slot)
    quick = scheduling.is_day_reoptimisation(event, problem)
    limit = settings.ILJARI_FAIR_REOPTIMISE_SECONDS if quick else settings.ILJARI_FAIR_OPTIMISE_SECONDS
    ctx.extend_lease(limit + 60)  # CP-SAT may find nothing better for a long while
    ctx.progress(
        done=0,
        total=max(1, round(limit)),
        message=_("현장 재최적화를 시작합니다(공지된 면접은 그대로).")
        if quick
        else _("시간표 최적화를 시작합니다."),
        force=True,
    )
    counted, drafted = [0.0], [time.monotonic()]
    count: list[int | None] = [None]

    def on_improve(imp: tt.Improvement) -> bool:
        now = time.monotonic()
        interviews = None
        if now - counted[0] >= COUNT_EVERY_SECONDS:
            interviews = imp.interviews()
            counted[0], count[0] = now, len(interviews)
        if interviews is not None and not quick and now - drafted[0] >= DRAFT_EVERY_SECONDS:
            drafted[0] = now
            scheduling.store_draft_timetable(event=event, problem=problem, interviews=interviews)
        # every better timetable is worth a row (a few per second at most): never held back
        return ctx.progress(
            done=min(round(imp.seconds), round(limit)),
            message=imp.phase,
            figure=figure(count[0], imp),
            force=True,
        )

    run = scheduling.do_optimise(event=event, actor=ctx.owner, now_slot=now_slot, on_improve=on_improve)
    gap = f"{100 * run.gap:.2f}" if run.gap is not None else "-"
    ctx.progress(
        done=round(limit),
        figure=_("면접 %(n)s건 배정 · 최적해와의 차이 %(gap)s %%") % {"n": f"{run.interviews:,}", "gap": gap},
        force=True,
    )
    return JobOutcome(
        summary=_("면접 %(n)s건을 배정했습니다(구직자 %(s)s명, %(status)s).")
        % {"n": f"{run.interviews:,}", "s": f"{run.seekers_with_interview:,}", "status": run.status},
        url=reverse("fairs:timetable", args=[event.pk]),
        label=_("면접 시간표 보기"),
        data={
            "lines": [
                _("최적화: 면접 %(n)s건, 구직자 %(s)s명, 가치 합 %(v)s (상한 %(b)s, %(sec)s초)")
                % {
                    "n": f"{run.interviews:,}",
                    "s": f"{run.seekers_with_interview:,}",
                    "v": f"{run.value:,}",
                    "b": f"{run.bound:,}" if run.bound is not None else "-",
                    "sec": f"{run.seconds:.1f}",
                },
                _("선착순 배정이었다면: 면접 %(n)s건, 구직자 %(s)s명, 가치 합 %(v)s")
                % {
                    "n": f"{run.greedy_interviews:,}",
                    "s": f"{run.greedy_seekers:,}",
                    "v": f"{run.greedy_value:,}",
                },
                *run.warnings[:10],
            ],
        },
        cancelled=ctx.cancelled,
    )


def can_view(user, job) -> bool:
    return has_capability(user, "manage_fairs")


register(
    KIND_OPTIMISE,
    label=gettext_lazy("면접 시간표 최적화"),
    run=run_optimise,
    lease_seconds=120,
    can_view=can_view,
)
