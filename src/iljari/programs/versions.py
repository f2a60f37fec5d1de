"""The data version cached reports are keyed by: it changes whenever a plan's results can change.

A report depends on placements (status, hire date, seeker, employer), their attributions to
projects, the employers' region and sector, targets, approved manual entries, training
completions and the plan's structure. Two things make up the version, read in one query:

* the newest ``ResultsChange`` row (id and random token). A row is written (``bump``) in the
  same transaction as every change of those records: by the programs actions that write
  attributions in bulk, and by ``post_save``/``post_delete`` receivers on the other models —
  including ``referrals.Placement`` and ``employers.Employer``, which other apps own and change
  through their own actions and the admin. The receivers do cache invalidation only, no
  business rule (those stay in ``actions.py``); a new placement bumps nothing, since it
  counts only once attributed, and a save that names only unrelated ``update_fields`` is skipped;
* the largest id of each table a report reads, so rows inserted without ``save()``
  (``bulk_create`` in the demo seeder, the benchmark, a data import) give a new version too.
  Every part is an index lookup: the query costs well under a millisecond at any size.

Attributions carry no receiver on purpose: a receiver would make Django load every row that
``do_apply_rules`` deletes (no fast delete); their writes all go through ``actions`` (which
bump) or cascade from a placement or project deletion (whose receiver bumps).
"""

import uuid

from django.db import connection
from django.db.models.signals import post_delete, post_save

from iljari.employers.models import Employer
from iljari.referrals.models import Placement

KEEP_ROWS = 1000
PRUNE_EVERY = 200

# the fields of other apps' models a report reads: a save limited to other fields changes nothing
PLACEMENT_FIELDS = frozenset(
    {"status", "hire_date", "seeker", "seeker_id", "employer", "employer_id", "cancelled_at"}
)
EMPLOYER_FIELDS = frozenset({"region", "region_id", "root_sector"})


def bump() -> None:
    """Record that results may have changed (call inside the transaction that changes them)."""
    from .models import ResultsChange

    row = ResultsChange.objects.create(token=uuid.uuid4().hex)
    if row.pk % PRUNE_EVERY == 0:
        ResultsChange.objects.filter(pk__lte=row.pk - KEEP_ROWS).delete()


def _tables() -> list[str]:
    from . import models

    return [
        m._meta.db_table
        for m in (
            Placement,
            models.Attribution,
            models.Target,
            models.ManualResult,
            models.TrainingCompletion,
            models.Training,
            models.Project,
            models.Program,
            models.Strategy,
            models.Plan,
            models.ProgramSeries,
        )
    ]


def current() -> str:
    """The data version now: a short string, equal only if nothing that counts has changed."""
    from .models import ResultsChange

    qn = connection.ops.quote_name
    log = qn(ResultsChange._meta.db_table)
    # every part is built from our own table names (no input): S608 does not apply
    parts = [f"(SELECT MAX({qn('id')}) FROM {qn(table)})" for table in _tables()]  # noqa: S608
    newest = f"(SELECT {qn('id')} FROM {log} ORDER BY {qn('id')} DESC LIMIT 1)"  # noqa: S608
    token = f"(SELECT {qn('token')} FROM {log} ORDER BY {qn('id')} DESC LIMIT 1)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {newest}, {token}, {', '.join(parts)}")
        row = cursor.fetchone()
    return ":".join("" if v is None else str(v) for v in row)


def _changed(update_fields, relevant: frozenset) -> bool:
    return update_fields is None or bool(relevant.intersection(update_fields))


def _on_placement_save(sender, instance, created, update_fields=None, raw=False, **kwargs) -> None:
    if not created and not raw and _changed(update_fields, PLACEMENT_FIELDS):
        bump()


def _on_employer_save(sender, instance, created, update_fields=None, raw=False, **kwargs) -> None:
    if not created and not raw and _changed(update_fields, EMPLOYER_FIELDS):
        bump()


def _on_change(sender, raw=False, **kwargs) -> None:
    if not raw:
        bump()


def _on_placement_delete(sender, instance, **kwargs) -> None:
    bump()


def connect() -> None:
    """Connect the receivers (``ProgramsConfig.ready``)."""
    from . import models

    post_save.connect(_on_placement_save, sender=Placement, dispatch_uid="programs-version-placement")
    post_delete.connect(_on_placement_delete, sender=Placement, dispatch_uid="programs-version-placement-del")
    post_save.connect(_on_employer_save, sender=Employer, dispatch_uid="programs-version-employer")
    for model in (
        models.Organisation,
        models.Plan,
        models.Strategy,
        models.Program,
        models.ProgramSeries,
        models.Project,
        models.Target,
        models.ManualResult,
        models.Training,
        models.TrainingCompletion,
    ):
        uid = f"programs-version-{model._meta.model_name}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-del")
