import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from iljari.core.workflow import history
from iljari.notifications.models import Delivery
from iljari.support.actions import (
    do_add_suggestion,
    do_apply_service,
    do_assign_expert,
    do_confirm_consulting_request,
    do_decide_service,
    do_move_suggestion,
    do_record_service_usage,
    do_record_visit,
    do_submit_consulting_request,
    eligibility_problems,
    sla_statistics,
    visit_statistics,
)
from iljari.support.models import ConsultingRequest, Expert, SupportService
from tests import factories as f
from tests.referrals.helpers import IMMEDIATE_TASKS

pytestmark = pytest.mark.django_db


def _suggestion(employer, counselor, **kw):
    data = {
        "category": "workforce",
        "title": "통근버스 노선 연장",
        "body": "남동공단↔소래포구역 노선 연장 요청",
        "department": "교통정책과",
    }
    data.update(kw)
    return do_add_suggestion(employer=employer, actor=counselor, **data)


@pytest.fixture
def expert(db):
    return Expert.objects.create(name="김수출", affiliation="인천테크노파크", fields=["export", "technology"])


@pytest.fixture
def laundry(db):
    return SupportService.objects.create(
        name="작업복 세탁 원스톱 서비스",
        slug="laundry",
        audience="employer",
        summary="작업복 수거·세탁",
        root_sectors=["welding", "casting"],
        max_employees=50,
        region_prefixes=["28"],
    )


def test_visit_needs_staff_topics_and_a_past_date(employer, counselor):
    with pytest.raises(ValidationError) as info:
        do_record_visit(
            employer=employer,
            visited_on=timezone.localdate() + dt.timedelta(days=1),
            staff=[],
            topics=["space"],
            actor=counselor,
        )
    assert set(info.value.message_dict) == {"visited_on", "staff", "topics"}


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_suggestion_is_followed_to_resolution_and_the_company_is_notified(
    employer, employer_member, counselor, django_capture_on_commit_callbacks
):
    suggestion = _suggestion(employer, counselor)
    with pytest.raises(ValidationError, match="'접수' 상태에서 '처리완료'"):
        do_move_suggestion(suggestion=suggestion, to_status="resolved", actor=counselor, resolution="완료")
    do_move_suggestion(suggestion=suggestion, to_status="reviewing", actor=counselor)
    with pytest.raises(ValidationError, match="처리 결과"):
        do_move_suggestion(suggestion=suggestion, to_status="resolved", actor=counselor)
    with django_capture_on_commit_callbacks(execute=True):
        suggestion = do_move_suggestion(
            suggestion=suggestion,
            to_status="resolved",
            actor=counselor,
            resolution="교통정책과 검토 후 내년 1월 노선 연장 확정",
        )
    suggestion.refresh_from_db()
    assert suggestion.notified_at is not None and suggestion.resolved_on == timezone.localdate()
    notice = Delivery.objects.get(template_key="suggestion_resolved")
    assert notice.recipient == employer_member and notice.status == "sent"
    assert "노선 연장 확정" in notice.body
    assert [h.to_state for h in history(suggestion)] == ["received", "reviewing", "resolved"]


