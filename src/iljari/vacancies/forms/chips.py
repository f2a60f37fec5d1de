"""The summary of a search's chosen conditions: one chip per condition, each with the query string
that removes it (and what depends on it: a 동 goes with its 시군구)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .search_form import SearchForm

# a removed filter takes the ones that depend on it along
DEPENDENT = {"region": ("dong", "max_km"), "dong": ("max_km",)}
# the chip label of each kind of thing read from the query
READ_LABELS = {
    "place": _("지역"),
    "complex": _("산업단지"),
    "condition": _("근무 조건"),
    "occupation": _("직종"),
    "text": _("검색어"),
}
# short names for the summary of chosen conditions
CHIP_LABELS = {
    "q": _("검색어"),
    "region": _("지역"),
    "dong": _("동네"),
    "complex": _("산업단지"),
    "wage_min": _("임금"),
    "max_km": _("거리"),
    "shift": _("근무 형태"),
    "employment_type": _("고용 형태"),
}


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    value: str
    remove_query: str  # the query string without this filter


def active_filters(form: SearchForm) -> list[ActiveFilter]:
    """The chosen conditions by name, each with the query string that removes it."""
    d = form.cleaned_data
    pairs = form.canonical_pairs(keep_page=False)

    def without(key: str, value: str | None = None) -> str:
        dropped = {key, *DEPENDENT.get(key, ())}
        kept = [(k, v) for k, v in pairs if not (k in dropped and (value is None or k != key or v == value))]
        return urlencode(kept)

    def label_of(name: str, value: str) -> str:
        if name in ("region", "dong"):
            return form.region_label(value)
        if name == "complex":
            return form.complex_label(value)
        field = form.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return str(dict(cast(Any, field.choices)).get(value, value))

    def without_words(part: Any) -> str:
        rest = form.reading.without(part)
        return urlencode([(k, rest if k == "q" else v) for k, v in pairs if k != "q" or rest])

    out: list[ActiveFilter] = []
    for key, value in pairs:
        field = form.fields.get(key)
        if field is None or key in ("sort", "occupation_q", "industry_q"):
            continue
        if key == "q":  # one chip per thing read from the words
            for part in form.reading.parts:
                out.append(ActiveFilter(str(READ_LABELS[part.kind]), part.label, without_words(part)))
            continue
        if key in form.pickers:
            text = form.pickers[key].label()
            out.append(ActiveFilter(str(form.pickers[key].field_label), text, without(key)))
        elif key == "near":
            if d.get(key):
                out.append(ActiveFilter(str(_("지역")), str(field.label), without(key)))
        elif isinstance(field, forms.BooleanField):
            if d.get(key):
                out.append(ActiveFilter(str(_("근무 조건")), str(field.label), without(key)))
        elif isinstance(field, forms.ChoiceField):
            label = str(CHIP_LABELS.get(key, field.label))
            out.append(ActiveFilter(label, label_of(key, value), without(key, value)))
        else:
            out.append(ActiveFilter(str(CHIP_LABELS.get(key, field.label)), value, without(key)))
    return out
