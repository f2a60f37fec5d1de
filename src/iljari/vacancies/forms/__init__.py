"""The vacancy forms: the search form (GET) and the apply form."""

from .apply import ApplyForm
from .chips import ActiveFilter
from .search_form import (
    DISTANCE_CHOICES,
    INDUSTRY_CODE,
    OCCUPATION_CODE,
    PICKER_FIELDS,
    SORT_CHOICES,
    WAGE_CHOICES,
    SearchForm,
)
from .widgets import FastSelect, TaxonomySelect, completed, dong_choices, region_names, sigungu_choices

__all__ = [
    "DISTANCE_CHOICES",
    "INDUSTRY_CODE",
    "OCCUPATION_CODE",
    "PICKER_FIELDS",
    "SORT_CHOICES",
    "WAGE_CHOICES",
    "ActiveFilter",
    "ApplyForm",
    "FastSelect",
    "SearchForm",
    "TaxonomySelect",
    "completed",
    "dong_choices",
    "region_names",
    "sigungu_choices",
]
