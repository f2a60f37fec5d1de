"""Background work of the matching app (registered with iljari.jobs): "지금 매칭 실행" — the
nightly batch (``do_run_batch_matching``) started by a manager, with its progress."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.accounts.permissions import has_capability
from iljari.jobs.registry import JobOutcome, register

KIND_BATCH = "matching.batch"
TARGET = "matching:all"  # one batch at a time, whoever starts it


def can_run_matching(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or has_capability(user, "approve_vacancy")
    )


def run_batch(ctx) -> JobOutcome:
    from .actions import do_run_batch_matching

    ctx.progress(done=0, total=1, message=_("구직자·공고 자료를 모으는 중입니다."), force=True)

    def progress(done: int, total: int) -> bool:
        return ctx.progress(
            done=done,
            total=total,
            message=_("추천 계산 %(d)s / %(t)s건") % {"d": f"{done:,}", "t": f"{total:,}"},
        )

    run = do_run_batch_matching(progress=progress)
    return JobOutcome(
        summary=_("구직자 %(s)s명 × 공고 %(v)s건 → 추천 %(r)s건을 저장했습니다.")
        % {"s": f"{run.n_seekers:,}", "v": f"{run.n_vacancies:,}", "r": f"{run.n_recommendations:,}"},
        data={"lines": [_("소요 시간: %(s)s초") % {"s": run.stats.get("seconds_total", "-")}]},
    )


register(
    KIND_BATCH,
    label=gettext_lazy("지금 매칭 실행"),
    run=run_batch,
    lease_seconds=600,  # building the pools reports nothing for a while
    can_view=lambda user, job: can_run_matching(user),
    start_url="matching:run",
    can_start=can_run_matching,
)
