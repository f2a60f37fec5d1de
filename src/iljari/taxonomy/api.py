"""Public look-ups of the classifications (for pickers and integrations). The project API
(iljari/api.py) mounts this router with ``OPTIONAL_AUTH``: taxonomy sits below accounts, where the
token schemes live."""

from django.db.models import Q
from ninja import Field, Query, Router, Schema

router = Router(tags=["taxonomy"])


class RegionOut(Schema):
    code: str
    name: str = Field(alias="full_name")
    level: int
    lat: float
    lon: float
    note: str | None = Field(None, description="옛 코드로 찾았을 때: 새 코드로 바뀐 사실과 시행일")


class OccupationOut(Schema):
    code: str
    name: str
    level: int


class QualificationOut(Schema):
    code: str | None
    name: str
    grade: str


@router.get("/regions", response=list[RegionOut], summary="지역(법정동) 검색")
def list_regions(
    request, q: str = Query("", max_length=50), level: int | None = None, limit: int = Query(20, ge=1, le=100)
):
    from .models import Region
    from .regions import resolve_region_code

    if q.strip().isdigit() and not Region.objects.filter(code=q.strip()).exists():
        region, note = resolve_region_code(q.strip())  # an old code: its successor, with a note
        if region is not None:
            region.note = note
            return [region]
    regions = Region.objects.all()
    if level:
        regions = regions.filter(level=level)
    for word in q.split():
        regions = regions.filter(
            Q(sido__contains=word) | Q(sigungu__contains=word) | Q(emd__contains=word) | Q(code=word)
        )
    return list(regions.order_by("level", "code")[:limit])


@router.get("/occupations", response=list[OccupationOut], summary="직업(KECO) 검색")
def list_occupations(request, q: str = Query("", max_length=50), limit: int = Query(20, ge=1, le=100)):
    from .models import Occupation

    occupations = Occupation.objects.filter(scheme="keco")
    for word in q.split():
        occupations = occupations.filter(Q(name__contains=word) | Q(code__startswith=word))
    return list(occupations.order_by("code")[:limit])


@router.get("/qualifications", response=list[QualificationOut], summary="자격 검색")
def list_qualifications(request, q: str = Query("", max_length=50), limit: int = Query(20, ge=1, le=100)):
    from .models import Qualification

    qualifications = Qualification.objects.all()
    for word in q.split():
        qualifications = qualifications.filter(name__contains=word)
    return list(qualifications.order_by("name")[:limit])
