"""The one title normaliser, for every app: résumé builder, vacancy form, import, search, matching.

``suggest(title)`` → ``jobmatch.titles.Suggestion`` (three candidates, a calibrated confidence,
``sure``); ``occupation_for(title)`` → the KECO ``Occupation`` when the normaliser is sure, else
``None`` ("모르겠음": ask the person); ``candidates_for(title)`` → the three as ``Occupation`` rows,
for the person to pick from.

``text_resources()`` builds (once per process, cached on disk under ``MATCHING_CACHE_DIR``) the
title normaliser and the duty-text encoder from the job dictionary *in the database* (whatever
``load-reference-data`` loaded: the reference data shipped in ``taxonomy/data/``). Both read only
the classifications, so they live here, below the apps that file titles (seekers, vacancies,
employers) and the matching engine that scores them.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Max, Q

from jobmatch.resources import _cached
from jobmatch.text import tokens_many
from jobmatch.textvec import TextEncoder
from jobmatch.titles import OccupationData, TitleNormaliser, finalise, load_builtin

from .models import JobDescription, JobTitle, Occupation

# --- text resources (built from the job dictionary) -----------------------------------------------------------------------------


def _cache_dir():
    return settings.MATCHING_CACHE_DIR


def _db_fingerprint() -> str:
    parts = [
        JobDescription.objects.count(),
        JobDescription.objects.aggregate(m=Max("id"))["m"],
        JobTitle.objects.count(),
        JobTitle.objects.aggregate(m=Max("id"))["m"],
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def occupation_data_from_db() -> OccupationData:
    """The normaliser's input from JobDescription/JobTitle/Occupation rows (or the engine's subset)."""
    d = OccupationData()
    for jd in JobDescription.objects.only(
        "name", "summary", "duties", "keco_code", "keco_name", "similar_names", "qualifications"
    ).iterator():
        code = (jd.keco_code or "").strip()
        if len(code) != 4 or not code.isdigit():
            continue
        d.label.setdefault(code, (jd.keco_name or code).split("]")[-1].strip())
        d.add_name(code, jd.name, 1.0)
        for n in (jd.similar_names or "").split(","):
            d.add_name(code, n, 1.0)
        d.duties.setdefault(code, []).append(f"{jd.summary} {jd.duties}")
        d.jobs.append(
            (code, f"{jd.name} {jd.summary}", f"{jd.name} {jd.similar_names} {jd.summary} {jd.duties}")
        )
        if jd.summary:
            d.summaries.setdefault(code, []).append(jd.summary)
        d.quals.setdefault(code, []).extend(
            q.strip() for q in (jd.qualifications or "").split(",") if q.strip()
        )
    for jt in JobTitle.objects.only("title", "kind", "keco_code", "keco_name").iterator():
        code = (jt.keco_code or "").strip()
        if len(code) == 4 and code.isdigit():
            d.label.setdefault(code, jt.keco_name or code)
            d.add_name(code, jt.title, 0.8 if jt.kind == "related" else 1.0)
    for occ in Occupation.objects.filter(scheme="keco", level=4).only("code", "name"):
        if occ.code in d.label:
            # the KECO tree's name becomes the label; the dictionary's own label stays a name
            # (both wordings, as ``load_dictionary`` reads them). NB the tree is KECO 2025 and the
            # dictionary's codes KECO 2018: for about 50 renumbered codes the tree's name is another
            # occupation (6157: 주유원 jobs, tree name 방문 판매원; ``titles.data.same_occupation_names``)
            d.add_name(occ.code, d.label[occ.code], 0.9)
            d.label[occ.code] = occ.name
    if not d.label:
        return load_builtin()
    return finalise(d)


@dataclass
class TextResources:
    normaliser: TitleNormaliser
    encoder: TextEncoder
    occ_names: dict[int, str]


_res_lock = threading.Lock()
_resources: dict[str, TextResources] = {}


def text_resources() -> TextResources:
    """Normaliser + encoder for the job dictionary in the database (built once, cached on disk)."""
    key = _db_fingerprint()
    with _res_lock:
        if key in _resources:
            return _resources[key]
        data = occupation_data_from_db()
        normaliser = _cached(
            _cache_dir(), f"titles-db-{key}-v{TitleNormaliser.VERSION}.pkl", lambda: TitleNormaliser(data)
        )

        def build_encoder():
            tokens = getattr(normaliser, "corpus_tokens", None)  # present when just built: reuse
            if tokens is None:
                docs = [
                    " ".join(ns for ns, _ in data.names.get(c, [])) + " " + " ".join(data.duties.get(c, []))
                    for c in data.label
                ]
                tokens = tokens_many(docs)
            return TextEncoder(tokens, dim=64)

        encoder = _cached(_cache_dir(), f"encoder-db-{key}-v{TitleNormaliser.VERSION}.pkl", build_encoder)
        names = {int(c): n for c, n in data.label.items()}
        _resources.clear()
        _resources[key] = TextResources(normaliser, encoder, names)
        return _resources[key]


def fileable_occupations(levels: tuple[int, ...] = (4,)):
    """The KECO occupations a person may pick for a title or a wish, by ``levels``: a 세분류 only
    when the job dictionary files titles under it (every code the normaliser gives; KECO 2025's own
    new codes — 6245 하역 및 적재 단순 종사원 beside the dictionary's 6244 하역·적재 종사원 — would
    never meet a vacancy's code), every 세분류 when the dictionary is not loaded."""
    rows = Occupation.objects.filter(scheme="keco", level__in=levels)
    if 4 in levels and database_has_dictionary():
        rows = rows.filter(Q(level__lt=4) | Q(code__in=JobDescription.objects.values("keco_code")))
    return rows.order_by("code")


def database_has_dictionary() -> bool:
    """Has ``load-reference-data`` filled the job dictionary (False when not migrated either)?"""
    try:
        return JobDescription.objects.exists()
    except DatabaseError:
        return False


def shipped_text_resources() -> TextResources:
    """Normaliser + encoder for the commands run without the job dictionary in the database (before
    ``load-reference-data``, or with no database): the reference data the project ships (or
    ``ILJARI_DATA_DIR``), never the small built-in root-industry subset — a 요양보호사 or a 경리
    사무원 must be read as what they are. The first build takes about a minute, then it is cached."""
    from jobmatch import resources

    from .sources import write_public_layout

    data_dir = resources.default_data_dir() or write_public_layout(settings.VAR_DIR / "reference")
    return TextResources(
        resources.title_normaliser(data_dir, _cache_dir()),
        resources.text_encoder(data_dir, _cache_dir()),
        resources.occupation_names(data_dir),
    )


def command_line_text_resources() -> TextResources:
    """The database's resources when it has the job dictionary, else ``shipped_text_resources``."""
    return text_resources() if database_has_dictionary() else shipped_text_resources()


# --- the title normaliser ---------------------------------------------------------------------


def suggest(title: str, k: int = 3):
    return text_resources().normaliser.suggest(title or "", k=k)


def suggest_many(titles: list[str], k: int = 3):
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
