"""The member portal's money part, shown on the organisation's page to its focal point (the
registry's template loads it, as it loads calls' and programs' parts; network imports no finance)."""

from django import template

from metrohub.finance.selectors import member_standing

register = template.Library()


@register.inclusion_tag("finance/_portal_money.html")
def portal_money_for(organisation):
    """The organisation's standing, why, and the way to its invoices and payments."""
    return {"organisation": organisation, "standing": member_standing(organisation)}
