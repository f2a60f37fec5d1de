"""Fair pages per persona: who may see and do what, and the printable outputs."""

import io
import subprocess

import pytest
from django.urls import reverse

from iljari.fairs import actions, scheduling
from iljari.fairs.models import Event, EventStatus, Interview, Participation, Registration
from iljari.referrals.models import Placement
from tests.factories import approved_booth, make_event, open_event, registered
from tests.referrals.helpers import run_db_worker

from .. import factories as f
from ..conftest import ARTIFACTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(counselor):
    event = make_event(counselor)
    a = approved_booth(event, counselor, interviewers=2)
    b = approved_booth(event, counselor, interviewers=1)
    open_event(event, counselor)
    regs = [registered(event, [a, b], consent_share_resume=(i % 2 == 0)) for i in range(4)]
    scheduling.do_optimise(event=event, actor=counselor, time_limit=2)
    return event, a, b, regs


def test_public_list_and_page_hide_drafts(client, counselor):
    draft = make_event(counselor, title="준비 중 박람회")
    live = make_event(counselor, title="공개 박람회")
    open_event(live, counselor)
    page = client.get(reverse("fairs:list")).content.decode()
    assert "공개 박람회" in page and "준비 중 박람회" not in page
    assert client.get(reverse("fairs:detail", args=[draft.pk])).status_code == 403
    assert client.get(reverse("fairs:detail", args=[live.pk])).status_code == 200


def test_event_page_shows_hall_map_and_companies(client, fair):
    event, a, b, _ = fair
    html = client.get(reverse("fairs:detail", args=[event.pk])).content.decode()
    assert a.employer.name in html and "부스 배치도" in html


@pytest.mark.parametrize("persona", ["seeker", "employer_member", "official"])
def test_organiser_pages_are_refused_to_others(request, client_for, fair, persona):
    event = fair[0]
    who = request.getfixturevalue(persona)
    client = client_for(getattr(who, "user", who))
    for name in [
        "fairs:manage",
        "fairs:timetable",
        "fairs:checkin",
        "fairs:queues",
        "fairs:outcomes",
        "fairs:walk_in",
    ]:
        assert client.get(reverse(name, args=[event.pk])).status_code == 403, name
    assert client.post(reverse("fairs:optimise", args=[event.pk])).status_code == 403


def test_create_event_form_validates_in_korean(client_for, counselor):
    client = client_for(counselor)
    resp = client.post(
        reverse("fairs:create"),
        {
            "title": "x",
            "kind": "fair",
            "mode": "offline",
            "date": "2026-12-01",
            "start_time": "12:00",
            "end_time": "10:00",
            "slot_minutes": 20,
            "buffer_slots": 1,
            "max_requests": 3,
            "venue": "",
            "booth_columns": 10,
        },
    )
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "종료 시각은 시작 시각보다 늦어야" in html or "장소가 필요" in html
    assert not Event.objects.filter(title="x").exists()


def test_optimise_page_shows_clear_message_for_zero_interviewers(client_for, counselor, fair, monkeypatch):
    event, a, *_ = fair
    Participation.objects.filter(pk=a.pk).update(interviewers=0)
    client = client_for(counselor)
    resp = client.post(reverse("fairs:optimise", args=[event.pk]))
    assert resp.status_code == 302 and resp.url.startswith("/tasks/")
    run_db_worker(monkeypatch)
    html = client.get(resp.url).content.decode()
    assert "면접관 수가 0명" in html and "실패" in html


def test_seeker_sees_own_schedule_not_others(client_for, fair):
    event, _, _, regs = fair
    mine, other = regs[0], regs[1]
    client = client_for(mine.seeker.user)
    assert client.get(reverse("fairs:seeker_schedule", args=[event.pk, mine.token])).status_code == 200
    assert client.get(reverse("fairs:seeker_schedule", args=[event.pk, other.token])).status_code == 403
    png = client.get(reverse("fairs:qr", args=[event.pk, mine.token]))
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"


