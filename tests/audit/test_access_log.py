import pytest

from iljari.audit.actions import log_access, verify_chain
from iljari.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def test_each_access_is_logged_and_chained(counselor, seeker, rf):
    request = rf.get("/counselor/seekers/1", REMOTE_ADDR="10.1.2.3")
    first = log_access(
        actor=counselor, action="view", subject=seeker, fields="연락처", purpose="알선", request=request
    )
    second = log_access(actor=counselor, action="export", subject=seeker, count=1)
    assert first.ip_address == "10.1.2.3"
    assert first.subject_label == "홍길동"
    assert second.prev_hash == first.row_hash
    assert verify_chain() == (True, None)


def test_editing_a_row_breaks_the_chain(counselor, seeker):
    log_access(actor=counselor, action="view", subject=seeker)
    tampered = log_access(actor=counselor, action="view", subject=seeker)
    log_access(actor=counselor, action="view", subject=seeker)
    AccessLog.objects.filter(pk=tampered.pk).update(actor_label="someone-else")
    assert verify_chain() == (False, tampered.pk)


def test_deleting_a_row_breaks_the_chain(counselor, seeker):
    log_access(actor=counselor, action="view", subject=seeker)
    removed = log_access(actor=counselor, action="view", subject=seeker)
    following = log_access(actor=counselor, action="view", subject=seeker)
    AccessLog.objects.filter(pk=removed.pk).delete()
    assert verify_chain() == (False, following.pk)
