"""The search form (GET) and the apply form."""

from django import forms
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from iljari.seekers.models import EmploymentType, Shift
from iljari.taxonomy.models import IndustrialComplex, Region, RegionLevel

from .search import SearchParams

SORT_CHOICES = [
    ("recent", _("최신순")),
    ("closing", _("마감임박순")),
    ("wage", _("임금 높은순")),
    ("distance", _("가까운 순")),
]

WAGE_CHOICES = [
    ("", _("임금 전체")),
    ("2100000", _("월 210만 원 이상")),
    ("2500000", _("월 250만 원 이상")),
    ("3000000", _("월 300만 원 이상")),
    ("3500000", _("월 350만 원 이상")),
]

DISTANCE_CHOICES = [
    ("", _("거리 제한 없음")),
    ("5", _("5km 이내")),
    ("10", _("10km 이내")),
    ("20", _("20km 이내")),
]


class FastSelect(forms.Select):
    """A select rendered in Python: hundreds of options without a template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        chosen = (
            "" if value is None else str(value[0] if isinstance(value, (list, tuple)) and value else value)
        )
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(v), " selected" if str(v) == chosen else "", label) for v, label in self.choices),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)


def sigungu_choices(empty_label=None):
    rows = Region.objects.filter(level=RegionLevel.SIGUNGU).order_by("sido", "sigungu")
    return [("", empty_label or _("지역 전체"))] + [(r.code, f"{r.sido} {r.sigungu}") for r in rows]


def dong_choices(sigungu_code: str):
    if not sigungu_code or len(sigungu_code) != 5:
        return [("", _("동 선택 안 함"))]
    rows = Region.objects.filter(level=RegionLevel.EMD, code__startswith=sigungu_code).order_by("emd")
    return [("", _("동 선택 안 함"))] + [(r.code, r.emd) for r in rows]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("검색어"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("시군구"), required=False, widget=FastSelect)
    dong = forms.ChoiceField(
        widget=FastSelect,
        label=_("내 동네(읍면동)"),
        required=False,
        help_text=_("고르면 거리를 보여 드립니다."),
    )
    complex = forms.ChoiceField(label=_("산업단지"), required=False, widget=FastSelect)
    occupation = forms.RegexField(
        label=_("직종 코드"),
        regex=r"^\d{1,6}$",
        required=False,
        error_messages={"invalid": _("직종 코드는 숫자로 입력해 주세요.")},
    )
    industry = forms.RegexField(
        label=_("업종 코드"),
        regex=r"^[A-Z]?\d{0,5}$",
        required=False,
        error_messages={"invalid": _("업종 코드 형식이 올바르지 않습니다 (예: C24).")},
    )
    wage_min = forms.ChoiceField(label=_("최소 임금(월 환산)"), choices=WAGE_CHOICES, required=False)
    shift = forms.MultipleChoiceField(
        label=_("근무 형태"), choices=Shift.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    employment_type = forms.MultipleChoiceField(
        label=_("고용 형태"),
        choices=EmploymentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commuter_bus = forms.BooleanField(label=_("통근버스"), required=False)
    dormitory = forms.BooleanField(label=_("기숙사"), required=False)
    closing_soon = forms.BooleanField(label=_("마감 임박(7일 이내)"), required=False)
    max_km = forms.ChoiceField(label=_("거리"), choices=DISTANCE_CHOICES, required=False)
    sort = forms.ChoiceField(label=_("정렬"), choices=SORT_CHOICES, required=False)
    page = forms.IntegerField(
        label=_("쪽"),
        required=False,
        min_value=1,
        max_value=10_000,
        error_messages={"invalid": _("쪽 번호는 숫자여야 합니다.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = sigungu_choices()
        region = (self.data.get("region") or "") if self.is_bound else ""
        self.fields["dong"].choices = dong_choices(str(region))
        self.fields["complex"].choices = [("", _("산업단지 전체"))] + [
            (str(c.pk), c.name) for c in IndustrialComplex.objects.order_by("name")
        ]
        for name in ("region", "dong", "complex", "wage_min", "max_km", "sort"):
            self.fields[name].widget.attrs["class"] = "krds-form-select"
        for name in ("q", "occupation", "industry"):
            self.fields[name].widget.attrs["class"] = "krds-input"
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["placeholder"] = _("예: 용접, 금형, 남동공단")
        self.fields["region"].widget.attrs.update(
            {"hx-get": reverse("vacancies:dongs"), "hx-target": "#id_dong", "hx-trigger": "change"}
        )

    def clean_industry(self):
        return (self.cleaned_data.get("industry") or "").upper()

    def params(self) -> SearchParams:
        d = self.cleaned_data
        origin = None
        dong = d.get("dong") or ""
        if dong:
            region = Region.objects.filter(code=dong).only("lat", "lon").first()
            if region is not None:
                origin = (region.lat, region.lon)
        return SearchParams(
            q=d.get("q") or "",
            region=d.get("region") or "",
            complex_id=int(d["complex"]) if d.get("complex") else None,
            occupation=d.get("occupation") or "",
            industry=d.get("industry") or "",
            wage_min=int(d["wage_min"]) if d.get("wage_min") else None,
            shifts=list(d.get("shift") or []),
            employment_types=list(d.get("employment_type") or []),
            commuter_bus=bool(d.get("commuter_bus")),
            dormitory=bool(d.get("dormitory")),
            closing_soon=bool(d.get("closing_soon")),
            origin=origin,
            max_km=float(d["max_km"]) if d.get("max_km") and origin else None,
            sort=d.get("sort") or ("distance" if origin else "recent"),
        )


class ApplyForm(forms.Form):
    message = forms.CharField(
        label=_("지원 메시지(선택)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "krds-input"}),
        help_text=_("경력이나 근무 가능 시기를 짧게 적어 주세요."),
        error_messages={"max_length": _("지원 메시지는 2,000자까지 쓸 수 있습니다.")},
    )
