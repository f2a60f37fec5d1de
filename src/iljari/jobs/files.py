"""Result files of jobs (reports, exports): kept under MEDIA_ROOT/jobs/<id>/, never served by
the web server, downloaded only through ``/tasks/<id>/file/`` by whoever may see the job."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from .models import Job

JOBS_DIR = "jobs"


def job_dir(job: Job) -> Path:
    return Path(settings.MEDIA_ROOT) / JOBS_DIR / str(job.pk)


def safe_name(name: str) -> str:
    name = re.sub(r"[\\/\x00-\x1f]", "_", name).strip(". ") or "result"
    return name[:150]


def save_result_file(job: Job, name: str, body: bytes, content_type: str) -> str:
    folder = job_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    clean = safe_name(name)
    (folder / clean).write_bytes(body)
    info = {"name": clean, "content_type": content_type, "size": len(body)}
    result = dict(job.result or {})
    result["file"] = info
    Job.objects.filter(pk=job.pk).update(result=result)
    job.result = result
    return reverse("jobs:file", args=[job.pk])


def result_file(job: Job) -> tuple[Path, dict] | None:
    info = (job.result or {}).get("file")
    if not isinstance(info, dict) or "name" not in info:
        return None
    path = job_dir(job) / safe_name(str(info["name"]))
    return (path, info) if path.is_file() else None
