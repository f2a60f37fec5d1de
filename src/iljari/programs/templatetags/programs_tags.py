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
