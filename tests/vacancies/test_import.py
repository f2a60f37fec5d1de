import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from iljari.core.models import TransitionLog
from iljari.vacancies.importer import import_vacancies_xml, parse_close_date
from iljari.vacancies.models import Vacancy, VacancySource, VacancyStatus, WageType
from iljari.vacancies.search import SearchParams, search_queryset
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_import_creates_published_searchable_vacancies(employer):
    report = import_vacancies_xml(
        f.worknet_document(
            f.worknet_wanted("K1"),
            f.worknet_wanted("K2", title="TIG 용접 시급직", sal_type="시급", min_sal="11000", emp="20"),
        )
    )
    assert len(report.created) == 2 and not report.refused
    first = Vacancy.objects.get(external_id="K1")
    assert (first.source, first.status, first.employer) == (
        VacancySource.WORKNET,
        VacancyStatus.PUBLISHED,
        employer,
    )
    assert first.experience_years_min == 2 and first.education_min == "high"
    second = Vacancy.objects.get(external_id="K2")
    assert (second.wage_type, second.wage_amount, second.employment_type) == (
        WageType.HOURLY,
        11_000,
        "contract",
    )
    assert TransitionLog.objects.filter(object_id=first.pk, to_state="published").exists()
    assert search_queryset(SearchParams(q="용접")).filter(external_id__in=["K1", "K2"]).count() == 2


def test_reimport_updates_instead_of_duplicating(employer):
    import_vacancies_xml(f.worknet_document(f.worknet_wanted("K1")))
    report = import_vacancies_xml(f.worknet_document(f.worknet_wanted("K1", title="CO2 용접공 (급구)")))
    assert report.updated and not report.created
    vacancy = Vacancy.objects.get(external_id="K1")
    assert vacancy.title == "CO2 용접공 모집"  # published: the new title waits for approval
    assert vacancy.revisions.get(status="pending").changes["title"] == "CO2 용접공 (급구)"
    assert Vacancy.objects.filter(external_id="K1").count() == 1


def test_bad_records_are_refused_with_reasons_and_the_good_ones_kept(employer):
    past = (timezone.localdate() - dt.timedelta(days=2)).strftime("%y-%m-%d")
    report = import_vacancies_xml(
        f.worknet_document(
            f.worknet_wanted("OK1"),
            f.worknet_wanted("BAD1", company="(주)없는회사"),
            f.worknet_wanted("BAD2", region="화성 어딘가구"),
            f.worknet_wanted("BAD3", close=past),
            f.worknet_wanted("BAD4", min_sal="", sal_type="월급").replace("월급 280만원", "협의"),
            f.worknet_wanted("", title="번호 없음"),
        )
    )
    assert [c.split()[0] for c in report.created] == ["OK1"]
    reasons = dict(report.refused)
    assert "등록되지 않은 기업" in reasons["BAD1"]
    assert "알 수 없는 근무 지역" in reasons["BAD2"]
    assert "이미 마감된 공고" in reasons["BAD3"]
    assert "임금 정보가 없습니다" in reasons["BAD4"]
    assert len(report.refused) == 5
    assert Vacancy.objects.count() == 1


def test_malformed_or_hostile_xml_is_refused_before_anything_is_saved(employer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="XML 형식"):
        import_vacancies_xml(b"<wantedRoot><wanted>")
    with pytest.raises(ValidationError, match="DTD"):
        import_vacancies_xml(b'<!DOCTYPE x [<!ENTITY a "b">]><wantedRoot/>')
    assert not Vacancy.objects.exists()


def test_close_dates_in_worknet_forms():
    today = dt.date(2026, 1, 10)
    assert parse_close_date("26-02-15", today) == dt.date(2026, 2, 15)
    assert parse_close_date("채용시까지", today) == dt.date(2026, 2, 9)
    assert parse_close_date("2026.03.01", today) == dt.date(2026, 3, 1)


def test_command_prints_the_report(employer, tmp_path, capsys):
    path = tmp_path / "wanted.xml"
    path.write_bytes(
        f.worknet_document(f.worknet_wanted("K9"), f.worknet_wanted("K10", company="(주)없는회사"))
    )
    call_command("import-vacancies", str(path))
    out = capsys.readouterr().out
    assert "새로 등록: 1건" in out and "거부: 1건" in out and "K10" in out
    with pytest.raises(CommandError, match="파일을 찾을 수 없습니다"):
        call_command("import-vacancies", str(tmp_path / "none.xml"))