def test_statistics_read_like_the_article(employer, other_employer, counselor):
    today = timezone.localdate()
    for company in (employer, other_employer):
        visit = do_record_visit(
            employer=company, visited_on=today, staff=[counselor], topics=["export"], actor=counselor
        )
        for n in range(3):
            _suggestion(company, counselor, visit=visit, title=f"건의 {n}")
    first = employer.suggestions.first()
    do_move_suggestion(suggestion=first, to_status="rejected", actor=counselor, resolution="권한 밖")
    second = employer.suggestions.exclude(pk=first.pk).first()
    do_move_suggestion(suggestion=second, to_status="reviewing", actor=counselor)
    do_move_suggestion(suggestion=second, to_status="resolved", actor=counselor, resolution="완료")
    stats = visit_statistics(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    assert (
        stats["companies_visited"],
        stats["suggestions"],
        stats["resolved"],
        stats["in_progress"],
        stats["rejected"],
    ) == (2, 6, 1, 4, 1)


def test_suggestion_due_before_receipt_or_from_another_company_visit_is_refused(
    employer, other_employer, counselor
):
    visit = do_record_visit(
        employer=other_employer,
        visited_on=timezone.localdate(),
        staff=[counselor],
        topics=["export"],
        actor=counselor,
    )
    with pytest.raises(ValidationError) as info:
        _suggestion(employer, counselor, visit=visit, due_on=timezone.localdate() - dt.timedelta(days=1))
    assert set(info.value.message_dict) == {"visit", "due_on"}


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_consulting_request_is_routed_reviewed_answered_within_sla(
    expert, program_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consulting_request = do_submit_consulting_request(
            company_name="(주)부평금형",
            contact_name="박담당",
            contact_email="park@bupyeong.kr",
            field="export",
            subject="베트남 수출 원산지 증명",
            body="절차를 알려 주세요.",
        )
    assert consulting_request.status == "unconfirmed"  # an unconfirmed address gets the link only
    link = Delivery.objects.get(template_key="consulting_confirm").body
    token = link.split("/support/consulting/confirm/")[1].split("/")[0]
    with django_capture_on_commit_callbacks(execute=True):
        consulting_request = do_confirm_consulting_request(token=token)
    assert consulting_request.due_on == timezone.localdate() + dt.timedelta(days=14)
    other = Expert.objects.create(name="이환경", fields=["environment"])
    with pytest.raises(ValidationError, match="전문 분야가 아닙니다"):
        do_assign_expert(consulting_request=consulting_request, expert=other, actor=program_manager)
    do_assign_expert(consulting_request=consulting_request, expert=expert, actor=program_manager)
    from iljari.support.actions import do_answer_consulting, do_start_review

    with pytest.raises(ValidationError, match="바꿀 수 없습니다"):
        do_answer_consulting(consulting_request=consulting_request, result="답변", actor=program_manager)
    do_start_review(consulting_request=consulting_request, actor=program_manager)
    with django_capture_on_commit_callbacks(execute=True):
        do_answer_consulting(
            consulting_request=consulting_request,
            result="원산지 확인서 발급 절차 안내",
            actor=program_manager,
        )
    stats = sla_statistics()
    assert (stats["answered"], stats["on_time_rate"], stats["overdue"]) == (1, 100.0, 0)
    assert list(Delivery.objects.order_by("id").values_list("template_key", "to_address", "status")) == [
        ("consulting_confirm", "park@bupyeong.kr", "sent"),
        ("consulting_received", "park@bupyeong.kr", "sent"),
        ("consulting_answered", "park@bupyeong.kr", "sent"),
    ]


def test_overdue_consulting_requests_are_counted(expert, program_manager):
    consulting_request = (
        do_submit_consulting_request(  # entered by staff from an e-mail: no confirmation step
            actor=program_manager,
            channel="email",
            company_name="A",
            contact_name="B",
            contact_email="a@b.kr",
            field="export",
            subject="s",
            body="b",
            received_at=timezone.now() - dt.timedelta(days=20),
        )
    )
    assert consulting_request.is_overdue
    assert sla_statistics()["overdue"] == 1


def test_public_consulting_form_and_api_validate_in_korean(client):
    page = client.post("/support/consulting/new/", {"company_name": "", "contact_email": "not-an-email"})
    assert page.status_code == 400 and "이메일 주소 형식이 올바르지 않습니다" in page.text
    response = client.post(
        "/api/support/consulting",
        {
            "company_name": "(주)남동열처리",
            "contact_name": "최담당",
            "contact_email": "choi@example.kr",
            "field": "technology",
            "subject": "진공로 도입",
            "body": "타당성 검토 요청",
            "channel": "email",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert ConsultingRequest.objects.get().channel == "web"  # only staff may say it came by e-mail
    bad = client.post(
        "/api/support/consulting",
        {
            "company_name": "x",
            "contact_name": "y",
            "contact_email": "z",
            "field": "space",
            "subject": "s",
            "body": "b",
        },
        content_type="application/json",
    )
    assert bad.status_code == 422 and {"contact_email", "field"} <= set(bad.json()["errors"])


def test_service_eligibility_is_checked_on_application_and_approval(
    employer, employer_member, counselor, laundry
):
    assert eligibility_problems(laundry, employer=employer) == []
    big = f.EmployerFactory(employees=120, root_sector="mold")
    problems = eligibility_problems(laundry, employer=big)
    assert len(problems) == 2 and any("50인 이하" in p for p in problems)
    with pytest.raises(ValidationError):
        do_apply_service(service=laundry, actor=employer_member, employer=big)
    application = do_apply_service(
        service=laundry, actor=employer_member, employer=employer, note="주 2회 수거"
    )
    with pytest.raises(ValidationError, match="이미 신청"):
        do_apply_service(service=laundry, actor=employer_member, employer=employer)
    with pytest.raises(ValidationError, match="반려 사유"):
        do_decide_service(application=application, approve=False, actor=counselor)
    do_decide_service(application=application, approve=True, actor=counselor)
    application = do_record_service_usage(application=application, actor=counselor, count=30)
    application = do_record_service_usage(application=application, actor=counselor, count=12, complete=True)
    assert (application.status, application.usage_count) == ("completed", 42)


def test_applications_page_totals_each_services_use(
    client_for, employer, employer_member, counselor, laundry
):
    idle = SupportService.objects.create(
        name="기숙사 임차 지원", slug="dorm", audience="employer", summary="-"
    )
    application = do_apply_service(service=laundry, actor=employer_member, employer=employer)
    do_decide_service(application=application, approve=True, actor=counselor)
    do_record_service_usage(application=application, actor=counselor, count=30)
    do_record_service_usage(application=application, actor=counselor, count=12)
    response = client_for(counselor).get("/support/applications/")
    usage = {s.slug: (s.approved, s.waiting, s.used) for s in response.context["usage"]}
    assert usage[laundry.slug] == (1, 0, 42)
    assert usage[idle.slug] == (0, 0, 0)


def test_seeker_cannot_apply_to_an_employer_service(seeker, laundry):
    assert eligibility_problems(laundry, seeker=seeker) == ["기업만 신청할 수 있는 서비스입니다."]


def test_support_pages_per_persona(
    client, client_for, counselor, employer_member, seeker, official, laundry, employer
):
    suggestion = _suggestion(employer, counselor)
    for path in (
        "/support/",
        "/support/visits/",
        "/support/suggestions/",
        f"/support/suggestions/{suggestion.pk}/",
        "/support/consulting/",
        "/support/experts/",
        "/support/applications/",
        "/support/visits/new/",
    ):
        assert client_for(counselor).get(path).status_code == 200, path
        assert client_for(employer_member).get(path).status_code == 403, path
        assert client_for(official).get(path).status_code == 403, path
    assert client.get("/support/services/").status_code == 200
    assert client.get("/support/services/laundry/").status_code == 200
    assert client.get("/support/consulting/new/").status_code == 200
    member = client_for(employer_member)
    assert "신청 자격 요건을 충족합니다" in member.get("/support/services/laundry/").text
    assert member.post("/support/services/laundry/", {"note": "세탁"}).status_code == 302
    assert member.get("/api/support/suggestions").json()[0]["id"] == suggestion.pk
    other = client_for(f.EmployerMemberFactory(user__username="emp_other").user)
    assert other.get("/api/support/suggestions").json() == []


def test_suggestion_list_has_no_n_plus_one(client_for, counselor, django_assert_max_num_queries):
    for _ in range(10):
        _suggestion(f.EmployerFactory(), counselor)
    client = client_for(counselor)
    with django_assert_max_num_queries(14):
        assert client.get("/support/suggestions/").status_code == 200


def test_api_statistics_and_suggestion_transition(client_for, counselor, employer):
    client = client_for(counselor)
    created = client.post(
        "/api/support/suggestions",
        {
            "employer_id": employer.pk,
            "category": "environment",
            "title": "폐수",
            "body": "처리 지원",
            "department": "환경정책과",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    illegal = client.post(
        f"/api/support/suggestions/{pk}/transitions",
        {"to_status": "in_progress"},
        content_type="application/json",
    )
    assert illegal.status_code == 422
    stats = client.get("/api/support/statistics").json()
    assert stats["suggestions"] == 1 and stats["in_progress"] == 1
