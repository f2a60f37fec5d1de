"""Korean number formatting as officials write it: 1만562개, 477억, 10,562.

The myriad grouping (만, 억, 조) is Korean notation: in another language the figures are
written with thousands separators instead.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

UNITS = [(10**12, "조"), (10**8, "억"), (10**4, "만")]


def comma(value) -> str:
    """10562 → '10,562'."""
    if value is None:
        return "-"
    return f"{int(round(value)):,}"


def man(value) -> str:
    """Korean myriad grouping: 10562 → '1만562', 47_700_000_000 → '477억', 7750 → '7,750'."""
    if value is None:
        return "-"
    if not (get_language() or "ko").startswith("ko"):
        return comma(value)
    n = int(round(value))
    if n < 0:
        return "-" + man(-n)
    parts = []
    for size, unit in UNITS:
        if n >= size:
            parts.append(f"{n // size:,}{unit}")
            n %= size
    if n or not parts:
        parts.append(f"{n:,}")
    return "".join(parts)


def won(value) -> str:
    """Money in the articles' style: 47_700_000_000 → '477억원', 3_500_000 → '350만원'."""
    if value is None:
        return "-"
    return _("%(amount)s원") % {"amount": man(value)}


def percent_change(value) -> str:
    """0.087 → '+8.7%'."""
    if value is None:
        return "-"
    return f"{value * 100:+.1f}%"


def percent(value) -> str:
    if value is None:
        return "-"
    return f"{value * 100:.1f}%"
