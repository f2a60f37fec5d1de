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
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .models import Vacancy

_MARK = 987654321  # a stand-in id: the links are reversed once per list, then the id is put in


def _badges(vacancy: Vacancy) -> list[tuple[str, str]]:
    badges = [
        (vacancy.commuter_bus, "outline-primary", _("통근버스")),
        (vacancy.dormitory, "outline-secondary", _("기숙사")),
        (vacancy.meals, "outline-gray", _("식사 제공")),
        (vacancy.foreigners_welcome, "outline-gray", _("외국인 채용 가능")),
    ]
    return [(kind, label) for shown, kind, label in badges if shown]


def _labels(name: str) -> dict[str, str]:
    field = Vacancy._meta.get_field(name)
    assert isinstance(field, models.Field)
    return {value: str(label) for value, label in field.flatchoices}


def vacancy_cards(vacancies: Iterable[Vacancy], back_query: str = "") -> SafeString:
    """``<li class="card vacancy-card">`` for each vacancy (with ``distance_km`` when measured)."""
    detail = reverse("vacancies:detail", args=[_MARK])
    company = reverse("vacancies:employer", args=[_MARK])
    back = f"?{urlencode({'back': back_query})}" if back_query else ""
    won, closes = _("원"), _("마감")
    # the choices' labels, translated once per list (``get_FOO_display`` hashes every lazy label)
    labels = {name: _labels(name) for name in ("wage_type", "shift", "employment_type")}
    cards = []
    for v in vacancies:
        employer = v.employer
        place = [v.work_region.short_name]
        if employer.industrial_complex_id and employer.industrial_complex:
            place.append(employer.industrial_complex.name)
        distance = getattr(v, "distance_km", None)
        distance_html = (
            format_html(' · <strong class="distance">{}</strong>', _("약 %(km)skm") % {"km": distance})
            if distance is not None
            else ""
        )
        cards.append(
            format_html(
                '<li class="card vacancy-card">\n  <h3><a href="{}">{}</a></h3>\n'
                '  <p class="meta"><a href="{}">{}</a> · {}{}</p>\n'
                '  <p class="meta">{} {}{} · {} · {} · {} {}</p>\n'
                '  <div class="badges">{}</div>\n</li>',
                detail.replace(str(_MARK), str(v.pk)) + back,
                v.title,
                company.replace(str(_MARK), str(v.employer_id)),
                employer.name,
                " · ".join(place),
                distance_html,
                labels["wage_type"].get(v.wage_type, v.wage_type),
                intcomma(v.wage_amount),
                won,
                labels["shift"].get(v.shift, v.shift),
                labels["employment_type"].get(v.employment_type, v.employment_type),
                closes,
                v.closing_date.isoformat() if v.closing_date else "",
                format_html_join("", '<span class="krds-badge {}">{}</span>', _badges(v)),
            )
        )
    return SafeString("".join(cards))
