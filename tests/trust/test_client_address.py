"""Issue 15 #8: one client-address helper honouring TRUSTED_PROXY_COUNT, used by the lockout
(django-axes), the access log and the consent records. Behind the documented nginx every
request comes from 127.0.0.1: the address is the proxy's X-Forwarded-For entry."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from iljari.accounts.models import ConsentRecord
from iljari.audit.models import AccessLog
from iljari.core.client_ip import client_ip
from tests import factories as f

PROXY = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "203.0.113.5"),
        (1, {**PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, "203.0.113.5"),
        # the client wrote the first entry itself: only the proxy's own entry counts
        (1, {**PROXY, "HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.5"}, "203.0.113.5"),
        (2, {**PROXY, "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.5, 10.0.0.2"}, "203.0.113.5"),
        (2, {**PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, "127.0.0.1"),  # fewer hops than proxies
        (1, {**PROXY, "HTTP_X_FORWARDED_FOR": "not-an-address"}, "127.0.0.1"),
        (1, PROXY, "127.0.0.1"),
        (1, {**PROXY, "HTTP_X_FORWARDED_FOR": "[2001:DB8::1]:443"}, "2001:db8::1"),
        (1, {**PROXY, "HTTP_X_FORWARDED_FOR": "::ffff:203.0.113.5"}, "203.0.113.5"),
        (1, {**PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5:50123"}, "203.0.113.5"),
        (0, {"REMOTE_ADDR": ""}, None),
    ],
)
def test_client_address_from_the_trusted_proxies_entry(settings, proxies, meta, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", **meta)
    request.META.update(meta)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_lockout_is_per_account_and_address_behind_the_proxy(settings, seeker):
    """Five wrong passwords from one address lock the account for that address only: the real
    user, elsewhere, still signs in (today every request is 127.0.0.1, so anyone locked anyone out)."""
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(**PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(5):
        attacker.post(reverse("accounts:login"), {"username": "seeker_a", "password": "wrong-1234"})
    locked = attacker.post(reverse("accounts:login"), {"username": "seeker_a", "password": f.PASSWORD})
    assert locked.status_code == 429
    owner = Client(**PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = owner.post(reverse("accounts:login"), {"username": "seeker_a", "password": f.PASSWORD})
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(seeker.user.pk)
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}


@pytest.mark.django_db
def test_access_log_records_the_client_behind_the_proxy(settings, counselor, seeker):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(**PROXY, HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.20")
    client.force_login(counselor)
    assert client.get(f"/api/seekers/{seeker.pk}").status_code == 200
    row = AccessLog.objects.get(actor=counselor, subject_type="seeker", subject_id=str(seeker.pk))
    assert row.ip_address == "203.0.113.20"


@pytest.mark.django_db
def test_consent_records_the_client_behind_the_proxy(settings, client, consent_texts):  # noqa: F811
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(**PROXY, HTTP_X_FORWARDED_FOR="203.0.113.44")
    response = client.post(reverse("seekers:signup"), f.seeker_signup_data(consent_texts))
    assert response.status_code == 302
    addresses = set(
        ConsentRecord.objects.filter(user__username="welder55").values_list("ip_address", flat=True)
    )
    assert addresses == {"203.0.113.44"}
