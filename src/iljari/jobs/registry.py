"""Job kinds: a feature app registers each kind of long work it runs in the background.

    # fairs/jobkinds.py
    from iljari.jobs.registry import register
    register("fairs.optimise", label=_("면접 시간표 최적화"), run=run_optimise, lease_seconds=240)

``run(ctx)`` does the work, reports with ``ctx.progress(...)`` and returns a
:class:`JobOutcome`; a ``ValidationError`` fails the job with its (Korean) messages.
``can_view(user, job)`` may let others than the owner see the job (e.g. a fair's organisers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass
class JobOutcome:
    summary: str = ""  # one line, shown on the page and in the notification
    url: str = ""  # where the result lives (a page or a file download)
    label: str = ""  # the link's text
    data: dict[str, Any] = field(default_factory=dict)  # shown on the job page (lines, table)
    cancelled: bool = False  # stopped on request, keeping what was done


@dataclass(frozen=True)
class JobKind:
    key: str
    label: Any  # a lazy translation
    run: Callable[..., JobOutcome]
    lease_seconds: int | None = None  # a longer lease for kinds that report rarely
    can_view: Callable[[Any, Any], bool] | None = None
    start_url: str = ""  # URL name of the page that starts such a job ("내 작업" links to it)
    can_start: Callable[[Any], bool] | None = None


KINDS: dict[str, JobKind] = {}


def register(
    key: str,
    *,
    label,
    run: Callable[..., JobOutcome],
    lease_seconds: int | None = None,
    can_view: Callable[[Any, Any], bool] | None = None,
    start_url: str = "",
    can_start: Callable[[Any], bool] | None = None,
) -> JobKind:
    kind = JobKind(key, label, run, lease_seconds, can_view, start_url, can_start)
    KINDS[key] = kind
    return kind


def get_kind(key: str) -> JobKind | None:
    return KINDS.get(key)


def kind_label(key: str) -> str:
    kind = KINDS.get(key)
    return str(kind.label) if kind else _("알 수 없는 작업")
