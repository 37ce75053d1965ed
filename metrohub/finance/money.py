"""Money converted to EUR only with a dated rate (`ExchangeRate`); the amount and its currency are
core's (`metrohub.core.money`)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.money import CENT, EUR, Money


class NoExchangeRate(DomainError):
    """No rate to EUR on or before the date: the conversion is refused, never guessed."""

    def __init__(self, *, currency: str, on: dt.date) -> None:
        super().__init__(
            _("There is no exchange rate from %(currency)s to EUR on or before %(date)s; record one first.")
            % {"currency": currency, "date": on.isoformat()}
        )
        self.currency, self.on = currency, on


def rate_to_eur(*, currency: str, on: dt.date) -> Decimal:
    """The latest rate (EUR per unit of `currency`) dated on or before `on`."""
    from metrohub.finance.models import ExchangeRate

    if currency == EUR:
        return Decimal(1)
    rate = (
        ExchangeRate.objects.filter(currency=currency, date__lte=on)
        .order_by("-date")
        .values_list("rate", flat=True)
        .first()
    )
    if rate is None:
        raise NoExchangeRate(currency=currency, on=on)
    return rate


def to_eur(money: Money, *, on: dt.date) -> Decimal:
    """The amount in EUR at the rate of `on` (or the latest before), to the cent."""
    return (money.amount * rate_to_eur(currency=money.currency, on=on)).quantize(CENT, ROUND_HALF_UP)


def convert(money: Money, *, to: str, on: dt.date) -> Decimal:
    """The amount in another currency, through EUR, at the rates of `on`."""
    if money.currency == to:
        return money.amount
    in_eur = money.amount * rate_to_eur(currency=money.currency, on=on)
    return (in_eur / rate_to_eur(currency=to, on=on)).quantize(CENT, ROUND_HALF_UP)
