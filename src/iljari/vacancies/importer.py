"""Import vacancies from a 고용24(워크넷) Open API-style job-listing XML.

The response looks like ``<wantedRoot><total/>…<wanted><wantedAuthNo/><company/><busino/>
<title/><salTpNm/><sal/><minSal/><maxSal/><region/><holidayTpNm/><minEdubg/><career/>
<regDt/><closeDt/><empTpCd/><jobsCd/><basicAddr/>…</wanted>…</wantedRoot>``. Each ``wanted``
is created or updated (matched on ``wantedAuthNo``) in its own transaction, or refused with a
Korean reason; nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iljari.core.validators import normalize_business_number
from iljari.employers.models import Employer, EmployerStatus
from iljari.taxonomy.choices import Education, EmploymentType
from iljari.taxonomy.models import Occupation, Region, RegionLevel
from iljari.taxonomy.regions import resolve_region_name

from .actions import VACANCY_FLOW, do_update_vacancy
from .models import Vacancy, VacancySource, VacancyStatus, WageType

DAYS_PER_MONTH = 22
MAX_BYTES = 20 * 1024 * 1024
MAX_LISTINGS = 50_000

EMPLOYMENT_TYPES = {
    "10": EmploymentType.PERMANENT,  # 기간의 정함이 없는 근로계약
    "11": EmploymentType.PART_TIME,  # 기간의 정함이 없는 근로계약(시간(선택)제)
    "20": EmploymentType.CONTRACT,  # 기간의 정함이 있는 근로계약
    "21": EmploymentType.PART_TIME,  # 기간의 정함이 있는 근로계약(시간(선택)제)
    "4": EmploymentType.DISPATCH,  # 파견근로
    "3": EmploymentType.CONTRACT,  # 대체인력
}

EDUCATION = [
    ("무관", Education.NONE),
    ("중졸", Education.MIDDLE),
    ("초졸", Education.NONE),
    ("고졸", Education.HIGH),
    ("2~3년", Education.COLLEGE),
    ("전문", Education.COLLEGE),
    ("4년", Education.UNIVERSITY),
    ("대졸", Education.UNIVERSITY),
    ("석사", Education.GRADUATE),
    ("박사", Education.GRADUATE),
]

SIDO_ALIASES = {
    "서울": "서울특별시",
    "부산": "부산광역시",
    "대구": "대구광역시",
    "인천": "인천광역시",
    "광주": "광주광역시",
    "대전": "대전광역시",
    "울산": "울산광역시",
    "세종": "세종특별자치시",
    "경기": "경기도",
    "강원": "강원특별자치도",
    "충북": "충청북도",
    "충남": "충청남도",
    "전북": "전북특별자치도",
    "전남": "전라남도",
    "경북": "경상북도",
    "경남": "경상남도",
    "제주": "제주특별자치도",
}


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    stopped_at: int | None = None  # the import was stopped (cancelled) after this listing
    notes: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            _("새로 등록: %(n)d건") % {"n": len(self.created)},
            _("갱신: %(n)d건") % {"n": len(self.updated)},
            _("거부: %(n)d건") % {"n": len(self.refused)},
        ]
        out += [f"  + {x}" for x in self.created]
        out += [f"  ~ {x}" for x in self.updated]
        out += [f"  ! {key}: {reason}" for key, reason in self.refused]
        out += [f"  * {key}: {note}" for key, note in self.notes]
        return out


def _text(node, name: str) -> str:
    child = node.find(name)
    return (child.text or "").strip() if child is not None and child.text else ""


def _int(value: str) -> int | None:
    digits = re.sub(r"[^\d]", "", value or "")
    return int(digits) if digits else None


def parse_close_date(value: str, today: dt.date) -> dt.date:
    """'24-02-15', '2024-02-15', '채용시까지 24-02-15' → a date; '채용시까지' alone → 30 days on."""
    match = re.search(r"(\d{2,4})[-./](\d{1,2})[-./](\d{1,2})", value or "")
    if not match:
        if "채용시" in (value or "") or not value:
            return today + dt.timedelta(days=30)
        raise ValidationError({"closeDt": _("마감일 형식을 알 수 없습니다: %(v)s") % {"v": value}})
    year = int(match.group(1))
    year = year + 2000 if year < 100 else year
    try:
        return dt.date(year, int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise ValidationError(
            {"closeDt": _("마감일이 올바른 날짜가 아닙니다: %(v)s") % {"v": value}}
        ) from None


def find_region(text: str) -> Region:
    parts = (text or "").split()
    if len(parts) < 2:
        raise ValidationError({"region": _("근무 지역(시도 시군구)이 없습니다: %(v)s") % {"v": text}})
    sido = SIDO_ALIASES.get(parts[0], parts[0])
    candidates = Region.objects.filter(level=RegionLevel.SIGUNGU, sido__startswith=sido[:2])
    for size in (2, 1):
        name = " ".join(parts[1 : 1 + size])
        region = candidates.filter(sigungu=name).first()
        if region is not None:
            return region
    # a name from before a reorganisation (인천 남구, 인천 서구 …): its successor, with a note
    for size in (2, 1):
        region, note = resolve_region_name(sido, " ".join(parts[1 : 1 + size]))
        if region is not None:
            region.translation_note = note
            return region
    raise ValidationError({"region": _("알 수 없는 근무 지역입니다: %(v)s") % {"v": text}})


def find_employer(company: str, busino: str) -> Employer:
    if busino:
        try:
            number = normalize_business_number(busino)
        except ValidationError:
            number = ""
        if number:
            employer = Employer.objects.filter(business_number=number).first()
            if employer is not None:
                return _approved(employer)
    employer = Employer.objects.filter(name=company).first() if company else None
    return _approved(employer, company)


def _approved(employer: Employer | None, company: str = "") -> Employer:
    """The company, however it was found, only when the job center approved it."""
    if employer is None:
        raise ValidationError(
            {
                "company": _("등록되지 않은 기업입니다: %(v)s (기업을 먼저 등록해 주세요)")
                % {"v": company or "-"}
            }
        )
    if employer.status != EmployerStatus.APPROVED:
        raise ValidationError({"company": _("승인되지 않은 기업입니다: %(v)s") % {"v": employer.name}})
    return employer


def wage_of(node) -> tuple[str, int]:
    kind = _text(node, "salTpNm") or _text(node, "sal")
    amount = _int(_text(node, "minSal"))
    if amount is None:
        match = re.search(r"([\d,]+)\s*(만)?\s*원", _text(node, "sal"))
        if match:
            amount = int(match.group(1).replace(",", "")) * (10_000 if match.group(2) else 1)
    if amount is None or amount <= 0:
        raise ValidationError({"sal": _("임금 정보가 없습니다.")})
    if "시급" in kind:
        return WageType.HOURLY, amount
    if "연봉" in kind:
        return WageType.ANNUAL, amount
    if "일급" in kind:
        return WageType.MONTHLY, amount * DAYS_PER_MONTH
    return WageType.MONTHLY, amount


def education_of(value: str) -> str:
    for key, education in EDUCATION:
        if key in (value or ""):
            return education
    return Education.NONE


def fields_of(node, today: dt.date) -> dict:
    title = _text(node, "title")
    if not title:
        raise ValidationError({"title": _("공고 제목이 없습니다.")})
    closing = parse_close_date(_text(node, "closeDt"), today)
    if closing < today:
        raise ValidationError({"closeDt": _("이미 마감된 공고입니다 (%(d)s).") % {"d": closing.isoformat()}})
    wage_type, wage_amount = wage_of(node)
    career = _text(node, "career")
    years = _int(career) if "경력" in career else 0
    days = _int(_text(node, "holidayTpNm")) or 5
    occupation = None
    jobs_code = _text(node, "jobsCd")
    if jobs_code:
        occupation = Occupation.objects.filter(scheme="keco", code=jobs_code[:4]).first()
    return {
        "title": title[:150],
        "duties": (_text(node, "jobCont") or title)[:4000],
        "wage_type": wage_type,
        "wage_amount": wage_amount,
        "employment_type": EMPLOYMENT_TYPES.get(_text(node, "empTpCd"), EmploymentType.CONTRACT),
        "education_min": education_of(_text(node, "minEdubg")),
        "experience_years_min": min(years or 0, 40),
        "work_days_per_week": min(max(days, 1), 7),
        "closing_date": closing,
        "address": (_text(node, "basicAddr") + " " + _text(node, "detailAddr")).strip()[:200],
        "occupation": occupation,
    }


@transaction.atomic
def import_one(node, *, actor, today: dt.date) -> tuple[str, Vacancy]:
    key = _text(node, "wantedAuthNo")
    if not key or len(key) > 40:
        raise ValidationError({"wantedAuthNo": _("구인인증번호(wantedAuthNo)가 없거나 너무 깁니다.")})
    fields = fields_of(node, today)
    region = find_region(_text(node, "region"))
    employer = find_employer(_text(node, "company"), _text(node, "busino"))
    vacancy = Vacancy.objects.filter(source=VacancySource.WORKNET, external_id=key).first()
    outcome = "updated"
    if vacancy is None:
        outcome = "created"
        vacancy = Vacancy(source=VacancySource.WORKNET, external_id=key, created_by=actor)
    elif vacancy.employer_id != employer.pk:
        raise ValidationError({"company": _("이미 다른 기업의 공고로 등록된 번호입니다.")})
    elif vacancy.status == VacancyStatus.PUBLISHED:
        # a published listing: material changes wait for the job center's approval (issue 15 #5)
        same_place = employer.region_id == region.pk
        do_update_vacancy(
            vacancy=vacancy,
            actor=actor,
            work_region=region,
            lat=employer.lat if same_place else region.lat,
            lon=employer.lon if same_place else region.lon,
            commuter_bus=employer.commuter_bus,
            dormitory=employer.dormitory,
            meals=employer.canteen,
            **fields,
        )
        return outcome, vacancy
    vacancy.employer = employer
    vacancy.work_region = region
    same_place = employer.region_id == region.pk
    vacancy.lat = employer.lat if same_place else region.lat
    vacancy.lon = employer.lon if same_place else region.lon
    vacancy.commuter_bus, vacancy.dormitory, vacancy.meals = (
        employer.commuter_bus,
        employer.dormitory,
        employer.canteen,
    )
    for name, value in fields.items():
        setattr(vacancy, name, value)
    vacancy.full_clean(exclude=["status"])
    if outcome == "created":
        vacancy.status = VacancyStatus.PENDING
        vacancy.save()
        VACANCY_FLOW.record_start(vacancy, actor=actor, reason=_("고용24 가져오기"))
        VACANCY_FLOW.move(vacancy, VacancyStatus.PUBLISHED, actor=actor, reason=_("고용24 가져오기"))
    else:
        vacancy.save()
    return outcome, vacancy


class _Refused(Exception):
    pass


def refuse_dtd(data: bytes) -> None:
    """Refuse a document type declaration or any entity declaration, in whatever encoding the
    document is written (UTF-16, UTF-32 with a BOM, an ``encoding=`` declaration): expat itself
    decodes the bytes and reports the declarations, so no byte pattern can be dodged. Nothing
    is expanded or fetched; the scan stops at the first declaration."""

    def refuse(*_args):
        raise _Refused

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        parser.Parse(data, True)
    except _Refused:
        raise ValidationError(_("DTD나 엔티티 선언이 있는 XML은 받지 않습니다.")) from None
    except (expat.ExpatError, ValueError) as exc:  # ValueError: an encoding expat cannot read
        raise ValidationError(_("XML 형식이 올바르지 않습니다: %(e)s") % {"e": exc}) from None


def import_vacancies_xml(data: bytes, *, actor=None, progress=None) -> ImportReport:
    """Parse and import; a malformed document raises ValidationError before anything is saved.

    ``progress(done, total)`` (optional) is called after each listing — a job's progress bar or
    the command's; when it returns ``False`` the import stops there (what was imported stays)."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("파일이 너무 큽니다 (최대 20MB)."))
    refuse_dtd(data)
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 - refuse_dtd ran expat on the same bytes
    except ElementTree.ParseError as exc:
        raise ValidationError(_("XML 형식이 올바르지 않습니다: %(e)s") % {"e": exc}) from None
    nodes = root.findall(".//wanted")
    if not nodes and root.tag != "wantedRoot":
        raise ValidationError(_("고용24 채용정보 목록(wantedRoot/wanted) 형식이 아닙니다."))
    if len(nodes) > MAX_LISTINGS:
        raise ValidationError(
            _("공고가 너무 많습니다 (한 파일에 최대 %(n)s건).") % {"n": f"{MAX_LISTINGS:,}"}
        )
    report = ImportReport()
    today = timezone.localdate()
    for index, node in enumerate(nodes, start=1):
        key = _text(node, "wantedAuthNo") or _("%(n)d번째 공고") % {"n": index}
        try:
            outcome, vacancy = import_one(node, actor=actor, today=today)
        except ValidationError as exc:
            messages = (
                [f"{k}: {m}" for k, ms in exc.message_dict.items() for m in ms]
                if hasattr(exc, "error_dict")
                else list(exc.messages)
            )
            report.refused.append((key, "; ".join(messages)))
            if progress is not None and progress(index, len(nodes)) is False:
                report.stopped_at = index
                break
            continue
        label = f"{key} {vacancy.title}"
        if note := getattr(vacancy.work_region, "translation_note", None):
            report.notes.append((key, note))
        (report.created if outcome == "created" else report.updated).append(label)
        if progress is not None and progress(index, len(nodes)) is False:
            report.stopped_at = index
            break
    return report
