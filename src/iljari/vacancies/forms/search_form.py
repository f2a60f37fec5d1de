"""The search form (GET): free text, the two pickers, the place, conditions, sorting and paging;
its query string in a plain, shareable form (``canonical_pairs``)."""

from __future__ import annotations

import re
from functools import partial
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from iljari.core.links import link
from iljari.taxonomy.choices import EmploymentType, Shift
from iljari.taxonomy.models import IndustrialComplex, Region, RegionLevel

from ..pickers import PICKERS, IndustryPicker, OccupationPicker, Picker
from ..query_reader import QueryReading, read_query
from ..search import SearchParams
from .chips import ActiveFilter, active_filters
from .widgets import (
    FastCheckbox,
    FastCheckboxes,
    FastInput,
    FastSelect,
    RegionField,
    TaxonomySelect,
    dong_choices,
    region_names,
    sigungu_choices,
)

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


OCCUPATION_CODE = r"^\d{1,6}$"
INDUSTRY_CODE = r"^[A-Za-z]?\d{0,5}$"
PICKER_FIELDS = {
    "occupation": (OCCUPATION_CODE, _("직종 코드는 숫자로 입력해 주세요.")),
    "industry": (INDUSTRY_CODE, _("업종 코드 형식이 올바르지 않습니다 (예: C24).")),
}


