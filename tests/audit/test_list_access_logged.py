"""Issue 15 #6: every list page and endpoint that shows people logs each person shown — one row
per person, so each finds the access under "내 정보 열람" — not only the first, not none."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from iljari.audit.models import AccessLog
from iljari.counseling.actions import do_open_case
from iljari.referrals.actions import do_create_referral, do_record_placement
from tests import factories as f

pytestmark = pytest.mark.django_db

N = 3


@pytest.fixture
def people(counselor):
    seekers = [f.SeekerFactory(user__full_name=f"목록{i}") for i in range(N)]
    vacancy = f.VacancyFactory()
    hired = timezone.localdate() - dt.timedelta(days=20)
    for seeker in seekers:
        do_create_referral(seeker=seeker, vacancy=vacancy, counselor=counselor)
        do_record_placement(
            seeker=seeker, employer=vacancy.employer, hire_date=hired, monthly_wage=2_500_000, actor=counselor
        )
        do_open_case(seeker=seeker, counselor=counselor, actor=counselor)
    return seekers


def _logged_people(actor) -> set[str]:
    return set(
        AccessLog.objects.filter(actor=actor, subject_type="seeker").values_list("subject_id", flat=True)
    )


@pytest.mark.parametrize(
    "url",
    [
        "/referrals/",
        "/referrals/placements/",
        "/referrals/follow-ups/?show=pending",
        "/api/referrals",
        "/api/referrals/placements",
        "/api/cases",
        "/cases/",
    ],
)
def test_each_person_on_a_list_is_logged(client_for, counselor, people, url):
    client = client_for(counselor)
    AccessLog.objects.all().delete()
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    if url.startswith("/api/"):
        body = json.dumps(response.json(), ensure_ascii=False)
    for seeker in people:  # the list does show each person (by name, or by id in the API)…
        assert seeker.user.full_name in body or f'"seeker_id": {seeker.pk}' in body
    assert _logged_people(counselor) == {str(s.pk) for s in people}  # …and logs each person


def test_the_second_person_on_a_list_sees_the_access_in_my_data(client_for, counselor, people):
    client_for(counselor).get("/referrals/")
    second = people[1]
    page = client_for(second.user).get(reverse("accounts:my_data")).content.decode()
    assert counselor.username in page or counselor.display_name in page