def test_import_from_the_web_page_runs_as_a_job_and_reports_created_updated_refused(
    client_for, counselor, employer, monkeypatch, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from iljari.jobs.models import Job
    from tests.jobs.helpers import run_worker

    settings.MEDIA_ROOT = tmp_path
    import_vacancies_xml(f.worknet_document(f.worknet_wanted("W0")))
    client = client_for(counselor)
    assert "가져오기" in client.get("/tasks/").content.decode()
    upload = SimpleUploadedFile(
        "wanted.xml",
        f.worknet_document(
            f.worknet_wanted("W0"), f.worknet_wanted("W1"), f.worknet_wanted("W2", region="화성 어딘가")
        ),
        "text/xml",
    )
    resp = client.post("/jobs/import/", {"file": upload})
    assert resp.status_code == 302 and resp.url.startswith("/tasks/")
    job = Job.objects.get(kind="vacancies.import")
    assert job.status == "queued" and not Vacancy.objects.filter(external_id="W1").exists()
    assert len(list((tmp_path / "imports").iterdir())) == 1  # kept outside the web root until the run
    run_worker(monkeypatch)
    job.refresh_from_db()
    assert job.status == "succeeded" and (job.done, job.total) == (3, 3)
    assert job.result["summary"] == "새로 등록 1건 · 갱신 1건 · 거부 1건"
    html = client.get(resp.url).content.decode()
    assert "W1 CO2 용접공 모집" in html and "W2" in html and "거부" in html
    assert Vacancy.objects.filter(external_id="W1").exists()
    assert not list((tmp_path / "imports").iterdir())  # the upload is removed after the import


def test_import_page_refuses_other_files_and_people(client_for, counselor, seeker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert client_for(seeker.user).get("/jobs/import/").status_code == 403
    client = client_for(counselor)
    bad = client.post("/jobs/import/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4", "application/pdf")})
    assert bad.status_code == 422 and "XML 파일" in bad.content.decode()
    empty = client.post("/jobs/import/", {})
    assert empty.status_code == 422 and "파일을 선택해" in empty.content.decode()


def test_the_command_shows_a_progress_bar(employer, tmp_path, capsys):
    path = tmp_path / "w.xml"
    path.write_bytes(f.worknet_document(f.worknet_wanted("C1"), f.worknet_wanted("C2")))
    call_command("import-vacancies", str(path))
    out = capsys.readouterr()
    assert "새로 등록: 2건" in out.out and "2/2" in out.err


# --- issue 15 #12, #13 ----------------------------------------------------------------------


def test_a_pending_company_matched_by_business_number_is_refused(employer):
    from iljari.employers.models import EmployerStatus

    employer.status = EmployerStatus.PENDING
    employer.save()
    report = import_vacancies_xml(
        f.worknet_document(
            f.worknet_wanted("P1", company="다른 이름", extra=f"<busino>{employer.business_number}</busino>")
        )
    )
    assert not report.created and report.refused
    assert "승인되지 않은 기업입니다" in report.refused[0][1]
    assert not Vacancy.objects.filter(external_id="P1").exists()


BOMB = (
    '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    "<wantedRoot><wanted><title>&lol2;</title></wanted></wantedRoot>"
)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_entity_declarations_are_refused_in_any_encoding(employer, encoding):
    data = BOMB.encode(encoding)
    if encoding != "utf-16":
        data = "\ufeff".encode(encoding) + data
    assert b"<!ENTITY" not in data.upper()  # a byte check alone would let it through
    with pytest.raises(ValidationError, match="DTD나 엔티티 선언이 있는 XML은 받지 않습니다"):
        import_vacancies_xml(data)
    assert not Vacancy.objects.exists()


def test_an_encoding_the_parser_cannot_read_is_refused(employer):
    with pytest.raises(ValidationError, match="XML 형식이 올바르지 않습니다"):
        import_vacancies_xml(BOMB.replace("UTF-16", "UTF-32").encode("utf-32"))
    assert not Vacancy.objects.exists()


def test_a_utf16_document_without_declarations_still_imports(employer):
    data = f.worknet_document(f.worknet_wanted("U1")).decode().replace("UTF-8", "UTF-16").encode("utf-16")
    report = import_vacancies_xml(data)
    assert [label.split()[0] for label in report.created] == ["U1"]


def test_too_many_listings_or_too_big_a_file_are_refused(employer, monkeypatch, tmp_path):
    from iljari.vacancies import importer

    monkeypatch.setattr(importer, "MAX_LISTINGS", 2)
    with pytest.raises(ValidationError, match="공고가 너무 많습니다"):
        import_vacancies_xml(
            f.worknet_document(f.worknet_wanted("A"), f.worknet_wanted("B"), f.worknet_wanted("C"))
        )
    big = tmp_path / "big.xml"
    with big.open("wb") as out:
        out.truncate(importer.MAX_BYTES + 1)
    with pytest.raises(CommandError, match="파일이 너무 큽니다"):
        call_command("import-vacancies", str(big))
