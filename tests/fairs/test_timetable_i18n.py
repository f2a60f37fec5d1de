"""The optimiser's messages are Korean on their own and go through Django's gettext in the app."""

import pytest
from django.utils import translation

from iljari.fairs import actions  # noqa: F401  (installs Django's gettext as the translator)
from iljari.fairs.timetable import Booth, Problem, Seeker, TimetableInputError, first_come, i18n, prepare


@pytest.fixture
def marked_translator():
    previous = i18n._translator
    i18n.set_translator(lambda message: "[en] " + message)
    yield
    i18n.set_translator(previous)


def test_input_errors_go_through_the_translator(marked_translator):
    problem = Problem(
        num_slots=4, booths=[], seekers=[Seeker("s1", name="홍길동")], requests=[], buffer_slots=-1
    )
    with pytest.raises(TimetableInputError) as exc:
        prepare(problem)
    assert exc.value.messages == [
        "[en] 부스 간 이동 시간(버퍼)은 0 이상이어야 합니다.",
        "[en] 승인된 참여 부스가 없습니다. 참여 기업을 승인하고 부스를 배정한 뒤 시간표를 만드세요.",
    ]


def test_status_and_slot_labels_go_through_the_translator(marked_translator):
    problem = Problem(num_slots=2, booths=[Booth("b1", "c1")], seekers=[Seeker("s1")], requests=[])
    assert first_come(problem).status == "[en] 선착순 배정"
    assert problem.slot_label(0) == "[en] 1번째 시간대"


def test_without_a_translator_messages_stay_korean():
    previous = i18n._translator
    i18n.set_translator(None)
    try:
        booth = Booth("b1", "c1", name="남동용접", interviewers=0)
        problem = Problem(num_slots=2, booths=[booth], seekers=[], requests=[])
        with pytest.raises(TimetableInputError) as exc:
            prepare(problem)
        assert exc.value.messages == [
            "부스 「남동용접」의 면접관 수가 0명입니다. 면접관이 1명 이상이어야 면접을 배정할 수 있습니다."
        ]
    finally:
        i18n.set_translator(previous)


def test_the_fairs_app_translates_with_the_active_language():
    message = "시간표를 만들 수 없습니다. 아래 내용을 고쳐 주세요."  # in the committed English catalogue
    with translation.override("en"):
        assert i18n.gettext(message) == "The timetable could not be created. Please fix the issues below."
    with translation.override("ko"):
        assert i18n.gettext(message) == message
