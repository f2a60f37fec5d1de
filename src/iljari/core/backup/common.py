"""What backup and restore share: the names of a backup's files, the error, the progress callback
and the private folders they write into."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

FORMAT = 2
MANIFEST = "manifest.json"
PG_DUMP = "database.dump.enc"
SQLITE_FILE = "database.sqlite3.enc"
MEDIA_TAR = "media.tar.enc"


Progress = Callable[[str, int, int], None] | None


class BackupError(Exception):
    pass


def report(progress: Progress, step: str, done: int = 0, total: int = 0) -> None:
    if progress is not None:
        progress(step, done, total)


def private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path
