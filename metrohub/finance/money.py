"""Money: an exact decimal with an ISO 4217 currency, converted to EUR only with a dated rate."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError

EUR = "EUR"
CENT = Decimal("0.01")


def validate_currency(code: str) -> None:
    """An ISO 4217 code, as pycountry knows it (upper case: "EUR", "USD")."""
    if not code or code != code.upper() or pycountry.currencies.get(alpha_3=code) is None:
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code."), code="currency", params={"code": code}
        )


def currency_choices() -> list[tuple[str, str]]:
    return sorted((c.alpha_3, f"{c.alpha_3} — {c.name}") for c in pycountry.currencies)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", Decimal(str(self.amount)))
        validate_currency(self.currency)

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,.2f}"


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
