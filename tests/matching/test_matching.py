import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from iljari.matching import actions
from iljari.matching.models import Direction, MatchRun, MatchRunStatus, Recommendation
from iljari.matching.reasons import render
from iljari.seekers import actions as seeker_actions
from iljari.seekers.models import SeekerStatus
from iljari.vacancies.models import VacancyStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


def _welder(**kw):
    s = f.SeekerFactory(**kw)
    f.ExperienceFactory(seeker=s)
    f.QualificationHeldFactory(seeker=s, qualification=f.qualification("용접기능사"))
    return s


def test_welder_gets_the_welding_vacancy_first_with_korean_reasons():
    seeker = _welder()
    welding = f.VacancyFactory(title="CO2 용접공 모집(남동공단, 주야2교대)", commuter_bus=True)
    welding.required_qualifications.add(f.qualification("용접기능사"))
    mold = f.VacancyFactory(
        title="금형 조립원", occupation=f.occupation("8131"), duties="프레스 금형을 조립한다."
    )
    recs = actions.recommend_vacancies_for_seeker(seeker, k=5)
    assert [r.vacancy for r in recs][:1] == [welding]
    assert mold not in [r.vacancy for r in recs[:1]]
    top = recs[0]
    assert top.rank == 1 and 0 < top.score <= 100
    assert top.relaxed == []
    assert "필수 자격 용접기능사 보유" in top.reasons
    assert any(t.startswith("통근 약 ") and t.endswith("(통근버스)") for t in top.reasons)
    assert "월 300만 원" in top.reasons  # a fact about the vacancy, not "희망임금 충족"
    assert "주간 근무" in top.reasons
    assert "같은 작업: 용접, CO2 용접" in top.reasons
    assert not any("희망" in t for t in top.reasons)  # an exact fit never echoes the seeker's wish
    assert abs(sum(top.contributions.values()) - top.score) < 0.1


def test_vacancy_gets_the_licence_holder_first():
    holder = _welder()
    other = f.SeekerFactory()
    f.ExperienceFactory(seeker=other)
    v = f.VacancyFactory()
    v.required_qualifications.add(f.qualification("용접기능사"))
    recs = actions.recommend_seekers_for_vacancy(v, k=5)
    assert [r.seeker for r in recs] == [holder, other]
    assert "필수 자격 용접기능사 미보유" in recs[1].reasons


def test_new_and_closed_vacancies_are_seen_by_the_next_query():
    seeker = _welder()
    assert actions.recommend_vacancies_for_seeker(seeker) == []
    v = f.VacancyFactory()
    assert [r.vacancy for r in actions.recommend_vacancies_for_seeker(seeker)] == [v]
    v.status = VacancyStatus.CLOSED
    v.save()
    assert actions.recommend_vacancies_for_seeker(seeker) == []


def test_edited_seeker_preferences_change_the_ranking():
    seeker = _welder()
    f.VacancyFactory(lat=37.70, lon=126.70)  # ~30 km north of the seeker
    [rec] = actions.recommend_vacancies_for_seeker(seeker)  # beyond 60 minutes: shown, labelled
    assert rec.relaxed == ["commute"]
    assert any(t.startswith("통근 ") and t.endswith("— 희망 60분보다 멂") for t in rec.reasons)
    seeker.max_commute_minutes = 150
    seeker.save()
    [rec] = actions.recommend_vacancies_for_seeker(seeker)
    assert rec.relaxed == []


def test_a_licence_removed_through_the_seekers_action_is_seen_by_the_next_query():
    """The seekers app never calls matching: its résumé actions move the seeker's ``updated_at``
    and the pools of the matching index rebuild on the next read."""
    holder = _welder()
    v = f.VacancyFactory()
    v.required_qualifications.add(f.qualification("용접기능사"))
    actions.refresh_vacancy(v)
    [rec] = actions.recommend_seekers_for_vacancy(v)
    assert rec.seeker == holder and "필수 자격 용접기능사 보유" in rec.reasons
    held = holder.qualifications_held.get()
    seeker_actions.do_remove_qualification(seeker=holder, actor=holder.user, held_id=held.pk)
    [rec] = actions.recommend_seekers_for_vacancy(v)
    assert "필수 자격 용접기능사 미보유" in rec.reasons