def complex_choices() -> list[tuple[str, Any]]:
    return [("", _("산업단지 전체"))] + [
        (str(c.pk), c.name) for c in IndustrialComplex.objects.order_by("name")
    ]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("검색어"), required=False, max_length=100, widget=FastInput)
    occupation_group = forms.RegexField(
        label=_("직종 분야"),
        regex=r"^\d{1,2}$",
        required=False,
        widget=TaxonomySelect("group"),
        error_messages={"invalid": _("직종 분야를 목록에서 골라 주세요.")},
    )
    occupation = forms.RegexField(
        label=_("세부 직종"),
        regex=OCCUPATION_CODE,
        required=False,
        widget=TaxonomySelect("detail"),
        help_text=_("분야를 고른 뒤 세부 직종을 고르세요. 세부 직종을 고르지 않으면 분야 전체를 찾습니다."),
        error_messages={"invalid": PICKER_FIELDS["occupation"][1]},
    )
    occupation_q = forms.CharField(
        label=_("직종 이름으로 찾기"),
        required=False,
        max_length=30,
        widget=FastInput,
        help_text=_("예: 용접, 지게차, 사상"),
    )
    industry_group = forms.RegexField(
        label=_("산업 분류"),
        regex=r"^[A-Za-z]$",
        required=False,
        widget=TaxonomySelect("group"),
        error_messages={"invalid": _("산업 분류를 목록에서 골라 주세요.")},
    )
    industry = forms.RegexField(
        label=_("세부 업종"),
        regex=INDUSTRY_CODE,
        required=False,
        widget=TaxonomySelect("detail"),
        help_text=_("분류를 고른 뒤 세부 업종을 고르세요. 세부 업종을 고르지 않으면 분류 전체를 찾습니다."),
        error_messages={"invalid": PICKER_FIELDS["industry"][1]},
    )
    industry_q = forms.CharField(
        label=_("업종 이름으로 찾기"),
        required=False,
        max_length=30,
        widget=FastInput,
        help_text=_("예: 도금, 주조, 자동차 부품"),
    )
    region = RegionField(level=RegionLevel.SIGUNGU, label=_("시군구"), required=False, widget=FastSelect)
    dong = RegionField(
        level=RegionLevel.EMD,
        widget=FastSelect,
        label=_("내 동네(읍면동)"),
        required=False,
        help_text=_("고르면 거리를 보여 드립니다."),
    )
    complex = forms.ChoiceField(label=_("산업단지"), required=False, widget=FastSelect)
    wage_min = forms.ChoiceField(
        label=_("최소 임금(월 환산)"), choices=WAGE_CHOICES, required=False, widget=FastSelect
    )
    max_km = forms.ChoiceField(label=_("거리"), choices=DISTANCE_CHOICES, required=False, widget=FastSelect)
    sort = forms.ChoiceField(label=_("정렬"), choices=SORT_CHOICES, required=False, widget=FastSelect)
    shift = forms.MultipleChoiceField(
        label=_("근무 형태"), choices=Shift.choices, required=False, widget=FastCheckboxes
    )
    employment_type = forms.MultipleChoiceField(
        label=_("고용 형태"),
        choices=EmploymentType.choices,
        required=False,
        widget=FastCheckboxes,
    )
    commuter_bus = forms.BooleanField(label=_("통근버스"), required=False, widget=FastCheckbox)
    dormitory = forms.BooleanField(label=_("기숙사"), required=False, widget=FastCheckbox)
    closing_soon = forms.BooleanField(label=_("마감 임박(7일 이내)"), required=False, widget=FastCheckbox)
    near = forms.BooleanField(label=_("인접 지역 포함"), required=False, widget=FastCheckbox)
    page = forms.IntegerField(
        label=_("쪽"),
        required=False,
        min_value=1,
        max_value=10_000,
        error_messages={"invalid": _("쪽 번호는 숫자여야 합니다.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the long lists are read only if they are shown (the on-demand lists, see views.filter_list)
        region = str((self.data.get("region") or "") if self.is_bound else "")
        region_field = cast(RegionField, self.fields["region"])
        dong_field = cast(RegionField, self.fields["dong"])
        region_field.choices = sigungu_choices
        dong_field.choices = partial(dong_choices, region)
        dong_field.within = region
        cast(forms.ChoiceField, self.fields["complex"]).choices = complex_choices
        for name in ("region", "dong", "complex", "wage_min", "max_km", "sort"):
            self.fields[name].widget.attrs["class"] = "krds-form-select"
        for name in ("q", "occupation_q", "industry_q"):
            self.fields[name].widget.attrs["class"] = "krds-input"
            self.fields[name].widget.input_type = "search"
        self.fields["q"].widget.attrs["placeholder"] = _("예: 용접, 금형, 남동공단")
        self.fields["region"].widget.attrs.update(
            {"hx-get": link("vacancies:dongs"), "hx-target": "#id_dong", "hx-trigger": "change"}
        )
        data = cast(QueryDict, self.data)
        self.submitted = [(k, v) for k, values in data.lists() for v in values] if self.is_bound else []
        self.default_sort: str = "recent"
        self.pickers: dict[str, Picker] = {}
        for kind, picker_class in PICKERS.items():
            raw = [self.raw(name) for name in (f"{kind}_group", kind, f"{kind}_pick")]
            picker = self.pickers[kind] = picker_class(*raw)
            picker.resolve(group="", detail="", pick=None)  # until clean() settles the choice
            for part in ("group", ""):
                field = self.fields[f"{kind}_{part}" if part else kind]
                field.widget.picker = picker
                field.widget.attrs["class"] = "krds-form-select"
            self.fields[f"{kind}_group"].widget.attrs.update(
                {
                    "hx-get": link("vacancies:picker_options"),
                    "hx-target": f"#id_{kind}",
                    "hx-trigger": "change",
                }
            )
            self.fields[f"{kind}_q"].widget.attrs.update(
                {
                    "autocomplete": "off",
                    "aria-controls": f"{kind}-matches",
                    "hx-get": link("vacancies:picker_matches"),
                    "hx-target": f"#{kind}-matches",
                    "hx-trigger": "input changed delay:300ms, search",
                    "hx-sync": "this:replace",
                }
            )

    def raw(self, name: str) -> str:
        return str(self.data.get(name) or "")[:30] if self.is_bound else ""

    @property
    def occupation_picker(self) -> OccupationPicker:
        return cast(OccupationPicker, self.pickers["occupation"])

    @property
    def industry_picker(self) -> IndustryPicker:
        return cast(IndustryPicker, self.pickers["industry"])

    def picked(self, kind: str) -> bool:
        """Did the visitor press a quick choice or a name-search match of this picker?"""
        return self.is_bound and f"{kind}_pick" in self.data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None
        for kind, picker in self.pickers.items():
            if kind in self.errors or f"{kind}_group" in self.errors:
                continue  # a code of the wrong shape: its message is already there
            pick = None
            if self.picked(kind):
                pick = self.raw(f"{kind}_pick")
                regex, message = PICKER_FIELDS[kind]
                if pick and not re.match(regex, pick):
                    self.add_error(kind, message)
                    continue
                pick = picker.normalise(pick)
            errors = picker.resolve(
                group=picker.normalise(cleaned.get(f"{kind}_group") or ""),
                detail=picker.normalise(cleaned.get(kind) or ""),
                pick=pick,
            )
            for name, error in errors.items():
                self.add_error(name, error)
            if not errors:
                cleaned[kind], cleaned[f"{kind}_group"] = picker.code, picker.group
        # with a 동 the results come nearest first unless another order is chosen; the select
        # shows the order in force (else sending the form again would switch to 최신순)
        self.default_sort = "distance" if cleaned.get("dong") else "recent"
        cleaned["sort"] = cleaned.get("sort") or self.default_sort
        data = cast(QueryDict, self.data).copy()
        data["sort"] = cleaned["sort"]
        self.data = data
        return cleaned

    def region_label(self, code: str) -> str:
        """The name of a chosen 시군구 or 동 (read once for both)."""
        names = self.__dict__.get("_region_names")
        if names is None:
            codes = [self.raw("region"), self.raw("dong")]
            names = self.__dict__["_region_names"] = region_names(codes)
        return names.get(code, code)

    def complex_label(self, value: str) -> str:
        complex_ = (
            IndustrialComplex.objects.filter(pk=value).only("name").first() if value.isdigit() else None
        )
        return complex_.name if complex_ is not None else value

    def params(self) -> SearchParams:
        d = self.cleaned_data
        origin = None
        dong = d.get("dong") or ""
        if dong:
            region = Region.objects.filter(code=dong).only("lat", "lon").first()
            if region is not None:
                origin = (region.lat, region.lon)
        industry = d.get("industry") or ""
        params = SearchParams(
            q=d.get("q") or "",
            region=d.get("region") or "",
            complex_id=int(d["complex"]) if d.get("complex") else None,
            occupation=d.get("occupation") or "",
            industry=industry,  # a KSIC section letter stands for its divisions (search.industry_prefixes)
            wage_min=int(d["wage_min"]) if d.get("wage_min") else None,
            shifts=list(d.get("shift") or []),
            employment_types=list(d.get("employment_type") or []),
            commuter_bus=bool(d.get("commuter_bus")),
            dormitory=bool(d.get("dormitory")),
            closing_soon=bool(d.get("closing_soon")),
            origin=origin,
            max_km=float(d["max_km"]) if d.get("max_km") and origin else None,
            sort=d.get("sort") or self.default_sort,
        )
        return self.reading.apply(params, near=bool(d.get("near")))

    @property
    def reading(self) -> QueryReading:
        """How the search words were read (places, conditions, occupations, free text)."""
        cached = self.__dict__.get("_reading")
        if cached is None:
            q = (self.cleaned_data.get("q") or "") if hasattr(self, "cleaned_data") else ""
            cached = self.__dict__["_reading"] = read_query(q)
        return cached

    # --- the query string ------------------------------------------------------------------

    def raw_pairs(self) -> list[tuple[str, str]]:
        return self.submitted

    def canonical_pairs(self, *, keep_page: bool = True) -> list[tuple[str, str]]:
        """The query string of this (valid) search in its plain form: the pickers' effective codes
        (``occupation=824``; no group, pick or answered name search), no empty or unknown keys."""
        out: list[tuple[str, str]] = []
        emitted: set[str] = set()
        for key, value in self.raw_pairs():
            kind = next((k for k in self.pickers if key in (k, f"{k}_group", f"{k}_pick")), None)
            if kind is not None:
                code = self.cleaned_data.get(kind) or ""
                if kind not in emitted and code:
                    out.append((kind, code))
                emitted.add(kind)
                continue
            if key.endswith("_q") and key[:-2] in self.pickers and self.picked(key[:-2]):
                continue
            if key not in self.fields or value == "" or (key == "page" and not keep_page):
                continue
            if (key == "sort" and value == self.default_sort) or (
                key == "max_km" and not self.cleaned_data.get("dong")
            ):
                continue  # the default order; a distance with no 동 to measure from
            out.append((key, value))
        return out

    def needs_redirect(self) -> bool:
        return self.raw_pairs() != self.canonical_pairs()

    def querystring(self) -> str:
        return urlencode(self.canonical_pairs(keep_page=False))

    def active_filters(self) -> list[ActiveFilter]:
        """The chosen conditions by name, each with the query string that removes it."""
        return active_filters(self)
