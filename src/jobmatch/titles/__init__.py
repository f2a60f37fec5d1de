"""Title normaliser: messy free-text job title → ranked KECO 세분류 (4-digit) occupations.

Model (all sparse TF-IDF, cosine similarity, built from the 한국직업사전 CSVs whose paths the caller
passes; a small built-in root-industry subset is used when no data dir is given):

* ``name``  — character 1–3-grams of every known name (canonical titles, alternate names,
  related names at a lower weight), nearest name per occupation code (max over its names);
* ``stem``  — the same on names with the job-suffix (…원, …공, …사, 작업자, 오퍼레이터 …) removed,
  so that "용접공" meets "용접원";
* ``tok``   — kiwipiepy content tokens of all names of a code (one document per code);
* ``duty``  — kiwipiepy tokens of the duties summary/description and qualifications of a code.

The final score is a weighted blend (weights in ``TitleWeights``; tuned on a *dev* half of the held-out
``similar`` names, reported on the other half: ``bench/titles.py``, outside the package).

The package: ``clean`` (query cleaning), ``data`` (sources), ``features`` (TF-IDF, softmax),
``model`` (``TitleNormaliser``, ``Suggestion``, the calibrated confidence).
"""

from .clean import clean_title, query_text, stem_title
from .data import BUILTIN_SUBSET, OccupationData, _squash, finalise, load_builtin, load_dictionary
from .features import _per_code_max, _train_softmax, _Vectoriser
from .model import (
    CONFIDENCE,
    CONFIDENT_AT,
    DISAGREE_CONFIDENCE,
    SKILL_PRIOR,
    UNSURE,
    Candidate,
    Suggestion,
    TitleNormaliser,
    TitleWeights,
    confidence,
)

__all__ = [
    "BUILTIN_SUBSET",
    "CONFIDENCE",
    "CONFIDENT_AT",
    "DISAGREE_CONFIDENCE",
    "SKILL_PRIOR",
    "UNSURE",
    "Candidate",
    "OccupationData",
    "Suggestion",
    "TitleNormaliser",
    "TitleWeights",
    "_Vectoriser",
    "_per_code_max",
    "_squash",
    "_train_softmax",
    "clean_title",
    "confidence",
    "finalise",
    "load_builtin",
    "load_dictionary",
    "query_text",
    "stem_title",
]
