"""The search page's occupation (KECO) and industry (KSIC) pickers: choose by name, not by code.

Each picker offers plain-HTML ways to a code, so the page works without JavaScript:

* quick choices for the root industries (용접, 금형, 주조 …): submit buttons named ``<kind>_pick``;
* a two-level choice: a group select (``<kind>_group``: KECO 중분류 / KSIC 대분류) and a detail
  select named like the filter itself (``occupation`` / ``industry``) listing the group's
  소분류/세분류 (KECO) or 중분류/소분류 (KSIC), each level reachable. These long lists are not part
  of the search page: they load on demand (``views.filter_list``: an htmx fragment, or a page of
  their own through a plain link when JavaScript is off);
* a name search (``<kind>_q``) whose matches are again ``<kind>_pick`` buttons (job-dictionary
  titles lead to their occupation: "지게차" → 지게차 운전원).

htmx only refreshes the detail options when the group changes and shows the matches while the
visitor types. The query string keeps the codes (``occupation=8241``, ``industry=24`` or the
section-prefixed ``C24``) so links and ``/api/vacancies`` stay compatible.
"""

from .base import Match, Node, Picker, QuickChoice, clean_name, render_options
from .industry import INDUSTRY_QUICK, IndustryPicker
from .occupation import OCCUPATION_QUICK, OccupationPicker

PICKERS: dict[str, type[Picker]] = {"occupation": OccupationPicker, "industry": IndustryPicker}

__all__ = [
    "INDUSTRY_QUICK",
    "OCCUPATION_QUICK",
    "PICKERS",
    "IndustryPicker",
    "Match",
    "Node",
    "OccupationPicker",
    "Picker",
    "QuickChoice",
    "clean_name",
    "render_options",
]
