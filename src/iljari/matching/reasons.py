"""Translatable rendering of the engine's structured reasons (``code`` + ``params``).

The engine (``jobmatch``) cannot import Django, so it returns a Korean default text with every
reason; here each code has a gettext message with named placeholders, so pages follow the active
language. Unknown codes fall back to the engine's text.
"""

from django.utils.translation import gettext_lazy as _

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


def render(reason: dict) -> str:
    """One stored reason dict → text in the active language."""
    code = reason.get("code", "")
    tpl = TEMPLATES.get(code)
    if tpl is None:
        return str(reason.get("text", ""))
    params = dict(reason.get("params") or {})
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
