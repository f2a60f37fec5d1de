"""The one title normaliser, for every app: résumé builder, vacancy form, import, search, matching.

``suggest(title)`` → ``jobmatch.titles.Suggestion`` (three candidates, a calibrated confidence,
``sure``); ``occupation_for(title)`` → the KECO ``Occupation`` when the normaliser is sure, else
``None`` ("모르겠음": ask the person); ``candidates_for(title)`` → the three as ``Occupation`` rows,
for the person to pick from. Built from the job dictionary in the database
(``bridge.text_resources``, cached on disk).
"""

from __future__ import annotations

from iljari.taxonomy.models import Occupation


def suggest(title: str, k: int = 3):
    from .bridge import text_resources

    return text_resources().normaliser.suggest(title or "", k=k)


def suggest_many(titles: list[str], k: int = 3):
    from .bridge import text_resources

    return text_resources().normaliser.suggest_many([t or "" for t in titles], k=k)


def _rows(codes: list[str]) -> dict[str, Occupation]:
    return {o.code: o for o in Occupation.objects.filter(scheme="keco", level=4, code__in=codes)}


def occupation_for(title: str) -> Occupation | None:
    code = suggest(title).code
    return _rows([code]).get(code) if code else None


def candidates_for(title: str, k: int = 3) -> list[Occupation]:
    codes = [c.code for c in suggest(title, k=k).candidates]
    rows = _rows(codes)
    return [rows[c] for c in codes if c in rows]
