"""Command-line entry points of the engine that need no database.

``python -m jobmatch.cli classify-title [--top K] [--data-dir DIR] [--cache-dir DIR]`` reads one title
per line on stdin and writes one JSON object per line (the Django command ``iljari classify-title``
calls ``classify_stream`` with the project's settings).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

from . import resources


def classify_stream(model, inp: TextIO, out: TextIO, top: int = 5, batch: int = 256) -> int:
    """Classify every line of ``inp``; blank lines get ``"candidates": []``. Returns the line count."""
    n = 0
    buf: list[str] = []

    def flush():
        for t, cands in zip(buf, model.classify_many(buf, top=top), strict=True):
            out.write(
                json.dumps({"title": t, "candidates": [c.as_dict() for c in cands]}, ensure_ascii=False)
            )
            out.write("\n")
        buf.clear()

    for line in inp:
        buf.append(line.rstrip("\r\n"))
        n += 1
        if len(buf) >= batch:
            flush()
    if buf:
        flush()
    out.flush()
    return n


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="jobmatch")
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("classify-title", help="free-text job titles on stdin → KECO candidates as JSON lines")
    c.add_argument("--top", type=int, default=5)
    c.add_argument("--data-dir", default=os.environ.get("ILJARI_DATA_DIR"))
    c.add_argument(
        "--cache-dir", default=os.environ.get("ILJARI_CACHE_DIR", str(Path.home() / ".cache" / "iljari"))
    )
    args = p.parse_args(argv)
    if args.top < 1:
        print("--top must be at least 1", file=sys.stderr)
        return 2
    data_dir = args.data_dir if args.data_dir and Path(args.data_dir, "occupations").is_dir() else None
    model = resources.title_normaliser(data_dir, args.cache_dir)
    classify_stream(model, sys.stdin, sys.stdout, top=args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
