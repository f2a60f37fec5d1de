"""Where the CPU went during the load scenario: the web workers, the task worker, PostgreSQL and the
generator, read from ``/proc``."""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from pathlib import Path

# --- where the CPU went ----------------------------------------------------------------------------


def _proc_stat(pid: int) -> tuple[str, int, float] | None:
    """(command name, session id, CPU seconds) of a process, from /proc; None once it has gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return name, int(fields[3]), (int(fields[11]) + int(fields[12])) / ticks


class CpuMeter(threading.Thread):
    """Samples the CPU time of the server's processes (its session), PostgreSQL's and this load
    generator's twice a second; a process that ends (the killed worker, PostgreSQL's backends at
    its restart) keeps the time it was last seen with."""

    def __init__(self, server_session: int):
        super().__init__(daemon=True)
        self.server_session = server_session
        self.seen: dict[int, tuple[str, float]] = {}
        self.start_cpu: dict[int, float] = {}
        self.stopping = threading.Event()

    def _group(self, pid: int, name: str, session: int) -> str | None:
        if pid == os.getpid():
            return "load_generator"
        if session == self.server_session:  # gunicorn's processes, and `iljari serve` with its task worker
            return "web" if name.startswith("gunicorn") else "task_worker"
        if name.startswith("postgres"):
            return "postgresql"
        return None

    def sample(self) -> None:
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            stat = _proc_stat(int(entry))
            if stat is None:
                continue
            group = self._group(int(entry), *stat[:2])
            if group:
                self.seen[int(entry)] = (group, stat[2])

    def run(self) -> None:
        self.sample()
        self.start_cpu = {pid: cpu for pid, (_g, cpu) in self.seen.items()}
        while not self.stopping.wait(0.5):
            self.sample()

    def seconds(self) -> dict[str, float]:
        self.stopping.set()
        self.join(timeout=5)
        self.sample()
        totals: dict[str, float] = defaultdict(float)
        for pid, (group, cpu) in self.seen.items():
            totals[group] += cpu - self.start_cpu.get(pid, 0.0)
        return {
            group: round(totals[group], 1) for group in ("web", "task_worker", "postgresql", "load_generator")
        }
