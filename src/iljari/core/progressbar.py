"""Progress bars for the command line (tqdm on stderr, so stdout stays the command's report).

with progress_bar(_("공고 가져오기")) as bar:
    import_vacancies_xml(data, progress=bar.update_to)
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm


class Bar(tqdm):
    def update_to(self, done: int, total: int | None = None) -> bool:
        """A ``progress(done, total)`` callback: moves the bar; never asks to stop."""
        if total is not None and getattr(self, "total", None) != total:
            self.total = total
        self.update(done - self.n)
        return True

    def step(self, step: str, done: int = 0, total: int = 0) -> None:
        """A ``progress(step, done, total)`` callback (backup, restore, reference data): the bar
        names the step and counts within it."""
        if step:
            self.set_description_str(str(step), refresh=False)
        if total and total != getattr(self, "total", None):
            self.reset(total=total)
        if total:
            self.update_to(done, total)
        else:
            self.refresh()


@contextmanager
def progress_bar(desc: str, total: int | None = None, unit: str = "") -> Iterator[Bar]:
    with Bar(
        total=total, desc=str(desc), unit=unit or "it", file=sys.stderr, dynamic_ncols=True, leave=True
    ) as bar:
        yield bar
