"""Money: an exact decimal with an ISO 4217 currency. Converting it to EUR takes a dated rate,
which is finance's record (`metrohub.finance.money`)."""

from dataclasses import dataclass
from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
