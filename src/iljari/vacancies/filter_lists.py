"""The search page's long lists, shown on demand: the occupation and industry pickers' two-level
selects (hundreds of KECO/KSIC entries) and the place (시군구 and its 읍면동, the industrial complexes).

The search page shows, for each, what is chosen (kept in hidden inputs) and a link to the list:
with JavaScript, htmx swaps the list's fields into the form (``_list_<kind>.html``); without, the
link opens the list as a page of its own whose form carries the search's other conditions and is
sent to the search page. So an ordinary search renders none of the long lists and reads none of
them from the database. A list is shown inline when one of its fields has an error, next to the
message.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iljari.core.links import link

from .forms import SearchForm

# kind → (the form fields the list holds, what the chosen value is called, the link's text)
LISTS: dict[str, tuple[tuple[str, ...], Promise, Promise]] = {
    "occupation": (
        ("occupation_group", "occupation"),
        _("분야·세부 직종"),
        _("직종 목록에서 고르기"),
    ),
    "industry": (("industry_group", "industry"), _("산업 분류·세부 업종"), _("업종 목록에서 고르기")),
    "place": (("region", "dong", "complex"), _("시군구·동네·산업단지"), _("지역 목록에서 고르기")),
}
# request parameters that belong to a list besides its fields (a pick replaces the choice)
EXTRA = {"occupation": ("occupation_pick",), "industry": ("industry_pick",), "place": ()}


@dataclass(frozen=True)
class FilterList:
    kind: str
    label: str
    chosen: str  # what is chosen, by name ("" = everything)
    hidden: list[tuple[str, str]]  # the chosen values, kept in the form while the list is closed
    url: str  # the list (a page; with htmx, its fields alone)
    open_label: str
    inline: bool  # shown in the page (an error to show next to its field)

    @property
    def template(self) -> str:
        return f"vacancies/_list_{self.kind}.html"


def _chosen(form: SearchForm, kind: str, values: dict[str, str]) -> str:
    if kind == "place":
        names = [form.region_label(values[name]) for name in ("region", "dong") if values.get(name)]
        if values.get("complex"):
            names.append(form.complex_label(values["complex"]))
        return " · ".join(names)
    picker = form.pickers[kind]
    return picker.label() if picker.code else ""


def filter_lists(form: SearchForm) -> dict[str, FilterList]:
    """What the search page shows of each long list (the form has been validated)."""
    valid = not form.errors
    pairs = form.canonical_pairs(keep_page=False) if valid else form.raw_pairs()
    query = urlencode(pairs)
    out = {}
    for kind, (fields, label, open_label) in LISTS.items():
        inline = any(name in form.errors for name in fields)
        if valid:
            values = {k: v for k, v in pairs if k in fields}
        else:
            values = {name: form.raw(name) for name in fields if form.raw(name)}
        out[kind] = FilterList(
            kind=kind,
            label=str(label),
            chosen=_chosen(form, kind, values) if valid else "",
            hidden=[(name, values[name]) for name in fields if values.get(name)],
            url=link("vacancies:filter_list", kind) + (f"?{query}" if query else ""),
            open_label=str(open_label),
            inline=inline,
        )
    return out


def other_pairs(form: SearchForm, kind: str) -> list[tuple[str, str]]:
    """The search's conditions a list's own page carries along (all but the list's, and the page)."""
    fields, _label, _open = LISTS[kind]
    pairs = form.canonical_pairs(keep_page=False) if not form.errors else form.raw_pairs()
    dropped = {*fields, *EXTRA[kind], "page"}
    return [(k, v) for k, v in pairs if k not in dropped]
