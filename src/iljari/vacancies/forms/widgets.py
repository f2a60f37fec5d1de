"""Widgets and choice lists of the search form: selects rendered in Python (hundreds of options
without a template per option), and the region lists, read only when they are shown."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from iljari.taxonomy.models import Region, RegionLevel

from ..pickers import Picker


class FastSelect(forms.Select):
    """A select rendered in Python: hundreds of options without a template per option."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        chosen = (
            "" if value is None else str(value[0] if isinstance(value, (list, tuple)) and value else value)
        )
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(v), " selected" if str(v) == chosen else "", label) for v, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(completed(final, chosen)), options
        )


class FastInput(forms.TextInput):
    """A text (or search) input rendered in Python, not through a template per widget."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        shown = self.format_value(value)
        value_attr = format_html(' value="{}"', shown) if shown is not None else ""
        return format_html(
            '<input type="{}" name="{}"{}{}>', self.input_type, name, value_attr, flatatt(final)
        )


class FastCheckbox(forms.CheckboxInput):
    """A checkbox rendered in Python."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        if self.check_test(value):
            final["checked"] = True
        return format_html('<input type="checkbox" name="{}"{}>', name, flatatt(final))


class FastCheckboxes(forms.CheckboxSelectMultiple):
    """A group of checkboxes, each with its label (KRDS ``krds-form-check``), rendered in Python."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in (value or [])}
        base_id = final.pop("id", "")
        items = []
        for index, (option, label) in enumerate(self.choices):
            option_attrs = dict(final)
            if base_id:
                option_attrs["id"] = self.id_for_label(base_id, str(index))
            if str(option) in chosen:
                option_attrs["checked"] = True
            items.append(
                format_html(
                    '<div class="krds-form-check"><input type="checkbox" name="{}" value="{}"{}>'
                    '<label for="{}">{}</label></div>',
                    name,
                    option,
                    flatatt(option_attrs),
                    option_attrs.get("id", ""),
                    label,
                )
            )
        return SafeString("".join(items))


def completed(attrs: dict, value: str) -> dict:
    """KRDS shows a select with a chosen value in the darker "completed" text colour."""
    if value:
        attrs = {**attrs, "class": f"{attrs.get('class', '')} completed".strip()}
    return attrs


def sigungu_choices(empty_label: Any = None) -> list[tuple[str, Any]]:
    rows = Region.objects.filter(level=RegionLevel.SIGUNGU).order_by("sido", "sigungu")
    return [("", empty_label or _("지역 전체"))] + [(r.code, f"{r.sido} {r.sigungu}") for r in rows]


def dong_choices(sigungu_code: str) -> list[tuple[str, Any]]:
    if not re.fullmatch(r"[0-9]{5}", sigungu_code or ""):
        return [("", _("동 선택 안 함"))]
    rows = Region.objects.filter(level=RegionLevel.EMD, code__startswith=sigungu_code).order_by("emd")
    return [("", _("동 선택 안 함"))] + [(r.code, r.emd) for r in rows]


def region_names(codes: list[str]) -> dict[str, str]:
    """How the page names these 시군구 ("인천광역시 남동구") and 읍면동 ("고잔동") codes: one query."""
    rows = Region.objects.filter(code__in=[c for c in codes if c]).values_list(
        "code", "level", "sido", "sigungu", "emd"
    )
    return {
        code: (emd if level == RegionLevel.EMD else f"{sido} {sigungu}")
        for code, level, sido, sigungu, emd in rows
    }


class RegionField(forms.ChoiceField):
    """A 시군구 or 읍면동 choice whose long list is read only when it is shown: a submitted code is
    checked with one query (a 동 must lie in the chosen 시군구)."""

    def __init__(self, *, level: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.level = level
        self.within = ""  # the 시군구 a 동 must lie in

    def valid_value(self, value: Any) -> bool:
        value = str(value)
        if self.level == RegionLevel.EMD and not (
            re.fullmatch(r"[0-9]{5}", self.within) and value.startswith(self.within)
        ):
            return False
        return Region.objects.filter(code=value, level=self.level).exists()


class TaxonomySelect(forms.Select):
    """The group or the detail select of a picker; its options and value come from the picker."""

    def __init__(self, part: str, attrs: Any = None) -> None:
        super().__init__(attrs)
        self.part = part
        self.picker: Picker | None = None

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        options, chosen = "", ""
        if self.picker is not None:
            if self.part == "group":
                options, chosen = self.picker.render_groups(), self.picker.group
            else:
                options, chosen = self.picker.render_details(), self.picker.detail_value
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(completed(final, chosen)), options
        )