def test_a_licence_added_through_the_seekers_action_is_seen_by_the_next_query():
    seeker = f.SeekerFactory()
    f.ExperienceFactory(seeker=seeker)
    v = f.VacancyFactory()
    v.required_qualifications.add(f.qualification("용접기능사"))
    actions.refresh_vacancy(v)
    [rec] = actions.recommend_seekers_for_vacancy(v)
    assert "필수 자격 용접기능사 미보유" in rec.reasons
    seeker_actions.do_add_qualification(seeker=seeker, actor=seeker.user, name="용접기능사")
    [rec] = actions.recommend_seekers_for_vacancy(v)
    assert "필수 자격 용접기능사 보유" in rec.reasons


def test_a_missing_required_licence_is_a_hard_constraint_relaxed_only_when_nothing_fits():
    seeker = f.SeekerFactory()
    f.ExperienceFactory(seeker=seeker)
    v = f.VacancyFactory()
    v.required_qualifications.add(f.qualification("용접기능사"))
    actions.refresh_vacancy(v)
    [rec] = actions.recommend_vacancies_for_seeker(seeker)
    assert rec.relaxed == ["licence"] and "필수 자격 용접기능사 미보유" in rec.reasons
    fits = f.VacancyFactory(title="CO2 용접 (자격 무관)")
    recs = actions.recommend_vacancies_for_seeker(seeker)
    assert [r.vacancy for r in recs] == [fits, v]  # the exact fit first, the relaxed one below
    assert [r.relaxed for r in recs] == [[], ["licence"]]


def test_experience_without_occupation_is_classified_from_its_title():
    seeker = f.SeekerFactory()
    f.ExperienceFactory(seeker=seeker, occupation=None, job_title="CO2 용접공", duties="")
    v = f.VacancyFactory()
    recs = actions.recommend_vacancies_for_seeker(seeker)
    assert [r.vacancy for r in recs] == [v]
    assert any("같은 직종" in t for t in recs[0].reasons)


def test_seeker_without_anything_degrades_gracefully():
    seeker = f.SeekerFactory(desired_monthly_wage=None, shift_preferences=[], summary="")
    f.VacancyFactory(occupation=None, title="", duties="")
    recs = actions.recommend_vacancies_for_seeker(seeker)
    assert len(recs) == 1
    assert "희망·경력 직종 정보 없음" in recs[0].reasons or "공고 직종 정보 없음" in recs[0].reasons


def test_unsaved_or_missing_input_gives_empty_list():
    assert actions.recommend_vacancies_for_seeker(None) == []
    assert actions.recommend_seekers_for_vacancy(None) == []
    assert actions.recommend_vacancies_for_seeker(f.SeekerFactory.build(), k=3) == []


def test_inactive_seeker_still_gets_adhoc_recommendations():
    seeker = _welder(status=SeekerStatus.EMPLOYED)
    v = f.VacancyFactory()
    assert [r.vacancy for r in actions.recommend_vacancies_for_seeker(seeker)] == [v]


def test_batch_stores_recommendations_for_every_seeker_and_vacancy():
    seekers = [_welder() for _ in range(3)]
    vacancies = [f.VacancyFactory() for _ in range(2)]
    run = actions.do_run_batch_matching(k=5)
    assert run.status == MatchRunStatus.DONE
    assert run.n_seekers == 3 and run.n_vacancies == 2
    for s in seekers:
        stored = actions.stored_recommendations_for_seeker(s)
        assert {r.vacancy for r in stored} == set(vacancies)
        assert all(r.reasons for r in stored)
    for v in vacancies:
        assert len(actions.stored_recommendations_for_vacancy(v)) == 3
    assert "max_exposure_ratio" in run.stats["capped"]
    # a second run replaces the first one's rows
    actions.do_run_batch_matching(k=1)
    assert Recommendation.objects.filter(direction=Direction.FOR_SEEKER).count() == 3


