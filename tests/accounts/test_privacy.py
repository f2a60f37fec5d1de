"""The data subject's export, account deletion (anonymisation), consent withdrawal, retention."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from iljari.accounts.actions import do_record_consents
from iljari.accounts.models import ConsentPurpose, User
from iljari.accounts.privacy import do_delete_account, export_personal_data
from iljari.audit.actions import log_access, verify_chain
from iljari.audit.models import AccessLog
from iljari.seekers.models import Seeker
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent_texts(db):
    f.ConsentTextFactory(purpose=ConsentPurpose.SERVICE, required=True, title="서비스", body="…")
    f.ConsentTextFactory(
        purpose=ConsentPurpose.SHARE_WITH_EMPLOYERS, required=False, title="기업 제공", body="…"
    )


def test_export_holds_profile_records_consents_and_who_viewed_me(seeker, counselor, consent_texts):
    f.VacancyFactory()  # someone else's data must not appear
    do_record_consents(user=seeker.user, answers={"service": True, "share_employers": True})
    log_access(actor=counselor, action="view", subject=seeker, fields="연락처", purpose="알선")
    data = export_personal_data(seeker.user)
    assert data["profile"]["account"]["full_name"] == "홍길동"
    assert "password" not in data["profile"]["account"]
    assert data["profile"]["seeker"]["birth_year"] == seeker.birth_year
    assert {c["title"] for c in data["consents"]} == {"서비스", "기업 제공"}
    assert data["access_history"][0]["by"] == "counselor_a"
    assert data["access_history"][0]["purpose"] == "알선"
    json.dumps(data)  # plain JSON


def test_my_data_page_and_download_are_logged(client_for, seeker):
    client = client_for(seeker.user)
    page = client.get(reverse("accounts:my_data"))
    assert page.status_code == 200
    assert "홍길동" in page.content.decode()
    download = client.get(reverse("accounts:my_data_download"))
    assert download["Content-Type"].startswith("application/json")
    assert json.loads(download.content)["profile"]["account"]["username"] == "seeker_a"
    assert list(
        AccessLog.objects.filter(actor=seeker.user).values_list("action", flat=True).order_by("id")
    ) == [
        "view",
        "export",
    ]


def test_the_api_export_is_only_my_own(client_for, seeker, other_seeker):
    body = client_for(other_seeker.user).get("/api/privacy/me").json()
    assert body["profile"]["account"]["username"] == "seeker_b"
    assert "홍길동" not in json.dumps(body, ensure_ascii=False)


def test_anonymous_cannot_export(client):
    assert client.get("/api/privacy/me").status_code == 401
    assert client.get(reverse("accounts:my_data")).status_code == 302


def test_deleting_my_account_anonymises_me_and_signs_me_out(client_for, seeker, consent_texts):
    do_record_consents(user=seeker.user, answers={"service": True, "share_employers": True})
    client = client_for(seeker.user)
    refused = client.post(reverse("accounts:delete_account"), {"password": "wrong", "confirm": "on"})
    assert "비밀번호가 올바르지 않습니다" in refused.content.decode()
    response = client.post(reverse("accounts:delete_account"), {"password": f.PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    user = User.objects.get(pk=seeker.user.pk)
    assert user.username == f"deleted-{user.pk}"
    assert (user.full_name, user.email, user.phone) == ("", "", "")
    assert not user.is_active and not user.has_usable_password()
    profile = Seeker.objects.get(pk=seeker.pk)
    assert profile.anonymised_at is not None
    assert profile.birth_year % 10 == 0
    assert not user.consents.filter(withdrawn_at__isnull=True).exists()
    assert client.get(reverse("accounts:my_data")).status_code == 302
    assert AccessLog.objects.filter(action="delete", subject_id=str(user.pk)).exists()
    assert verify_chain() == (True, None)


def test_another_user_cannot_delete_someone_else(seeker, other_seeker):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        do_delete_account(seeker.user, other_seeker.user)
    assert User.objects.get(pk=seeker.user.pk).is_active


def test_optional_consent_can_be_withdrawn_required_cannot(client_for, seeker, consent_texts):
    do_record_consents(user=seeker.user, answers={"service": True, "share_employers": True})
    client = client_for(seeker.user)
    client.post(reverse("accounts:withdraw_consent"), {"purpose": "share_employers"})
    client.post(reverse("accounts:withdraw_consent"), {"purpose": "service"})
    active = set(
        seeker.user.consents.filter(withdrawn_at__isnull=True).values_list("text__purpose", flat=True)
    )
    assert active == {"service"}


def test_purge_expired_dry_run_changes_nothing_and_apply_anonymises_only_the_inactive(capsys):
    old = f.SeekerFactory(user__username="old_one")
    recent = f.SeekerFactory(user__username="recent_one")
    Seeker.objects.filter(pk=old.pk).update(last_active_at=timezone.now() - dt.timedelta(days=3 * 365 + 5))
    call_command("purge-expired", "--dry-run")
    assert "seekers_to_anonymise: 1" in capsys.readouterr().out
    assert Seeker.objects.get(pk=old.pk).anonymised_at is None
    call_command("purge-expired", "--apply")
    assert "seekers_anonymised: 1" in capsys.readouterr().out
    assert Seeker.objects.get(pk=old.pk).anonymised_at is not None
    assert User.objects.get(pk=old.user.pk).username.startswith("deleted-")
    assert Seeker.objects.get(pk=recent.pk).anonymised_at is None
    assert AccessLog.objects.filter(actor_label="system:retention").count() == 1
