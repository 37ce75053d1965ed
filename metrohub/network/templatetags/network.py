"""The network's template filters: membership codes shown with their labels."""

from django import template

from metrohub.network.models import MembershipPeriod

register = template.Library()


@register.filter
def membership_status(value: str | None) -> str:
    return MembershipPeriod.Status(value).label if value in MembershipPeriod.Status.values else ""


@register.filter
def membership_category(value: str | None) -> str:
    return MembershipPeriod.Category(value).label if value in MembershipPeriod.Category.values else ""