def test_seeker_schedule_pdf_contains_korean_text(client_for, fair):
    event, _, _, regs = fair
    resp = client_for(regs[0].seeker.user).get(
        reverse("fairs:seeker_schedule", args=[event.pk, regs[0].token]) + "?format=pdf"
    )
    assert resp["Content-Type"] == "application/pdf" and resp.content[:5] == b"%PDF-"
    assert len(resp.content) > 5000  # embedded CJK font subset and the QR image
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "fair-seeker-schedule.pdf"
    path.write_bytes(resp.content)  # for a human look
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "면접 일정표" in text and event.title in text  # Korean glyphs really rendered


def test_employer_sees_own_booth_with_names_only_when_consented(client_for, fair):
    event, a, b, regs = fair
    member = f.EmployerMemberFactory(employer=a.employer).user
    client = client_for(member)
    html = client.get(reverse("fairs:booth_schedule", args=[event.pk, a.pk])).content.decode()
    for iv in Interview.objects.filter(participation=a).select_related("registration__seeker__user"):
        reg = iv.registration
        if reg.consent_share_resume:
            assert reg.seeker.user.full_name in html
        else:
            assert reg.seeker.user.full_name not in html
    assert client.get(reverse("fairs:booth_schedule", args=[event.pk, b.pk])).status_code == 403
    detail = client.get(reverse("fairs:detail", args=[event.pk])).content.decode()
    assert reverse("fairs:booth_schedule", args=[event.pk, a.pk]) in detail
    assert reverse("fairs:booth_schedule", args=[event.pk, b.pk]) not in detail


def test_employer_can_apply_once(client_for, counselor):
    event = make_event(counselor)
    open_event(event, counselor)
    member = f.EmployerMemberFactory().user
    client = client_for(member)
    resp = client.post(reverse("fairs:apply", args=[event.pk]), {"interviewers": 2, "note": ""})
    assert resp.status_code == 302
    assert event.participations.get().interviewers == 2
    assert client.get(reverse("fairs:apply", args=[event.pk])).status_code == 403


def test_seeker_registers_through_the_form_with_suggested_choices(client_for, counselor):
    event = make_event(counselor)
    a = approved_booth(event, counselor)
    open_event(event, counselor)
    seeker = f.SeekerFactory()
    client = client_for(seeker.user)
    page = client.get(reverse("fairs:register", args=[event.pk])).content.decode()
    assert a.employer.name in page
    resp = client.post(
        reverse("fairs:register", args=[event.pk]), {"choice_1": a.pk, "consent_share_resume": "on"}
    )
    assert resp.status_code == 302
    reg = Registration.objects.get(seeker=seeker)
    assert reg.consent_share_resume and reg.requests.get().participation == a