def test_batch_with_dask_local_cluster_stores_the_same_ranking():
    for _ in range(4):
        _welder()
    for lat in (37.40, 37.41, 37.42):
        f.VacancyFactory(lat=lat)
    actions.do_run_batch_matching(k=3, for_vacancies=False)
    local = list(
        Recommendation.objects.order_by("seeker_id", "rank").values_list("seeker_id", "vacancy_id", "score")
    )
    actions.do_run_batch_matching(k=3, executor="dask", dask_address="local", workers=2, for_vacancies=False)
    dask = list(
        Recommendation.objects.order_by("seeker_id", "rank").values_list("seeker_id", "vacancy_id", "score")
    )
    assert local == dask and len(local) == 12
    assert MatchRun.objects.first().executor == "dask local"


def test_reasons_are_translatable():
    reason = {"code": "licence_held", "params": {"licence": "용접기능사"}, "text": "용접기능사 보유"}
    with translation.override("ko"):
        assert render(reason) == "용접기능사 보유"
    assert render({"code": "unknown_code", "params": {}, "text": "그대로"}) == "그대로"
    assert (
        render({"code": "wage_short", "params": {"gap_manwon": 12}, "text": ""})
        == "희망임금보다 월 12만 원 낮음"
    )


def test_match_command_batch_and_online():
    seeker = _welder()
    v = f.VacancyFactory()
    out = io.StringIO()
    call_command("match", "--all", "--k", "3", "--json", stdout=out)
    assert json.loads(out.getvalue())["status"] == "done"
    out = io.StringIO()
    call_command("match", "--seeker", str(seeker.pk), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data[0]["id"] == v.pk and "용접기능사 보유" not in data[0]["reasons"]  # no licence required
    with pytest.raises(CommandError, match="구직자 ID 999999"):
        call_command("match", "--seeker", "999999")


def test_classify_title_command_writes_json_lines(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("CO2 용접공 모집(남동공단, 주야2교대)\n\n금형 사상\n"))
    out = io.StringIO()
    call_command("classify-title", "--top", "3", stdout=out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert len(lines) == 3
    assert lines[0]["candidates"][0]["code"] == "8241"
    assert len(lines[0]["candidates"]) == 3
    assert lines[1] == {"title": "", "candidates": []}
    with pytest.raises(CommandError):
        call_command("classify-title", "--top", "0")


def test_classify_title_command_without_reference_data_in_the_database_reads_the_shipped_copy(monkeypatch):
    """Before ``load-reference-data`` (or with no database) the command answered with a traceback."""
    from iljari.taxonomy.models import JobDescription, JobTitle

    JobTitle.objects.all().delete()
    JobDescription.objects.all().delete()  # (rolled back after the test)
    monkeypatch.setattr("sys.stdin", io.StringIO("물류센터 상하차 주간\n요양보호사\n"))
    out = io.StringIO()
    call_command("classify-title", "--top", "1", stdout=out)
    lines = [json.loads(x)["candidates"][0] for x in out.getvalue().splitlines()]
    assert [(c["code"], c["name"]) for c in lines] == [
        ("6244", "하역·적재 종사원"),
        ("5501", "요양 보호사 및 간병인"),
    ]


def test_batch_gives_a_far_away_seeker_relaxed_recommendations_that_say_so():
    far = _welder(lat=35.10, lon=129.04)  # 부산: nothing within 60 minutes
    v = f.VacancyFactory()
    progress = []
    run = actions.do_run_batch_matching(k=3, progress=lambda done, total: progress.append((done, total)))
    stored = actions.stored_recommendations_for_seeker(far)
    assert [r.vacancy for r in stored] == [v]
    assert stored[0].relaxed == ["commute"]
    assert any(t.endswith("— 희망 60분보다 멂") for t in stored[0].reasons)
    assert run.stats["seekers_with_relaxed"] == 1
    assert progress[0] == (0, 3) and progress[-1] == (3, 3)  # scored, written, vacancy ranked
    # the 추천 page ranks online the same way: the same vacancy, the same label
    [online] = actions.recommend_vacancies_for_seeker(far)
    assert online.vacancy == v and online.relaxed == ["commute"] and online.reasons == stored[0].reasons
