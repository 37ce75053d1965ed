from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(amount, currency: str = "") -> str:
    """An amount to the cent, grouped as the reader's language writes numbers, with its currency."""
    if amount is None or amount == "":
        return "—"
    return f"{currency} {number_format(amount, 2, use_l10n=True, force_grouping=True)}".strip()


@register.filter
def sub(amount, other):
    """`amount` less `other` (a reduction's worth on an invoice)."""
    return amount - other
