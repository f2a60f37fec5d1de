import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from iljari.core.models import TransitionLog
from iljari.employers.models import EmployerStatus
from iljari.vacancies.actions import (
    do_apply,
    do_close_vacancy,
    do_create_vacancy,
    do_move_application,
    do_publish_vacancy,
    do_submit_vacancy,
)
from iljari.vacancies.models import Application, ApplicationStatus, Vacancy, VacancyStatus, WageType
from tests import factories as f

pytestmark = pytest.mark.django_db


def fields(**overrides):
    values = {
        "title": "CO2 용접공 모집(남동공단, 주야2교대)",
        "duties": "CO2 용접, 사상 작업",
        "occupation": f.occupation("8241"),
        "wage_amount": 3_100_000,
        "closing_date": timezone.localdate() + dt.timedelta(days=20),
    }
    values.update(overrides)
    return values


def test_create_inherits_location_and_benefits_from_the_employer(employer, employer_member):
    vacancy = do_create_vacancy(employer=employer, actor=employer_member, **fields())
    assert vacancy.status == VacancyStatus.DRAFT
    assert (vacancy.lat, vacancy.lon, vacancy.work_region) == (employer.lat, employer.lon, employer.region)
    assert vacancy.commuter_bus is True


@pytest.mark.parametrize(("title", "code"), [("CO2 용접공 모집(남동공단, 주간)", "8241"), ("시아게", None)])
def test_a_vacancy_without_an_occupation_gets_the_normalisers_sure_code(
    employer, employer_member, title, code
):
    vacancy = do_create_vacancy(
        employer=employer, actor=employer_member, **fields(title=title, occupation=None)
    )
    # 시아게 (마무리 사상): 금속 공작기계 조작원 or 직조기 조작원? the normaliser says it does not know
    assert (vacancy.occupation.code if vacancy.occupation else None) == code


def test_negative_wage_is_refused_and_nothing_saved(employer, employer_member):
    with pytest.raises(ValidationError) as info:
        do_create_vacancy(employer=employer, actor=employer_member, **fields(wage_amount=-1))
    assert info.value.message_dict["wage_amount"] == ["임금은 0원 이상의 숫자로 입력해 주세요."]
    assert not Vacancy.objects.exists()


def test_closing_date_in_the_past_is_refused(employer, employer_member):
    with pytest.raises(ValidationError) as info:
        do_create_vacancy(
            employer=employer,
            actor=employer_member,
            **fields(closing_date=timezone.localdate() - dt.timedelta(days=1)),
        )
    assert info.value.message_dict["closing_date"] == ["마감일은 오늘 이후여야 합니다."]
    assert not Vacancy.objects.exists()


def test_unknown_work_region_is_refused(employer, employer_member):
    with pytest.raises(ValidationError) as info:
        do_create_vacancy(employer=employer, actor=employer_member, region_code="0000", **fields())
    assert "알 수 없는 지역 코드" in info.value.message_dict["region_code"][0]
    assert not Vacancy.objects.exists()


def test_hourly_wage_is_compared_as_monthly_equivalent():
    vacancy = f.VacancyFactory.build(wage_type=WageType.HOURLY, wage_amount=10_320)
    assert vacancy.monthly_wage == 10_320 * 209
    assert f.VacancyFactory.build(wage_type=WageType.ANNUAL, wage_amount=36_000_000).monthly_wage == 3_000_000


def test_implausible_monthly_wage_fails_model_validation(employer):
    vacancy = f.VacancyFactory.build(employer=employer, wage_type=WageType.MONTHLY, wage_amount=9_000)
    with pytest.raises(ValidationError) as info:
        vacancy.full_clean()
    assert "wage_amount" in info.value.message_dict


def test_workflow_draft_pending_published_closed_is_logged(employer, employer_member, counselor):
    vacancy = do_create_vacancy(employer=employer, actor=employer_member, **fields())
    do_submit_vacancy(vacancy=vacancy, actor=employer_member)
    do_publish_vacancy(vacancy=vacancy, actor=counselor)
    assert vacancy.published_at is not None
    do_close_vacancy(vacancy=vacancy, actor=employer_member, reason="채용 완료")
    states = list(TransitionLog.objects.filter(object_id=vacancy.pk).values_list("from_state", "to_state"))
    assert states == [("draft", "pending"), ("pending", "published"), ("published", "closed")]


def test_illegal_transition_is_refused_with_a_korean_message(employer, employer_member, counselor):
    vacancy = do_create_vacancy(employer=employer, actor=employer_member, **fields())
    do_close_vacancy(vacancy=vacancy, actor=employer_member)
    with pytest.raises(ValidationError) as info:
        do_publish_vacancy(vacancy=vacancy, actor=counselor)
    assert "'마감' 상태에서 '게시' 상태로 바꿀 수 없습니다." in info.value.messages[0]
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.CLOSED


def test_vacancy_of_an_unapproved_employer_cannot_be_published(employer_member, counselor):
    employer = f.EmployerFactory(status=EmployerStatus.PENDING)
    vacancy = do_create_vacancy(employer=employer, actor=employer_member, submit=True, **fields())
    with pytest.raises(ValidationError):
        do_publish_vacancy(vacancy=vacancy, actor=counselor)
    assert Vacancy.objects.get(pk=vacancy.pk).status == VacancyStatus.PENDING


def test_seeker_applies_once_and_only_to_open_vacancies(seeker, vacancy):
    application = do_apply(seeker=seeker, vacancy=vacancy, message="지원합니다")
    assert application.status == ApplicationStatus.RECEIVED
    with pytest.raises(ValidationError, match="이미 지원한 공고"):
        do_apply(seeker=seeker, vacancy=vacancy)
    closed = f.VacancyFactory(employer=vacancy.employer, status=VacancyStatus.CLOSED)
    with pytest.raises(ValidationError, match="마감"):
        do_apply(seeker=seeker, vacancy=closed)
    assert Application.objects.count() == 1


def test_application_pipeline_records_refusal_reason(seeker, vacancy, employer_member):
    application = do_apply(seeker=seeker, vacancy=vacancy)
    do_move_application(application=application, to_status=ApplicationStatus.SCREENING, actor=employer_member)
    do_move_application(
        application=application,
        to_status=ApplicationStatus.REJECTED,
        actor=employer_member,
        reason="경력 부족",
    )
    application.refresh_from_db()
    assert (application.status, application.refusal_reason) == ("rejected", "경력 부족")
    with pytest.raises(ValidationError):
        do_move_application(
            application=application, to_status=ApplicationStatus.ACCEPTED, actor=employer_member
        )
