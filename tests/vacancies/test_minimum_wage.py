"""최저임금: the year's figure is data; a wage below it is refused by the employer form, the API, the
import and the approval, and the counselor's queue flags an old vacancy that is below it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from iljari.vacancies import wages
from iljari.vacancies.actions import do_publish_vacancy
from iljari.vacancies.importer import import_vacancies_xml
from iljari.vacancies.models import MinimumWage, Vacancy, VacancyStatus, WageType
from tests import factories as f

pytestmark = pytest.mark.django_db


def current() -> MinimumWage:
    minimum = MinimumWage.in_force()
    assert minimum is not None
    return minimum


# --- the figures and the hours ---------------------------------------------------------------


def test_the_migrated_figures_are_2025_and_2026():
    assert MinimumWage.in_force(dt.date(2025, 6, 1)).hourly == 10_030
    assert MinimumWage.in_force(dt.date(2026, 1, 1)).hourly == 10_320


def test_a_year_an_administrator_adds_takes_effect_without_code():
    MinimumWage.objects.create(year=2031, hourly=12_345)
    assert MinimumWage.in_force(dt.date(2031, 2, 1)).hourly == 12_345
    assert MinimumWage.in_force(dt.date(2032, 2, 1)).hourly == 12_345  # until the next is added
    assert MinimumWage.in_force(dt.date(2026, 2, 1)).hourly == 10_320


@pytest.mark.parametrize(
    ("hours", "days", "monthly"),
    [
        ("08:30~17:30", 5, 209),  # 8 h a day with a 1-hour break, 40 + 8 주휴
        ("", 5, 209),  # unknown: a full week
        ("08:00~20:00 / 20:00~08:00", 5, 209),  # longer days: 40 at the base rate
        ("09:00~13:00", 5, 104),  # 20 h + 4 h 주휴
        ("18:00~21:00", 3, 39),  # 9 h a week: no 주휴
        ("22:00~06:00", 5, 196),  # over midnight: 7.5 h (30-minute break) + 주휴
    ],
)
def test_monthly_hours_for_the_posted_hours(hours, days, monthly):
    assert wages.monthly_hours(hours, days) == monthly


def test_the_2026_monthly_minimum_is_2156880_won_for_a_40_hour_week():
    check = wages.check(year=2026, hourly_minimum=10_320, wage_type="monthly", wage_amount=2_156_880)
    assert (check.hours, check.monthly_minimum, check.below) == (209, 2_156_880, False)
    assert wages.check(year=2026, hourly_minimum=10_320, wage_type="monthly", wage_amount=2_156_000).below
    assert wages.check(year=2026, hourly_minimum=10_320, wage_type="annual", wage_amount=25_000_000).below
    message = wages.check(year=2026, hourly_minimum=10_320, wage_type="hourly", wage_amount=5_000).message()
    assert "2026년 최저임금" in message and "10,320원" in message and "2,156,880원" in message


# --- every way in refuses it -------------------------------------------------------------------


def test_the_employer_form_refuses_5000_won_an_hour_naming_the_minimum_wage(
    client_for, employer_member, employer
):
    response = client_for(employer_member).post(
        "/employers/vacancies/new/", f.vacancy_post(submit="1", wage_type="hourly", wage_amount="5000")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["wage_amount"]
    assert any("최저임금" in e and f"{current().hourly:,}원" in e for e in errors), errors
    assert "최저임금" in response.content.decode()
    assert not Vacancy.objects.filter(employer=employer).exists()


def test_the_employer_form_takes_the_minimum_itself(client_for, employer_member, employer):
    response = client_for(employer_member).post(
        "/employers/vacancies/new/",
        f.vacancy_post(submit="1", wage_type="hourly", wage_amount=str(current().hourly)),
    )
    assert response.status_code == 302
    assert Vacancy.objects.get(employer=employer).status == VacancyStatus.PENDING


def api_vacancy(**overrides):
    data = {
        "title": "CO2 용접공 모집",
        "duties": "철구조물 CO2 용접",
        "wage_type": "hourly",
        "wage_amount": 5000,
        "closing_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "work_hours": "08:30~17:30",
        "submit": True,
    }
    data.update(overrides)
    return data


def test_the_api_refuses_it_with_a_problem_naming_the_minimum_wage(client, employer_member, employer):
    client.force_login(employer_member)
    response = client.post(
        f"/api/employers/{employer.pk}/vacancies", api_vacancy(), content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    (message,) = response.json()["errors"]["wage_amount"]
    assert "최저임금" in message and f"{current().hourly:,}원" in message
    assert not Vacancy.objects.filter(employer=employer).exists()


def test_the_api_registers_a_lawful_vacancy_and_only_for_members(client, employer_member, employer, seeker):
    client.force_login(seeker.user)
    url = f"/api/employers/{employer.pk}/vacancies"
    lawful = api_vacancy(wage_type="monthly", wage_amount=3_000_000)
    assert client.post(url, lawful, content_type="application/json").status_code in (403, 404)
    client.force_login(employer_member)
    response = client.post(url, lawful, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "pending"


def test_the_import_refuses_it_with_the_reason_in_the_report(employer):
    report = import_vacancies_xml(
        f.worknet_document(
            f.worknet_wanted("LOW1", sal_type="시급", min_sal="5000"),
            f.worknet_wanted("OK1", min_sal="2800000"),
        )
    )
    assert [k for k, _ in report.refused] == ["LOW1"]
    assert "최저임금" in report.refused[0][1] and f"{current().hourly:,}원" in report.refused[0][1]
    assert any("최저임금" in line for line in report.lines())
    assert list(Vacancy.objects.values_list("external_id", flat=True)) == ["OK1"]


def test_an_old_vacancy_below_the_minimum_is_flagged_and_cannot_be_approved(client, counselor, employer):
    low = f.VacancyFactory(  # saved without validation, as data from before the rule could be
        employer=employer,
        title="시급 5천원 공고",
        wage_type=WageType.HOURLY,
        wage_amount=5000,
        status=VacancyStatus.PENDING,
        published_at=None,
    )
    fine = f.VacancyFactory(
        employer=employer, title="정상 공고", status=VacancyStatus.PENDING, published_at=None
    )
    client.force_login(counselor)
    html = client.get("/counselor/queues/vacancies/").content.decode()
    row_low = html[html.index("시급 5천원 공고") : html.index("</tr>", html.index("시급 5천원 공고"))]
    row_fine = html[html.index("정상 공고") : html.index("</tr>", html.index("정상 공고"))]
    assert "최저임금 미달" in row_low and "최저임금 미달" not in row_fine
    assert "최저임금 미달" in client.get(f"/counselor/vacancies/{low.pk}/").content.decode()
    with pytest.raises(ValidationError) as refused:
        do_publish_vacancy(vacancy=low, actor=counselor)
    assert "최저임금" in str(refused.value)
    assert Vacancy.objects.get(pk=low.pk).status == VacancyStatus.PENDING
    do_publish_vacancy(vacancy=fine, actor=counselor)
