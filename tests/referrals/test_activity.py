"""The seeker's 취업 활동 page: the center's 알선 (answered from the page), the 동행면접 appointment with
place, time and the counselor's name and phone, the hire and the follow-up calls; the messages about
them reach the inbox and, through the task worker, the demo's message log."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from iljari.notifications.models import Notice
from iljari.referrals.actions import do_create_referral, do_hire, do_move_referral
from iljari.referrals.models import ReferralStatus
from iljari.vacancies.actions import do_apply, do_move_application
from tests.factories import accompanied

from .helpers import DB_TASKS, run_db_worker

pytestmark = pytest.mark.django_db
ACTIVITY = reverse("referrals:activity")


@pytest.fixture
def message_log(tmp_path, settings):
    settings.TASKS = DB_TASKS
    settings.EMAIL_BACKEND = "iljari.notifications.senders.MessageLogEmailBackend"
    settings.ILJARI_SMS_SENDER = "iljari.notifications.senders.MessageLogSmsSender"
    settings.ILJARI_MESSAGE_LOG = str(tmp_path / "messages.log")
    return tmp_path / "messages.log"


def test_a_referral_an_accompanied_interview_and_a_hire_reach_the_seeker(
    client, seeker, vacancy, counselor, message_log, monkeypatch, django_capture_on_commit_callbacks
):
    counselor.phone = "032-123-4567"
    counselor.save()
    client.force_login(seeker.user)
    with django_capture_on_commit_callbacks(execute=True):
        referral = do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor)
    page = client.get(ACTIVITY).content.decode()
    assert "일자리센터의 알선" in page and 'id="referral-proposals"' in page
    response = client.post(
        reverse("referrals:answer", args=[referral.pk, "accept"]), {"next": ACTIVITY}
    )  # accepted from the timeline itself
    assert response.status_code == 302 and response["Location"] == ACTIVITY
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SEEKER_ACCEPTED
    with django_capture_on_commit_callbacks(execute=True):
        do_move_referral(referral=referral, to_status="employer_review", actor=counselor)
        interview = accompanied(referral, counselor)
        do_hire(referral=referral, actor=counselor, hire_date=timezone.localdate(), monthly_wage=3_000_000)
    run_db_worker(monkeypatch)

    page = client.get(ACTIVITY).content.decode()
    when = timezone.localtime(interview.starts_at).strftime("%Y-%m-%d")
    assert f"동행면접: {vacancy.employer.name}" in page
    assert when in page and timezone.localtime(interview.starts_at).strftime("%H:%M") in page
    assert "(주)남동용접 본관 2층" in page and "남동공단역 2번 출구" in page
    assert counselor.display_name in page and 'href="tel:032-123-4567"' in page
    assert f"취업: {vacancy.employer.name}" in page
    assert "고용 유지 확인 전화 예정 (1개월 차)" in page

    keys = set(Notice.objects.filter(recipient=seeker.user).values_list("template_key", flat=True))
    assert keys == {"referral_proposed", "interview_scheduled", "placement_recorded"}
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "채용 알선 제안" in inbox and "면접 일정 안내" in inbox and "취업을 축하합니다" in inbox
    log = message_log.read_text(encoding="utf-8")
    assert "채용 알선 제안" in log and "동행" in log and "취업을 축하합니다" in log
    assert f"email → {seeker.user.email}" in log and f"sms → {seeker.user.phone}" in log


def test_moving_an_application_to_interview_shows_no_appointment_time(
    client, seeker, vacancy, employer_member
):
    application = do_apply(seeker=seeker, vacancy=vacancy)
    do_move_application(application=application, to_status="screening", actor=employer_member)
    do_move_application(application=application, to_status="interview", actor=employer_member)
    client.force_login(seeker.user)
    page = client.get(ACTIVITY).content.decode()
    assert "면접 대상자로 선정" in page
    assert "동행면접:" not in page and 'id="upcoming"' in page
    upcoming = page[page.index('id="upcoming"') : page.index('id="history"')]
    assert "예정된 면접이나 연락이 없습니다" in upcoming
    applications = client.get(reverse("referrals:seeker_applications")).content.decode()
    timeline = applications.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert not re.search(r"\d{2}:\d{2}", timeline), timeline  # dates only: no appointment-like time
    assert "면접 대상자로 선정" in applications


def test_the_timeline_is_the_seekers_own(client, seeker, other_seeker, vacancy, counselor):
    do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor)
    client.force_login(other_seeker.user)
    assert vacancy.title not in client.get(ACTIVITY).content.decode()
    client.force_login(counselor)
    assert client.get(ACTIVITY).status_code in (302, 403)
    client.logout()
    assert client.get(ACTIVITY).status_code == 302


def test_the_timeline_is_in_the_menu_and_my_case_says_how_to_apply(client, seeker):
    client.force_login(seeker.user)
    assert ACTIVITY in client.get("/").content.decode()
    mine = client.get(reverse("counseling:mine")).content.decode()
    assert 'id="apply-counseling"' in mine and 'href="tel:' in mine


def test_declining_from_the_timeline(client, seeker, vacancy, counselor):
    referral = do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor)
    client.force_login(seeker.user)
    client.post(reverse("referrals:answer", args=[referral.pk, "decline"]), {"next": ACTIVITY})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CANCELLED
    assert 'id="referral-proposals"' not in client.get(ACTIVITY).content.decode()
