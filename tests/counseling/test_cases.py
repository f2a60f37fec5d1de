import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from iljari.audit.models import AccessLog
from iljari.core.workflow import history
from iljari.counseling.actions import (
    do_add_action_item,
    do_add_note,
    do_move_case,
    do_transfer_case,
)
from iljari.counseling.models import Attachment, Case
from tests import factories as f
from tests.factories import open_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def case(seeker, counselor):
    return open_case(seeker, counselor, goal="용접 정규직 취업")


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_case_moves_through_stages_and_every_move_is_logged(case, counselor):
    for stage in ("planning", "training", "job_search", "employed", "aftercare"):
        case = do_move_case(case=case, to_stage=stage, actor=counselor)
    with pytest.raises(ValidationError, match="종결 사유"):
        do_move_case(case=case, to_stage="closed", actor=counselor)
    case = do_move_case(case=case, to_stage="closed", actor=counselor, reason="6개월 고용 유지 확인")
    assert case.closed_on == timezone.localdate()
    log = [(h.from_state, h.to_state, h.actor_id) for h in history(case)]
    assert log[0] == ("", "intake", counselor.pk)
    assert log[-1] == ("aftercare", "closed", counselor.pk)
    assert len(log) == 7


def test_illegal_stage_jump_is_refused_with_a_clear_message(case, counselor, client_for):
    with pytest.raises(ValidationError, match="'초기상담' 상태에서 '취업' 상태로 바꿀 수 없습니다"):
        do_move_case(case=case, to_stage="employed", actor=counselor)
    page = client_for(counselor).post(f"/cases/{case.pk}/move/", {"to_stage": "aftercare"})
    assert page.status_code == 400
    assert "바꿀 수 없습니다" in page.text
    case.refresh_from_db()
    assert case.stage == "intake"


def test_one_open_case_per_seeker(case, seeker, other_team_counselor):
    with pytest.raises(ValidationError, match="이미 진행 중인 상담 사례"):
        open_case(seeker, other_team_counselor)


def test_transfer_changes_counselor_and_team_and_is_recorded(
    case, counselor, other_team_counselor, client_for
):
    with pytest.raises(ValidationError) as info:
        do_transfer_case(case=case, to_counselor=counselor, actor=counselor, reason="")
    assert set(info.value.message_dict) == {"to_counselor", "reason"}
    response = client_for(counselor).post(
        f"/cases/{case.pk}/transfer/",
        {"to_counselor": other_team_counselor.pk, "reason": "거주지 이전(부평)"},
    )
    assert response.status_code == 302 and response["Location"] == "/cases/"
    case.refresh_from_db()
    assert case.counselor == other_team_counselor and case.team == other_team_counselor.team
    assert case.transfers.get().from_counselor == counselor
    assert client_for(counselor).get(f"/cases/{case.pk}/").status_code == 403  # no longer their team


def test_counselor_sees_own_and_team_cases_only(
    case, team, counselor, other_team_counselor, other_seeker, client_for
):
    other = open_case(other_seeker, other_team_counselor)
    teammate = f.UserFactory(username="counselor_team", role="counselor", team=team)
    client = client_for(teammate)
    page = client.get("/cases/?scope=team")
    assert f"/cases/{case.pk}/" in page.text and f"/cases/{other.pk}/" not in page.text
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert client.get(f"/cases/{other.pk}/").status_code == 403
    api = client.get("/api/cases?scope=team").json()
    assert [c["id"] for c in api["results"]] == [case.pk]
    assert client.get(f"/api/cases/{other.pk}").status_code == 404


def test_employer_seeker_and_official_cannot_open_case_files(
    case, client_for, employer_member, seeker, official
):
    for user in (employer_member, official):
        client = client_for(user)
        assert client.get(f"/cases/{case.pk}/").status_code == 403
        assert client.get("/api/cases").status_code == 403
    assert client_for(seeker.user).get(f"/cases/{case.pk}/").status_code == 403


def test_seeker_sees_own_summary_but_never_internal_notes(case, seeker, counselor, client_for):
    do_add_note(case=case, author=counselor, body="이력서 수정 방향을 함께 정했습니다.", internal=False)
    do_add_note(case=case, author=counselor, body="음주 문제 의심, 관찰 필요", internal=True)
    do_add_action_item(case=case, actor=counselor, title="이력서 제출", due_on=timezone.localdate())
    client = client_for(seeker.user)
    page = client.get("/cases/mine/")
    assert "이력서 수정 방향" in page.text and "이력서 제출" in page.text
    assert "음주" not in page.text
    api = client.get("/api/cases/mine").json()
    assert [n["body"] for n in api["notes"]] == ["이력서 수정 방향을 함께 정했습니다."]
    assert "음주" not in str(api)
    assert client.get("/cases/").status_code == 302  # a seeker's caseload is their own case


