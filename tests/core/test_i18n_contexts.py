"""Short Korean words with two meanings are translated by context (pgettext).

마감 (a vacancy's closed status / its closing date / the "close" button), 취소 (cancelled status /
cancel button), 승인 (approved status / approve button) and 선택 (optional consent / "select" a
row) each read differently in English. The contexted entries are not in the committed English
catalogue yet (the lead re-runs makemessages), so the tests add them — the translations meant for
it — to the loaded English catalogue for their duration.
"""

import html

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from iljari.accounts.models import ConsentPurpose
from iljari.console.forms import DecisionForm
from iljari.fairs.models import EventStatus
from iljari.fairs.views.organisers import EVENT_ACTIONS
from iljari.referrals.actions import do_move_referral
from iljari.referrals.models import ReferralStatus
from iljari.vacancies.models import VacancyStatus
from tests import factories as f
from tests.factories import referral_at

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
CONTEXT_SEPARATOR = "\x04"  # how gettext catalogues key msgctxt + msgid
ENGLISH = {
    ("status", "마감"): "Closed",
    ("deadline", "마감"): "Closes",
    ("action", "마감"): "Close",
    ("status", "취소"): "Cancelled",
    ("action", "취소"): "Cancel",
    ("status", "승인"): "Approved",
    ("action", "승인"): "Approve",
    ("status", "반려"): "Rejected",
    ("action", "반려"): "Reject",
    ("optional", "선택"): "Optional",
    ("select", "선택"): "Select",
    ("action", "접수 마감"): "Close registration",
    ("action", "면접 시간표 공지"): "Publish the interview timetable",
    ("action", "접수"): "Submit",
    ("action", "신청"): "Apply",
    ("status", "신청"): "Applied",
    ("action", "신청 취소"): "Cancel application",
    ("action", "전문가 배정"): "Assign an expert",
    ("action", "배정"): "Assign",
    ("action", "결과 통보"): "Send the result",
    ("action", "불채용"): "Mark as not hired",
    ("action", "종결"): "Close the case",
    ("status", "종결"): "Closed",
    ("list separator", "·"): ", ",
}


@pytest.fixture
def english_contexts():
    top = trans_real.translation("en")._catalog._catalogs[0]
    keys = {f"{ctx}{CONTEXT_SEPARATOR}{msgid}": text for (ctx, msgid), text in ENGLISH.items()}
    saved = {k: top[k] for k in keys if k in top}
    top.update(keys)
    yield
    for k in keys:
        top.pop(k, None)
    top.update(saved)


def _english(client, url) -> str:
    response = client.get(url, **EN)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_status_labels_and_actions_use_their_own_context(english_contexts):
    with translation.override("en"):
        assert str(ReferralStatus.CANCELLED.label) == "Cancelled"
        assert str(VacancyStatus.CLOSED.label) == "Closed"
        assert str(dict(EVENT_ACTIONS)[EventStatus.CLOSED]) == "Close registration"
        assert (
            str(EventStatus.CLOSED.label) == "Registration closed"
        )  # the status, in the committed catalogue
        assert [str(label) for _value, label in DecisionForm().fields["decision"].choices] == [
            "Approve",
            "Reject",
        ]
    with translation.override("ko"):
        assert str(ReferralStatus.CANCELLED.label) == "취소"
        assert str(VacancyStatus.CLOSED.label) == "마감"


def test_cancelled_referral_reads_cancelled_not_cancel(
    english_contexts, client_for, counselor, seeker, vacancy
):
    referral = referral_at("proposed", seeker=seeker, vacancy=vacancy, counselor=counselor)
    do_move_referral(
        referral=referral, to_status=ReferralStatus.CANCELLED, actor=counselor, reason="구직자 사정"
    )
    text = _english(client_for(counselor), reverse("referrals:detail", args=[referral.pk]))
    assert ">Cancelled</span>" in text


def test_vacancy_page_distinguishes_closing_date_and_close_button(
    english_contexts, client_for, employer, employer_member
):
    vacancy = f.VacancyFactory(employer=employer)
    text = _english(client_for(employer_member), reverse("employers:vacancy", args=[vacancy.pk]))
    assert f"Closes {vacancy.closing_date:%Y-%m-%d}" in text
    assert ">Close</a>" in text


def test_consent_badge_reads_optional_and_row_checkbox_reads_select(
    english_contexts, client, client_for, counselor
):
    f.ConsentTextFactory(
        purpose=ConsentPurpose.SHARE_WITH_EMPLOYERS, required=False, title="이력서 공개", body="…"
    )
    assert ">Optional</span>" in _english(client, reverse("seekers:signup"))
    f.EmployerFactory(status="pending")
    assert ">Select</span>" in _english(client_for(counselor), reverse("console:home"))


def test_submit_button_is_an_action_not_the_received_status(english_contexts, client_for, counselor):
    text = _english(client_for(counselor), reverse("support:suggestion_create"))
    assert ">Submit<" in text
