"""Money converts to EUR only with a rate dated on or before the day; otherwise it refuses."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance import services
from metrohub.finance.money import NoExchangeRate, convert, to_eur


def test_a_currency_must_be_iso_4217():
    with pytest.raises(ValidationError):
        Money(Decimal("10"), "XYZ")
    with pytest.raises(ValidationError):
        Money(Decimal("10"), "usd")
    assert Money(Decimal("10"), "JPY").currency == "JPY"


def test_conversion_uses_the_latest_rate_on_or_before_the_date(usd_rate):
    # given a second, later rate
    services.exchange_rate_set(
        actor=SYSTEM, currency="USD", date=dt.date(2024, 7, 1), rate=Decimal("0.95"), source="test"
    )
    fifty = Money(Decimal("50000"), "USD")
    # then each day converts at the rate in force
    assert to_eur(fifty, on=dt.date(2024, 6, 30)) == Decimal("45000.00")
    assert to_eur(fifty, on=dt.date(2024, 7, 1)) == Decimal("47500.00")
    assert to_eur(Money(Decimal("12.34"), "EUR"), on=dt.date(1999, 1, 1)) == Decimal("12.34")


def test_conversion_refuses_without_a_dated_rate(usd_rate):
    # a day before the first rate: refused, not guessed from a later rate
    with pytest.raises(NoExchangeRate, match="USD to EUR on or before 2023-12-31"):
        to_eur(Money(Decimal("1"), "USD"), on=dt.date(2023, 12, 31))
    # a currency with no rate at all
    with pytest.raises(NoExchangeRate, match="GBP"):
        convert(Money(Decimal("1"), "GBP"), to="EUR", on=dt.date(2024, 6, 1))


def test_conversion_between_two_currencies_goes_through_eur(usd_rate):
    services.exchange_rate_set(
        actor=SYSTEM, currency="GBP", date=dt.date(2024, 1, 1), rate=Decimal("1.2"), source="test"
    )
    assert convert(Money(Decimal("1200"), "GBP"), to="USD", on=dt.date(2024, 2, 1)) == Decimal("1600.00")


def test_only_finance_records_a_rate(user_with_role):
    from metrohub.core.errors import NotAllowed

    with pytest.raises(NotAllowed, match="Only the finance team and administrators change financial records"):
        services.exchange_rate_set(
            actor=user_with_role("programs"), currency="USD", date=dt.date(2024, 1, 1), rate=1, source="x"
        )
