"""The access log's chain becomes keyed and sequenced (issue 15 #2, #7).

Existing rows get a sequence number (in id order) and are chained again with HMAC-SHA256 under
ILJARI_AUDIT_KEY over every column. Set ILJARI_AUDIT_KEY before running this migration. The old
(unkeyed) chain is checked first; if it was already broken, the first broken row's id is logged
as a warning (logger iljari.audit), since re-chaining makes that earlier break invisible.
"""

import datetime as dt
import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.db import migrations, models


def _old_digest(row, prev_hash):
    fields = {
        "at": row.at.isoformat(),
        "actor": row.actor_label,
        "action": row.action,
        "subject_type": row.subject_type,
        "subject_id": row.subject_id,
        "fields": row.fields,
        "purpose": row.purpose,
        "ip": row.ip_address or "",
        "count": row.count,
    }
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str) + prev_hash
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _new_digest(row, key):
    # frozen copy of iljari.audit.chain.row_payload / row_digest as of this migration
    payload = {
        "seq": row.seq,
        "at": row.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": row.actor_id,
        "actor": row.actor_label,
        "action": row.action,
        "subject_type": row.subject_type,
        "subject_id": row.subject_id,
        "subject": row.subject_label,
        "fields": row.fields,
        "purpose": row.purpose,
        "ip": row.ip_address or "",
        "path": row.path,
        "count": row.count,
        "prev": row.prev_hash,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def rechain(apps, schema_editor):
    AccessLog = apps.get_model("audit", "AccessLog")
    key = settings.ILJARI_AUDIT_KEY.encode("utf-8")
    old_prev, new_prev, broken = "", "", None
    batch = []
    for seq, row in enumerate(AccessLog.objects.order_by("id").iterator(chunk_size=2000), start=1):
        if broken is None and (row.prev_hash != old_prev or row.row_hash != _old_digest(row, old_prev)):
            broken = row.pk
        old_prev = row.row_hash
        row.seq = seq
        row.prev_hash = new_prev
        row.row_hash = _new_digest(row, key)
        new_prev = row.row_hash
        batch.append(row)
        if len(batch) >= 1000:
            AccessLog.objects.bulk_update(batch, ["seq", "prev_hash", "row_hash"])
            batch = []
    AccessLog.objects.bulk_update(batch, ["seq", "prev_hash", "row_hash"])
    if broken is not None:
        logging.getLogger("iljari.audit").warning(
            "access log re-chained with a key; the old chain was already broken at row %s", broken
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_widen_action"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslog",
            name="seq",
            field=models.PositiveBigIntegerField(null=True, verbose_name="일련번호"),
        ),
        # the old hashes are unique; new ones are written row by row
        migrations.AlterField(
            model_name="accesslog",
            name="row_hash",
            field=models.CharField(max_length=64),
        ),
        migrations.RunPython(rechain, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="accesslog",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="일련번호"),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="row_hash",
            field=models.CharField(max_length=64, unique=True),
        ),
    ]
