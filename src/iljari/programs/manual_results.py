"""Manual result entries of a project (participants, budget, jobs the system cannot see): entered
one by one or from CSV, approved or rejected by another manager through their workflow."""

import csv
import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.core.bounds import AMOUNT_MAX
from iljari.core.workflow import REJECTION_REASON, Move, Workflow

from .actions import require_manager
from .models import ManualResult, ManualResultStatus, Metric, Plan, Project


def _record_decision(move: Move) -> None:
    move.obj.decided_by = move.actor
    move.obj.decided_at = timezone.now()


MANUAL_RESULT_FLOW = Workflow(
    {
        ManualResultStatus.SUBMITTED: {ManualResultStatus.APPROVED, ManualResultStatus.REJECTED},
        ManualResultStatus.APPROVED: set(),
        ManualResultStatus.REJECTED: set(),
    },
    required={ManualResultStatus.REJECTED: REJECTION_REASON},
    on_enter=dict.fromkeys((ManualResultStatus.APPROVED, ManualResultStatus.REJECTED), [_record_decision]),
)

# metrics that placements and training completions already give: manual entries would double-count
SYSTEM_METRICS = {Metric.HIRES, Metric.TRAINED}


@transaction.atomic
def do_record_manual_result(
    *, actor, project: Project, year: int, month: int, metric: str, value: int, note: str = "", evidence=None
) -> ManualResult:
    require_manager(actor)
    errors = {}
    if metric not in Metric.values:
        errors["metric"] = [_("알 수 없는 지표입니다.")]
    elif metric in SYSTEM_METRICS:
        errors["metric"] = [
            _(
                "취업자와 교육 수료는 시스템 기록(취업·수료)에서 자동 집계됩니다. 직접 입력하면 중복 집계됩니다."
            )
        ]
    if not 1 <= int(month) <= 12:
        errors["month"] = [_("월은 1부터 12 사이로 입력해 주세요.")]
    if value is None or int(value) < 0:
        errors["value"] = [_("실적값은 0 이상이어야 합니다.")]
    elif int(value) > AMOUNT_MAX:
        errors["value"] = [_("%(n)s 이하의 숫자로 입력해 주세요.") % {"n": f"{AMOUNT_MAX:,}"}]
    if dt.date(int(year), int(month) if 1 <= int(month) <= 12 else 1, 1) > timezone.localdate():
        errors.setdefault("month", []).append(_("아직 오지 않은 달의 실적은 입력할 수 없습니다."))
    if (
        not errors
        and ManualResult.objects.filter(project=project, year=year, month=month, metric=metric)
        .exclude(status=ManualResultStatus.REJECTED)
        .exists()
    ):
        errors["month"] = [_("이 달의 같은 지표 실적이 이미 있습니다. 반려된 뒤 다시 입력해 주세요.")]
    if errors:
        raise ValidationError(errors)
    result = ManualResult.objects.create(
        project=project,
        year=year,
        month=month,
        metric=metric,
        value=int(value),
        note=(note or "").strip(),
        evidence=evidence or "",
        entered_by=actor,
    )
    MANUAL_RESULT_FLOW.record_start(result, actor=actor, reason=_("실적 입력"))
    return result


@transaction.atomic
def do_decide_manual_result(*, actor, result: ManualResult, approve: bool, reason: str = "") -> ManualResult:
    """Approve or reject a manual entry; the person who entered it cannot approve it."""
    require_manager(actor)
    if approve and result.entered_by_id == actor.pk:
        raise ValidationError({"__all__": [_("본인이 입력한 실적은 다른 담당자가 승인해야 합니다.")]})
    if approve and not result.evidence and result.metric != Metric.BUDGET:
        raise ValidationError({"evidence": [_("증빙 자료가 없는 실적은 승인할 수 없습니다.")]})
    MANUAL_RESULT_FLOW.move(
        result,
        ManualResultStatus.APPROVED if approve else ManualResultStatus.REJECTED,
        actor=actor,
        reason=reason,
    )
    return result


IMPORT_COLUMNS = ["project_id", "year", "month", "metric", "value", "note"]


@transaction.atomic
def do_import_manual_results(*, actor, plan: Plan, text: str) -> list[ManualResult]:
    """Import monthly entries from CSV (header: project_id,year,month,metric,value,note).

    All rows or none: the first bad row stops the import with its line number.
    """
    require_manager(actor)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in IMPORT_COLUMNS[:5] if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            {"file": [_("CSV 머리글에 %(cols)s 열이 없습니다.") % {"cols": ", ".join(missing)}]}
        )
    projects = {p.pk: p for p in Project.objects.filter(program__strategy__plan=plan)}
    created = []
    for line, row in enumerate(reader, start=2):
        try:
            project = projects[int(row["project_id"])]
            created.append(
                do_record_manual_result(
                    actor=actor,
                    project=project,
                    year=int(row["year"]),
                    month=int(row["month"]),
                    metric=row["metric"].strip(),
                    value=int(row["value"]),
                    note=row.get("note") or "",
                )
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise ValidationError(
                {"file": [_("%(line)d행: 값이 올바르지 않습니다.") % {"line": line}]}
            ) from exc
        except ValidationError as exc:
            messages = " ".join(exc.messages)
            raise ValidationError(
                {"file": [_("%(line)d행: %(msg)s") % {"line": line, "msg": messages}]}
            ) from exc
    if not created:
        raise ValidationError({"file": [_("가져올 행이 없습니다.")]})
    return created
