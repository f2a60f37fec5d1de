"""``{% link 'name' %}``: ``{% url 'name' %}`` for fixed addresses, reversed once per process
(``iljari.core.links``); escaped like any tag's output."""

from django import template

from iljari.core.links import link as _link

register = template.Library()


@register.simple_tag
def link(name: str, *args) -> str:
    return _link(name, *args)
