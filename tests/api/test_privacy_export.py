"""GET /api/privacy/me: the data subject's full export, the same with a session or a bearer token.

Found by the API persona matrix: with a session the export left out every record pointing at
the account (request.user is a lazy wrapper, so no foreign key matched its type), and with a
bearer token an uploaded file in a record made the endpoint answer 500.
"""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from iljari.accounts.actions import do_issue_api_token
from iljari.counseling.actions import do_open_case
from iljari.counseling.models import Attachment

pytestmark = pytest.mark.django_db


def test_the_export_with_a_session_holds_the_records_that_point_at_my_account(client_for, seeker):
    client = client_for(seeker.user)
    assert client.put("/api/notifications/opt-outs/sms").status_code == 200
    body = client.get("/api/privacy/me").json()
    assert [row["channel"] for row in body["records"]["수신 거부"]] == ["문자(SMS)"]


@pytest.mark.parametrize("auth", ["session", "bearer"])
def test_a_record_with_an_uploaded_file_is_exported_by_its_stored_name(
    auth, seeker, counselor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.ILJARI_REQUIRE_STAFF_2FA = False
    case = do_open_case(seeker=seeker, counselor=counselor, actor=counselor)
    attachment = Attachment(
        case=case,
        original_name="이력서.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=4,
        uploaded_by=counselor,
    )
    attachment.file.save("resume.pdf", ContentFile(b"%PDF"), save=True)
    if auth == "session":
        client = Client()
        client.force_login(counselor)
    else:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {do_issue_api_token(user=counselor, name='export')[1]}")
    response = client.get("/api/privacy/me")
    assert response.status_code == 200, response.content[:300]
    rows = response.json()["records"]["첨부 파일"]
    assert [row["file"] for row in rows] == [attachment.file.name]
    assert rows[0]["original_name"] == "이력서.pdf"
