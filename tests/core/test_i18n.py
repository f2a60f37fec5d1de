"""English second: labels defined at module level follow the language of each request.

These strings were translated once, at import time, so the English pages showed Korean. The
English texts asserted here are in the committed catalogue (locale/en/LC_MESSAGES/django.po).
"""

import html

import pytest
from django.urls import reverse
from django.utils.functional import Promise

from iljari.notifications.templates import DEFAULT_TEMPLATES
from iljari.notifications.templates import render as render_notification
from iljari.support.actions import do_add_suggestion
from tests import factories as f
from tests.factories import accompanied, open_case, referral_at

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
KO = {"HTTP_ACCEPT_LANGUAGE": "ko"}


def _text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_vacancy_csv_header_follows_the_request_language(client, employer):
    f.VacancyFactory(employer=employer, title="CO2용접공 모집")
    url = reverse("vacancies:export_csv")

    english = b"".join(client.get(url, **EN).streaming_content).decode("utf-8")
    korean = b"".join(client.get(url, **KO).streaming_content).decode("utf-8")

    assert english.startswith("\ufeffVacancy no.,External vacancy no.,")
    assert "Closing date" in english.splitlines()[0]
    assert korean.startswith("\ufeff공고번호,외부 공고번호,")


def test_console_queue_titles_in_english(client_for, counselor):
    client = client_for(counselor)
    english = _text(client.get(reverse("console:home"), **EN))
    assert "Employers awaiting approval" in english
    assert "New job seekers to contact" in english
    assert "승인 대기 기업" not in english
    assert "승인 대기 기업" in _text(client.get(reverse("console:home"), **KO))


def test_referral_move_buttons_in_english(client_for, counselor, seeker, vacancy):
    referral = referral_at("seeker_accepted", seeker=seeker, vacancy=vacancy, counselor=counselor)
    client = client_for(counselor)
    url = reverse("referrals:detail", args=[referral.pk])
    english = _text(client.get(url, **EN))
    assert "Send recommendation to employer" in english
    assert "기업에 추천서 전달" not in english
    assert "기업에 추천서 전달" in _text(client.get(url, **KO))


def test_case_stage_buttons_in_english(client_for, counselor, seeker):
    case = open_case(seeker, counselor, goal="용접 정규직 취업")
    client = client_for(counselor)
    url = reverse("counseling:detail", args=[case.pk])
    english = _text(client.get(url, **EN))
    assert "Move to career planning" in english
    assert "진로설정으로" not in english
    assert "진로설정으로" in _text(client.get(url, **KO))


def test_suggestion_move_buttons_in_english(client_for, counselor, employer):
    suggestion = do_add_suggestion(
        employer=employer,
        actor=counselor,
        category="workforce",
        title="통근버스 노선 연장",
        body="남동공단↔소래포구역 노선 연장 요청",
        department="교통정책과",
    )
    client = client_for(counselor)
    url = reverse("support:suggestion", args=[suggestion.pk])
    english = _text(client.get(url, **EN))
    assert "Start review" in english
    assert "검토 시작" not in english
    assert "검토 시작" in _text(client.get(url, **KO))


def test_access_log_csv_header_in_english(client_for, admin_user):
    response = client_for(admin_user).get(reverse("audit:access_log"), {"format": "csv"}, **EN)
    header = response.content.decode("utf-8").lstrip("\ufeff").splitlines()[0]
    assert header.startswith("Date and time,Handled by,")


def test_retention_groupings_in_english(client_for, official):
    client = client_for(official)
    english = _text(client.get(reverse("referrals:retention"), **EN))
    assert "Root industry sector" in english
    assert "뿌리산업 분야" in _text(client.get(reverse("referrals:retention"), **KO))


def test_interview_calendar_name_in_english(client_for, counselor, seeker, vacancy):
    referral = referral_at("employer_review", seeker=seeker, vacancy=vacancy, counselor=counselor)
    interview = accompanied(referral, counselor)
    url = reverse("referrals:interview_ics", args=[interview.pk])
    client = client_for(counselor)
    assert "X-WR-CALNAME:Interview schedule" in client.get(url, **EN).content.decode()
    assert "X-WR-CALNAME:면접 일정" in client.get(url, **KO).content.decode()


def test_builtin_notification_texts_are_lazy_and_rendered_in_korean_by_default(seeker):
    for channels in DEFAULT_TEMPLATES.values():
        for subject, body in channels.values():
            assert isinstance(body, Promise)
            assert subject == "" or isinstance(subject, Promise)
    subject, body = render_notification("interview_reminder", "email", {"name": "홍길동", "when": "10:00"})
    assert subject == "[일자리센터] 내일 면접 안내"
    assert body.startswith("홍길동님, 내일 10:00")
