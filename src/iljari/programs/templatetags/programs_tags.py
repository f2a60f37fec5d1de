from django import template

from iljari.programs import koformat

register = template.Library()

register.filter("ko_man", koformat.man)
register.filter("ko_comma", koformat.comma)
register.filter("ko_won", koformat.won)
register.filter("ko_change", koformat.percent_change)
register.filter("ko_percent", koformat.percent)


@register.filter
def metric_of(mapping, metric):
    return mapping.get(metric, 0) if mapping else 0


BADGES = {
    "green": "bg-light-success",
    "yellow": "bg-light-warning",
    "red": "bg-light-danger",
    "grey": "bg-light-gray",
}


@register.filter
def status_badge(status):
    return BADGES.get(status, "bg-light-gray")


@register.filter
def jobs(mapping):
    return mapping.get("jobs", 0) if mapping else 0


@register.filter
def metric(mapping, key):
    return mapping.get(key, 0) if mapping else 0


@register.filter
def ko_comma_safe(value):
    return value if isinstance(value, str) else koformat.comma(value)
