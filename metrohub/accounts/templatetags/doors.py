"""`{% closed_door redirect_field_value as door %}`: what is behind the page a visitor was sent
from to log in (accounts/doors.py)."""

from django import template

from metrohub.accounts.doors import explain

register = template.Library()


@register.simple_tag
def closed_door(target):
    return explain(target)