def test_check_in_through_qr_url_and_queues_and_outcomes(client_for, counselor, fair):
    event, a, b, regs = fair
    client = client_for(counselor)
    resp = client.post(reverse("fairs:checkin_token", args=[event.pk, regs[0].token]), follow=True)
    assert "입장을 확인했습니다" in resp.content.decode()
    resp = client.post(reverse("fairs:checkin", args=[event.pk]), {"token": "not-a-token"})
    assert resp.status_code == 200
    html = client.get(reverse("fairs:queues", args=[event.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert a.employer.name in html
    iv = Interview.objects.filter(event=event).first()
    client.post(reverse("fairs:mark", args=[event.pk, iv.pk]), {"status": "no_show"})
    iv.refresh_from_db()
    assert iv.status == "no_show"
    iv2 = Interview.objects.filter(event=event).exclude(pk=iv.pk).first()
    client.post(
        reverse("fairs:result", args=[event.pk, iv2.pk]), {"result": "hired", "monthly_wage": "2900000"}
    )
    assert Placement.objects.filter(seeker=iv2.registration.seeker, monthly_wage=2_900_000).exists()


def test_booth_schedule_pdf_lists_the_booths_interviews(client_for, counselor, fair):
    event, a, *_ = fair
    resp = client_for(counselor).get(reverse("fairs:booth_schedule", args=[event.pk, a.pk]) + "?format=pdf")
    assert resp["Content-Type"] == "application/pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "fair-booth-schedule.pdf"
    path.write_bytes(resp.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert a.employer.name in text
    for iv in Interview.objects.filter(participation=a):
        assert iv.slot_label in text


def test_report_page_excel_and_pdf(client_for, counselor, official, fair):
    event = fair[0]
    iv = Interview.objects.filter(event=event).first()
    actions.do_record_result(interview=iv, result="hired", actor=counselor, monthly_wage=3_000_000)
    html = client_for(official).get(reverse("fairs:report", args=[event.pk])).content.decode()
    assert "참여기업 2곳, 1차 면접 1건, 2차 면접 0건, 현장 채용 1명" in html
    x = client_for(official).get(reverse("fairs:report", args=[event.pk]) + "?format=xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(x.content))
    values = [c.value for row in wb.worksheets[0].iter_rows() for c in row]
    assert "현장 채용" in values and 1 in values
    p = client_for(official).get(reverse("fairs:report", args=[event.pk]) + "?format=pdf")
    assert p.content[:5] == b"%PDF-"


def test_report_is_refused_to_seekers_and_anonymous(client, client_for, seeker, fair):
    event = fair[0]
    assert client.get(reverse("fairs:report", args=[event.pk])).status_code == 403
    assert client_for(seeker.user).get(reverse("fairs:report", args=[event.pk])).status_code == 403


def test_event_status_moves_through_the_console(client_for, counselor, fair):
    event = fair[0]
    client_for(counselor).post(reverse("fairs:move", args=[event.pk]), {"to": "scheduled"})
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED
    assert not Interview.objects.filter(event=event, announced=False).exists()


def test_api_lists_events_and_refuses_optimise_to_seekers(client, client_for, counselor, seeker, fair):
    event = fair[0]
    items = client.get("/api/fairs/").json()
    assert any(e["id"] == event.pk and e["booths"] == 2 for e in items)
    resp = client_for(seeker.user).post(
        f"/api/fairs/{event.pk}/optimise", {"time_limit": 1}, content_type="application/json"
    )
    assert resp.status_code == 403


def test_api_optimise_reports_figures_and_infeasible_input_as_problem(client_for, counselor, fair):
    event, a, *_ = fair
    client = client_for(counselor)
    resp = client.post(f"/api/fairs/{event.pk}/optimise", {"time_limit": 2}, content_type="application/json")
    body = resp.json()
    assert resp.status_code == 200 and body["seekers_with_interview"] == 4 and body["bound"] >= body["value"]
    Participation.objects.filter(pk=a.pk).update(interviewers=0)
    resp = client.post(f"/api/fairs/{event.pk}/optimise", {"time_limit": 1}, content_type="application/json")
    assert resp.status_code == 422 and "면접관 수가 0명" in resp.json()["detail"]


def test_api_my_interviews_is_the_callers_own(client_for, fair):
    event, _, _, regs = fair
    rows = client_for(regs[0].seeker.user).get(f"/api/fairs/{event.pk}/my-interviews").json()
    assert len(rows) == regs[0].interviews.count() >= 1


def test_briefing_registration_needs_no_company_choice(client_for, counselor):
    briefing = make_event(
        counselor, kind="briefing", mode="online", venue="", video_url="https://example.org/live"
    )
    open_event(briefing, counselor)
    seeker = f.SeekerFactory()
    resp = client_for(seeker.user).post(reverse("fairs:register", args=[briefing.pk]), {})
    assert resp.status_code == 302, resp.context["form"].errors
    assert Registration.objects.filter(event=briefing, seeker=seeker).exists()


def test_cancelling_an_event_asks_first_and_works_without_javascript(client_for, counselor, fair):
    event = fair[0]
    client = client_for(counselor)
    url = reverse("fairs:move", args=[event.pk])
    step = client.post(url, {"to": "cancelled"})
    html = step.content.decode()
    assert step.status_code == 200 and 'id="confirm-step"' in html
    assert "되돌릴 수 없습니다" in html and event.title in html
    assert '<input type="hidden" name="to" value="cancelled">' in html
    assert '<input type="hidden" name="confirm" value="yes">' in html
    assert f'href="{reverse("fairs:manage", args=[event.pk])}"' in html  # the way back
    event.refresh_from_db()
    assert event.status != EventStatus.CANCELLED
    client.post(url, {"to": "cancelled", "confirm": "yes"})
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
