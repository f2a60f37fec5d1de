"""The conditions and benefits a seeker types ("기숙사", "야간", "2교대", "외국인") and the particles
and endings a word may carry."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from iljari.taxonomy.choices import EmploymentType, Shift

# --- conditions and benefits -------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    label: object  # lazy Korean text for the reading
    # a SearchParams boolean: dormitory, commuter_bus, meals, foreigners, no_experience, five_days
    flag: str = ""
    shifts: tuple[str, ...] = ()
    employment_types: tuple[str, ...] = ()


DORM = Condition(gettext_lazy("기숙사 제공"), flag="dormitory")
BUS = Condition(gettext_lazy("통근버스"), flag="commuter_bus")
MEALS = Condition(gettext_lazy("식사 제공"), flag="meals")
FOREIGN = Condition(gettext_lazy("외국인 채용 가능"), flag="foreigners")
NO_EXPERIENCE = Condition(gettext_lazy("경력 무관"), flag="no_experience")
FIVE_DAYS = Condition(gettext_lazy("주 5일 이하 근무"), flag="five_days")
DAY = Condition(gettext_lazy("주간 근무"), shifts=(Shift.DAY,))
# "야간" asks for night work: a night post or shifts that take turns at night (주야 2교대, 3교대)
NIGHT = Condition(
    gettext_lazy("야간 근무(교대 포함)"), shifts=(Shift.NIGHT, Shift.TWO_SHIFT, Shift.THREE_SHIFT)
)
NIGHT_ONLY = Condition(gettext_lazy("야간 전담"), shifts=(Shift.NIGHT,))
TWO = Condition(gettext_lazy("2교대"), shifts=(Shift.TWO_SHIFT,))
THREE = Condition(gettext_lazy("3교대"), shifts=(Shift.THREE_SHIFT,))
SHIFTS = Condition(gettext_lazy("교대 근무"), shifts=(Shift.TWO_SHIFT, Shift.THREE_SHIFT))
PART = Condition(gettext_lazy("시간제"), employment_types=(EmploymentType.PART_TIME,))
PERMANENT = Condition(gettext_lazy("정규직"), employment_types=(EmploymentType.PERMANENT,))
CONTRACT = Condition(gettext_lazy("계약직"), employment_types=(EmploymentType.CONTRACT,))
DISPATCH = Condition(gettext_lazy("파견·도급"), employment_types=(EmploymentType.DISPATCH,))

# the words people type for each (normalised: lower case, no spaces)
CONDITIONS: dict[str, Condition] = {
    **dict.fromkeys(("기숙사", "숙소", "숙식", "기숙사제공", "숙소제공", "숙식제공", "dormitory"), DORM),
    **dict.fromkeys(("통근버스", "통근", "셔틀", "셔틀버스", "출퇴근버스", "통근차량"), BUS),
    **dict.fromkeys(("식사", "식사제공", "중식", "중식제공", "구내식당", "식당", "밥"), MEALS),
    **dict.fromkeys(("외국인", "외국인가능", "외국인채용", "외국인근로자", "e9", "e-9"), FOREIGN),
    **dict.fromkeys(
        ("초보", "초보가능", "초보환영", "경력무관", "무경력", "무경험", "신입", "신입가능"), NO_EXPERIENCE
    ),
    **dict.fromkeys(("주5일", "주5일근무", "주오일", "주5일제"), FIVE_DAYS),
    **dict.fromkeys(("주간", "주간근무", "주간조", "일근", "주간만"), DAY),
    **dict.fromkeys(("야간", "야간근무", "야간조", "밤", "밤근무"), NIGHT),
    **dict.fromkeys(("야간전담", "야간고정", "야간만", "야간전문"), NIGHT_ONLY),
    **dict.fromkeys(("2교대", "주야2교대", "주야교대", "주야간", "주야", "2조2교대", "맞교대"), TWO),
    **dict.fromkeys(("3교대", "3조3교대", "4조3교대"), THREE),
    **dict.fromkeys(("교대", "교대근무", "교대제"), SHIFTS),
    **dict.fromkeys(("시간제", "파트타임", "파트", "알바", "아르바이트", "단시간", "시간선택제"), PART),
    **dict.fromkeys(("정규직", "정규"), PERMANENT),
    **dict.fromkeys(("계약직", "기간제"), CONTRACT),
    **dict.fromkeys(("파견", "파견직", "도급"), DISPATCH),
}

# words of a posting's or a query's manner that name nothing to filter by on their own ("초보 가능",
# "경력 무관", "용접공 모집"): left out of the reading, so that "가능" is not 의정부's 가능동 and "모집"
# is not a word every result must contain
FILLERS = frozenset(
    ("가능", "무관", "환영", "우대", "모집", "구함", "구인", "채용", "급구", "상시", "일자리", "구직", "직원", "사원")
)  # fmt: skip

# particles and endings a word may carry ("남동구에서", "기숙사있는", "야간근무가능")
ENDINGS = tuple(
    sorted(
        (
            "에서", "에", "의", "은", "는", "이", "가", "을", "를", "도", "만", "쪽", "근처", "인근", "지역",
            "있는", "있음", "가능", "가능한", "제공", "근무", "일자리", "직", "일", "됨", "되는", "포함",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
