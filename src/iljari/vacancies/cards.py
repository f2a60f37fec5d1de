"""The result cards of a vacancy list (the search page, a company's page), rendered in Python.

A search page shows 20 cards; through the template engine each cost about as much as the rest of
the page together (variable lookups, display methods, filters per card), so the cards are built
here with ``format_html`` (every value escaped), the way long selects are. The markup is what
``_vacancy_cards.html`` used to be: title link (with the way back to the search), company link,
place, complex, distance, wage, shift, employment type, closing date, badges.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iljari.core.links import link

from .models import Vacancy


def e(value) -> str:
    """A value as a template shows it (escaped unless safe)."""
    return str(conditional_escape(value))


_MARK = 987654321  # a stand-in id: the links are reversed once per list, then the id is put in


# (field, KRDS badge kind, label): the badges a card shows for the vacancy's true fields
BADGES = (
    ("commuter_bus", "outline-primary", gettext_lazy("통근버스")),
    ("dormitory", "outline-secondary", gettext_lazy("기숙사")),
    ("meals", "outline-gray", gettext_lazy("식사 제공")),
    ("foreigners_welcome", "outline-gray", gettext_lazy("외국인 채용 가능")),
)


def _labels(name: str) -> dict[str, str]:
    field = Vacancy._meta.get_field(name)
    assert isinstance(field, models.Field)
    return {value: str(label) for value, label in field.flatchoices}


def vacancy_cards(vacancies: Iterable[Vacancy], back_query: str = "") -> SafeString:
    """``<li class="card vacancy-card">`` for each vacancy (with ``distance_km`` when measured)."""
    detail = link("vacancies:detail", _MARK)
    company = link("vacancies:employer", _MARK)
    back = f"?{urlencode({'back': back_query})}" if back_query else ""
    won, closes, km = e(_("원")), e(_("마감")), _("약 %(km)skm")
    # the choices' labels, translated once per list (``get_FOO_display`` hashes every lazy label)
    labels = {name: _labels(name) for name in ("wage_type", "shift", "employment_type")}
    badges = [(name, f'<span class="krds-badge {kind}">{e(label)}</span>') for name, kind, label in BADGES]
    cards = []
    for v in vacancies:
        employer = v.employer
        place = [v.work_region.short_name]
        if employer.industrial_complex_id and employer.industrial_complex:
            place.append(employer.industrial_complex.name)
        distance = getattr(v, "distance_km", None)
        distance_html = (
            f' · <strong class="distance">{e(km % {"km": distance})}</strong>' if distance is not None else ""
        )
        shown = "".join(html for name, html in badges if getattr(v, name))
        cards.append(
            f'<li class="card vacancy-card">\n  <h3><a href="{e(detail.replace(str(_MARK), str(v.pk)) + back)}">'
            f"{e(v.title)}</a></h3>\n"
            f'  <p class="meta"><a href="{e(company.replace(str(_MARK), str(v.employer_id)))}">{e(employer.name)}</a>'
            f" · {e(' · '.join(place))}{distance_html}</p>\n"
            f'  <p class="meta">{e(labels["wage_type"].get(v.wage_type, v.wage_type))} {e(intcomma(v.wage_amount))}'
            f"{won} · {e(labels['shift'].get(v.shift, v.shift))} · "
            f"{e(labels['employment_type'].get(v.employment_type, v.employment_type))} · {closes} "
            f"{e(v.closing_date.isoformat() if v.closing_date else '')}</p>\n"
            f'  <div class="badges">{shown}</div>\n</li>'
        )
    return SafeString("".join(cards))
