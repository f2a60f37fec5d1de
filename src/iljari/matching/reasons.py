"""Translatable rendering of the engine's structured reasons (``code`` + ``params``).

The engine (``jobmatch``) cannot import Django, so it returns a Korean default text with every
reason; here each code has a gettext message with named placeholders, so pages follow the active
language. Unknown codes fall back to the engine's text.

Shift, employment type and education are shown with the models' display labels (``Shift`` etc.),
not the engine's own words: from the codes the engine adds to the params (``shift_bits``, …) or,
for reasons stored before it did, from its Korean words.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from iljari.seekers.models import EDUCATION_RANK, Education, EmploymentType, Shift
from jobmatch import model as jm

from .bridge import EMP_BITS, SHIFT_BITS

VIA = {"desired": _("희망 직종"), "experience": _("경력"), "licence": _("보유 자격")}

TEMPLATES = {
    "occ_same": _("%(via)s과 같은 직종 (%(occupation)s)"),
    "occ_near": _("%(via)s과 가까운 직종 (%(occupation)s)"),
    "occ_related": _("%(via)s과 같은 분야 (%(occupation)s)"),
    "occ_other": _("다른 직종 (%(occupation)s)"),
    "occ_unknown": _("공고 직종 정보 없음"),
    "occ_seeker_unknown": _("희망·경력 직종 정보 없음"),
    "licence_held": _("%(licence)s 보유"),
    "licence_missing": _("필수 자격 %(licence)s 미보유"),
    "licence_pref_held": _("우대 자격 %(licence)s 보유"),
    "commute": _("통근 약 %(minutes)s분"),
    "commute_bus": _("통근 약 %(minutes)s분 (통근버스)"),
    "commute_over": _("희망 통근시간 %(limit)s분 초과"),
    "commute_unknown": _("위치 정보가 없어 통근 시간을 계산하지 못함"),
    "wage_ok": _("희망임금 충족"),
    "wage_short": _("희망임금보다 월 %(gap_manwon)s만 원 낮음"),
    "wage_unknown": _("임금 정보 없음"),
    "shift_ok": _("%(shift)s 근무 희망과 일치"),
    "shift_mismatch": _("%(shift)s 근무 (희망: %(wanted)s)"),
    "days_over": _("주 %(days)s일 근무"),
    "emp_ok": _("희망 고용형태(%(type)s)"),
    "emp_mismatch": _("%(type)s 채용"),
    "exp_ok": _("요구 경력 %(years)s년 충족"),
    "exp_short": _("요구 경력 %(years)s년에 못 미침"),
    "edu_short": _("학력 요건(%(level)s) 미충족"),
    "visa_ok": _("%(visa)s 채용 가능 사업장"),
    "visa_no": _("%(visa)s 채용 불가"),
    "dorm_ok": _("기숙사 제공"),
    "dorm_no": _("기숙사 없음"),
    "duties_similar": _("경력과 직무 내용이 비슷함"),
}


#: engine bit → display label, in the engine's bit order
SHIFT_LABELS = {bit: Shift(value).label for value, bit in sorted(SHIFT_BITS.items(), key=lambda kv: kv[1])}
EMP_LABELS = {
    bit: EmploymentType(value).label for value, bit in sorted(EMP_BITS.items(), key=lambda kv: kv[1])
}
EDU_LABELS = {rank: Education(value).label for value, rank in EDUCATION_RANK.items()}


def _bits_from_names(text, names: dict[int, str]) -> int | None:
    """The bit mask of the engine's "·"-joined words (stored reasons without codes); None if unknown."""
    by_name = {name: bit for bit, name in names.items()}
    words = str(text or "").split("·")
    if not all(w in by_name for w in words):
        return None
    return sum(by_name[w] for w in words)


def _labels(mask, labels: dict) -> str | None:
    if not isinstance(mask, int) or isinstance(mask, bool) or mask <= 0:
        return None
    if any(mask & bit and bit not in labels for bit in (1 << k for k in range(mask.bit_length()))):
        return None
    return pgettext("list separator", "·").join(str(label) for bit, label in labels.items() if mask & bit)


def _display_labels(params: dict) -> None:
    """Replace the engine's category words in ``params`` by the display labels (in place)."""
    for key, bits_key, names, labels in (
        ("shift", "shift_bits", jm.SHIFT_NAMES, SHIFT_LABELS),
        ("wanted", "wanted_bits", jm.SHIFT_NAMES, SHIFT_LABELS),
        ("type", "type_bits", jm.EMP_NAMES, EMP_LABELS),
    ):
        if key not in params:
            continue
        mask = params.get(bits_key)
        if mask is None:
            mask = _bits_from_names(params[key], names)
        label = _labels(mask, labels)
        if label is not None:
            params[key] = label
    if "level" in params:
        rank = params.get("level_rank")
        if rank is None:
            rank = {name: r for r, name in jm.EDU_NAMES.items()}.get(params["level"])
        if rank in EDU_LABELS:
            params["level"] = str(EDU_LABELS[rank])


def render(reason: dict) -> str:
    """One stored reason dict → text in the active language."""
    code = reason.get("code", "")
    tpl = TEMPLATES.get(code)
    if tpl is None:
        return str(reason.get("text", ""))
    params = dict(reason.get("params") or {})
    _display_labels(params)
    if "via" in params:
        params["via"] = str(VIA.get(params["via"], params["via"]))
    if code == "wage_short" and "gap_manwon" in params:
        params["gap_manwon"] = f"{int(params['gap_manwon']):,}"
    if "years" in params:
        params["years"] = f"{float(params['years']):g}"
    try:
        return str(tpl) % params
    except (KeyError, TypeError, ValueError):
        return str(reason.get("text", ""))


def render_all(reasons: list[dict]) -> list[str]:
    return [render(r) for r in reasons]
