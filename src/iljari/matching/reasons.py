"""Translatable rendering of the engine's structured reasons (``code`` + ``params``).

The engine (``jobmatch``) returns codes with values and writes no sentence; here each code has a
gettext message with named placeholders, so pages follow the active language. Unknown codes fall
back to a stored ``text`` (rows written before the engine stopped writing one), else to nothing.

Shift, employment type and education are shown with the models' display labels (``Shift`` etc.),
not the engine's own words: from the codes the engine adds to the params (``shift_bits``, …) or,
for reasons stored before it did, from its Korean words.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from iljari.taxonomy.choices import EDUCATION_RANK, Education, EmploymentType, Shift
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
    # the constrained ranking (jobmatch.recommend): facts about the vacancy, and each relaxed
    # constraint as the fact set against the wish
    "skill_same": _("같은 작업: %(skills)s"),
    "occupation_same": _("같은 직종: %(occupation)s"),
    "occupation_near": _("가까운 직종: %(occupation)s"),
    "occupation": _("직종: %(occupation)s"),
    "occupation_unknown": _("공고 직종 정보 없음"),
    "licence_required_held": _("필수 자격 %(licence)s 보유"),
    "licence_preferred_held": _("우대 자격 %(licence)s 보유"),
    "region": _("근무지 %(region)s"),
    "wage_monthly": _("월 %(monthly)s만 원"),
    "wage_hourly": _("시급 %(hourly)s원 (월 약 %(monthly)s만 원)"),
    "shift": _("%(shift)s 근무"),
    "employment": _("고용형태 %(type)s"),
    "dormitory": _("기숙사 제공"),
    "experience_ok": _("요구 경력 %(years)s년 충족"),
    "experience_short": _("요구 경력 %(years)s년에 못 미침"),
    "relaxed_occupation": _("다른 직종: %(occupation)s"),
    "relaxed_licence": _("필수 자격 %(licences)s 미보유"),
    "relaxed_visa": _("%(visa)s 채용 불가 사업장"),
    "relaxed_shift": _("%(shift)s 근무 — 희망: %(wanted)s"),
    "relaxed_employment": _("%(type)s 채용 — 희망: %(wanted)s"),
    "relaxed_wage": _("월 %(offered)s만 원 — 희망 %(desired)s만 원보다 낮음"),
    "relaxed_dormitory": _("기숙사 없음 — 기숙사 필요"),
    "relaxed_region": _("근무지 %(region)s — 희망 지역 밖"),
    "relaxed_commute": _("통근 %(minutes)s분 — 희망 %(limit)s분보다 멂"),
}

#: the constraint names of ``jobmatch.recommend.CONSTRAINTS`` for display ("완화: 통근")
RELAXED_NAMES = {
    "occupation": _("직종"),
    "licence": _("자격"),
    "visa": _("체류자격"),
    "shift": _("근무형태"),
    "employment": _("고용형태"),
    "wage": _("임금"),
    "dormitory": _("기숙사"),
    "region": _("희망 지역"),
    "commute": _("통근"),
}

#: ``jobmatch.skills.SKILLS`` labels, translatable (keys as the engine returns them)
SKILL_LABELS = {
    "weld": _("용접"),
    "weld_co2": _("CO2 용접"),
    "weld_tig": _("TIG 용접"),
    "weld_arc": _("피복아크 용접"),
    "weld_special": _("특수용접"),
    "weld_spot": _("스폿 용접"),
    "finishing": _("사상"),
    "buffing": _("버핑·연마"),
    "grinding": _("연삭"),
    "cnc_lathe": _("CNC 선반"),
    "mct": _("MCT(머시닝센터)"),
    "milling": _("밀링"),
    "mould": _("금형"),
    "mould_design": _("금형 설계"),
    "mould_repair": _("금형 수리"),
    "mould_make": _("금형 가공·제작"),
    "injection": _("사출"),
    "extrusion": _("압출"),
    "casting": _("주조"),
    "forging": _("단조"),
    "heat_treat": _("열처리"),
    "plating": _("도금"),
    "painting": _("도장"),
    "press": _("프레스"),
    "sheet_metal": _("판금·절곡"),
    "inspection": _("검사·측정"),
    "forklift": _("지게차"),
    "crane": _("크레인·호이스트"),
    "logistics": _("입출고·상하차"),
    "assembly": _("조립"),
    "packing": _("포장"),
    "maintenance": _("설비 보전"),
    "cad": _("CAD 도면"),
    "sewing": _("봉제·미싱"),
    "cooking": _("조리"),
    "cleaning": _("청소·미화"),
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


def _manwon(won) -> str:
    return f"{int(round(int(won) / 10000)):,}"


def _new_params(code: str, params: dict) -> None:
    """Display values for the constrained ranking's codes (bit masks → labels, won → 만 원)."""
    if "shift_bits" in params:
        params["shift"] = _labels(params["shift_bits"], SHIFT_LABELS) or ""
    if "wanted_bits" in params:
        params["wanted"] = _labels(params["wanted_bits"], SHIFT_LABELS) or ""
    if "level_rank" in params and params["level_rank"] in EDU_LABELS:
        params["level"] = str(EDU_LABELS[params["level_rank"]])
    if "type_bits" in params:
        params["type"] = _labels(params["type_bits"], EMP_LABELS) or ""
    if code == "relaxed_employment":
        params["wanted"] = _labels(params.get("wanted_type_bits"), EMP_LABELS) or ""
    if "skills" in params:
        params["skills"] = ", ".join(str(SKILL_LABELS.get(k, k)) for k in params["skills"] or [])
    if "licences" in params:
        params["licences"] = ", ".join(str(x) for x in params["licences"] or [])
    for key in ("monthly", "offered", "desired"):
        if key in params:
            params[f"{key}_won"] = f"{int(params[key]):,}"  # English: KRW 2,450,000
            params[key] = _manwon(params[key])  # Korean: 245만 원
    if "hourly" in params:
        params["hourly"] = f"{int(params['hourly']):,}"


def render(reason: dict) -> str:
    """One stored reason dict → text in the active language."""
    code = reason.get("code", "")
    tpl = TEMPLATES.get(code)
    if tpl is None:
        return str(reason.get("text", ""))
    params = dict(reason.get("params") or {})
    _new_params(code, params)
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


def render_relaxed(names: list[str]) -> list[str]:
    """Relaxed constraint names (``jobmatch.recommend.CONSTRAINTS``) in the active language."""
    return [str(RELAXED_NAMES.get(n, n)) for n in names]