def test_caseload_shows_overdue_plan_items_without_n_plus_one(
    counselor, client_for, django_assert_max_num_queries
):
    for n in range(8):
        c = open_case(f.SeekerFactory(), counselor)
        item = do_add_action_item(case=c, actor=counselor, title=f"할 일 {n}", due_on=c.opened_on)
        Case.objects.filter(pk=c.pk).update(opened_on=c.opened_on - dt.timedelta(days=10))
        type(item).objects.filter(pk=item.pk).update(due_on=timezone.localdate() - dt.timedelta(days=3))
    client = client_for(counselor)
    with django_assert_max_num_queries(16):
        page = client.get("/cases/")
    assert page.status_code == 200
    assert "기한이 지난 활동 계획 8건" in page.text
    assert client.get("/cases/?overdue=1").text.count("/cases/") >= 8


def test_note_form_errors_are_field_level_korean(case, counselor, client_for):
    page = client_for(counselor).post(
        f"/cases/{case.pk}/notes/", {"kind": "session", "body": " ", "session_on": "2999-01-01"}
    )
    assert page.status_code == 400
    assert "필수 항목입니다" in page.text or "입력해 주세요" in page.text
    assert not case.notes.exists()


def test_pdf_and_docx_upload_are_stored_outside_web_root_and_download_is_logged(
    case, counselor, client_for, media_root
):
    client = client_for(counselor)
    for name, data in (("이력서.pdf", PDF), ("자기소개서.docx", _docx())):
        response = client.post(f"/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 302, response.content
    stored = list(Attachment.objects.order_by("id"))
    assert [a.kind for a in stored] == ["pdf", "docx"]
    assert str(media_root) in stored[0].file.path and "이력서" not in stored[0].file.name
    download = client.get(f"/cases/attachments/{stored[0].pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert AccessLog.objects.filter(action="download", subject_id=str(case.seeker_id)).count() == 1


def test_disguised_or_oversized_uploads_are_refused(case, counselor, client_for, settings):
    client = client_for(counselor)
    page = client.post(
        f"/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00evil")}
    )
    assert page.status_code == 400 and "PDF, JPG, PNG, HWP, DOCX, XLSX 파일만" in page.text
    page = client.post(f"/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile("scan.png", PDF)})
    assert page.status_code == 400 and "확장자" in page.text
    settings.MAX_UPLOAD_BYTES = 10
    page = client.post(f"/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert page.status_code == 400 and "너무 큽니다" in page.text
    assert not Attachment.objects.exists()


def test_attachment_download_is_refused_to_other_team(case, counselor, other_team_counselor, client_for):
    client = client_for(counselor)
    client.post(f"/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile("a.pdf", PDF)})
    attachment = Attachment.objects.get()
    client.force_login(other_team_counselor)
    assert client.get(f"/cases/attachments/{attachment.pk}/").status_code == 403


def test_api_opens_case_moves_it_and_adds_plan(seeker, counselor, client_for):
    client = client_for(counselor)
    response = client.post(
        "/api/cases", {"seeker_id": seeker.pk, "goal": "금형 취업"}, content_type="application/json"
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    bad = client.post(f"/api/cases/{pk}/transitions", {"to_stage": "closed"}, content_type="application/json")
    assert bad.status_code == 422 and "reason" in bad.json()["errors"]
    ok = client.post(
        f"/api/cases/{pk}/transitions", {"to_stage": "planning"}, content_type="application/json"
    )
    assert ok.json()["stage"] == "planning"
    plan = client.post(
        f"/api/cases/{pk}/plan",
        {"title": "훈련 상담", "due_on": "2020-01-01"},
        content_type="application/json",
    )
    assert plan.status_code == 422 and "due_on" in plan.json()["errors"]


@override_settings(MAX_UPLOAD_BYTES=1024)
def test_case_detail_page_renders_all_sections(case, counselor, client_for):
    page = client_for(counselor).get(f"/cases/{case.pk}/")
    for heading in ("활동 계획", "상담 기록", "첨부 파일", "담당자 변경", "단계 이력", "알선하기"):
        assert heading in page.text
    assert 'aria-current="step"' in page.text


@pytest.mark.parametrize(
    "path",
    [
        "/cases/?seeker=abc",
        "/cases/?q=%00&sq=%00",
        "/cases/new/?seeker=x",
        "/referrals/new/?seeker=1e9",
        "/referrals/?q=%00",
        "/referrals/placements/new/?seeker=abc&employer=%00",
    ],
)
def test_pages_answer_garbage_parameters_without_a_server_error(client_for, counselor, path):
    assert client_for(counselor).get(path).status_code in (200, 404)
