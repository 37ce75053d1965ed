"""Finance metrics follow the records; synthetic lines never count."""

import datetime as dt
from decimal import Decimal

from metrohub.core.metrics import REGISTRY
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance import services
from metrohub.finance.models import Agreement
from metrohub.finance.tests.factories import make_agreement, make_invoice


def value(key: str, year: int = 2024) -> Decimal:
    return REGISTRY[key].compute(year).value


def test_income_and_shares_follow_the_records(member, partner, usd_rate):
    # given a grant of 30 000 EUR and dues of 10 000 EUR received in 2024
    grant = make_agreement(partner)
    services.agreement_income_record(
        actor=SYSTEM, agreement=grant, amount=Money(Decimal("30000"), "EUR"), received_on=dt.date(2024, 5, 1)
    )
    invoice = make_invoice(member)
    services.payment_record(
        actor=SYSTEM, invoice=invoice, amount=Money(Decimal("10000"), "EUR"), received_on=dt.date(2024, 2, 1)
    )
    assert value("finance.income.fees") == Decimal("10000")
    assert value("finance.income.grants") == Decimal("30000")
    assert value("finance.income.grants_share") == Decimal("75")
    assert value("finance.income.fees_share") == Decimal("25")
    # when another grant arrives, in dollars
    services.agreement_income_record(
        actor=SYSTEM, agreement=grant, amount=Money(Decimal("10000"), "USD"), received_on=dt.date(2024, 6, 1)
    )
    # then the figures change with it
    assert value("finance.income.grants") == Decimal("39000")
    assert value("finance.income.fees_share") == Decimal("20.41")
    # and nothing counts toward 2025
    assert value("finance.income.grants", 2025) == 0


def test_synthetic_income_never_counts(member):
    # given a synthetic invoice, paid
    invoice = make_invoice(member, synthetic=True)
    services.payment_record(
        actor=SYSTEM, invoice=invoice, amount=Money(invoice.amount, "EUR"), received_on=dt.date(2024, 2, 1)
    )
    # then its ledger line is synthetic and no figure counts it
    assert invoice.payments.get().income_line.synthetic
    assert value("finance.income.fees") == 0
    assert value("finance.income.fees_share") == 0


def test_funding_agreements_count_only_funding_of_the_year(partner):
    make_agreement(partner)
    make_agreement(partner, kind=Agreement.Kind.COOPERATION)
    make_agreement(partner, year=2023)
    assert value("finance.agreements.funding") == 1
    make_agreement(partner)
    assert value("finance.agreements.funding") == 2
    assert list(
        REGISTRY["finance.agreements.funding"].compute(2023).records.values_list("year", flat=True)
    ) == [2023]
