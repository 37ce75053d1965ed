"""Dues: one invoice per member and year; payments that would be wrong change nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from metrohub.core.errors import DomainError, NotAllowed
from metrohub.core.models import Region
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance import services
from metrohub.finance.models import IncomeLine, Invoice, Payment
from metrohub.finance.money import NoExchangeRate
from metrohub.finance.selectors import invoice_list
from metrohub.finance.tests.factories import make_invoice


def snapshot(invoice: Invoice) -> tuple:
    invoice.refresh_from_db()
    return (
        invoice.status,
        invoice.paid_amount,
        Payment.objects.count(),
        IncomeLine.objects.count(),
        invoice.history.count(),
    )


def test_one_invoice_per_member_and_year(invoice, member):
    # the service refuses a second one with a clear message
    with pytest.raises(DomainError, match="already has an invoice for 2024"):
        make_invoice(member)
    # and the database refuses it too, whoever writes
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            organisation=member,
            year=2024,
            amount=1,
            currency="EUR",
            issued_on=dt.date(2024, 1, 1),
            due_on=dt.date(2024, 2, 1),
        )
    # another year is another invoice
    assert make_invoice(member, year=2025).year == 2025


def test_the_fee_schedule_prices_an_invoice_by_region_then_flat(member):
    europe = Region.objects.get(code="europe")
    services.fee_set(actor=SYSTEM, year=2024, category="full", amount=Money(Decimal("5000"), "EUR"))
    services.fee_set(
        actor=SYSTEM, year=2024, category="full", region=europe, amount=Money(Decimal("12000"), "EUR")
    )
    invoice = services.invoice_issue(
        actor=SYSTEM,
        organisation=member,
        year=2024,
        issued_on=dt.date(2024, 1, 1),
        due_on=dt.date(2024, 3, 1),
    )
    assert (invoice.amount, invoice.currency) == (Decimal("12000"), "EUR")  # the member is in Europe


def test_a_payment_settles_the_invoice_and_writes_its_ledger_line(invoice, usd_rate, finance_staff):
    # when the member pays half in euros and the rest in dollars
    services.payment_record(
        actor=finance_staff,
        invoice=invoice,
        amount=Money(Decimal("5000"), "EUR"),
        received_on=dt.date(2024, 2, 1),
    )
    services.payment_record(
        actor=finance_staff,
        invoice=invoice,
        amount=Money(Decimal("5555.56"), "USD"),
        received_on=dt.date(2024, 2, 9),
    )
    # then the invoice is paid, and the ledger holds both in EUR
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.paid_amount == Decimal("10000.00")
    lines = IncomeLine.objects.order_by("date")
    assert [line.amount_eur for line in lines] == [Decimal("5000.00"), Decimal("5000.00")]
    assert {line.source for line in lines} == {"fees"}
    assert invoice.history.first().history_user == finance_staff


@pytest.mark.parametrize(
    ("amount", "received_on", "message"),
    [
        (Money(Decimal("10000.01"), "EUR"), dt.date(2024, 2, 1), "overpayments are refused"),
        (Money(Decimal("100"), "GBP"), dt.date(2024, 2, 1), "no exchange rate from GBP"),
        (Money(Decimal("100"), "JPY"), dt.date(2024, 2, 1), "no exchange rate from JPY"),
        (Money(Decimal("100"), "EUR"), dt.date(2024, 1, 1), "before the invoice was issued"),
    ],
)
def test_a_refused_payment_changes_nothing(invoice, usd_rate, finance_staff, amount, received_on, message):
    # given a yen rate only from June: too late for a February payment
    services.exchange_rate_set(
        actor=SYSTEM, currency="JPY", date=dt.date(2024, 6, 1), rate=Decimal("0.006"), source="test"
    )
    before = snapshot(invoice)
    # when
    with pytest.raises(DomainError, match=message):
        services.payment_record(actor=finance_staff, invoice=invoice, amount=amount, received_on=received_on)
    # then
    assert snapshot(invoice) == before


def test_a_missing_rate_is_its_own_error(invoice):
    with pytest.raises(
        NoExchangeRate, match="There is no exchange rate from USD to EUR on or before 2024-02-01"
    ):
        services.payment_record(
            actor=SYSTEM, invoice=invoice, amount=Money(Decimal("1"), "USD"), received_on=dt.date(2024, 2, 1)
        )


def test_a_waived_or_paid_invoice_takes_no_payment(invoice, finance_staff):
    services.invoice_waive(actor=finance_staff, invoice=invoice, reason="Hardship after floods.")
    before = snapshot(invoice)
    with pytest.raises(DomainError, match="takes no payment"):
        services.payment_record(
            actor=finance_staff,
            invoice=invoice,
            amount=Money(Decimal("1"), "EUR"),
            received_on=dt.date(2024, 2, 1),
        )
    with pytest.raises(DomainError, match="Only an open invoice"):
        services.invoice_waive(actor=finance_staff, invoice=invoice, reason="again")
    assert snapshot(invoice) == before
    assert invoice.waiver_reason == "Hardship after floods."


def test_a_waiver_needs_a_reason(invoice, finance_staff):
    with pytest.raises(DomainError, match="needs its reason"):
        services.invoice_waive(actor=finance_staff, invoice=invoice, reason="  ")
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.OPEN


def test_only_finance_and_admin_record_payments(invoice, user_with_role):
    for role in ("membership", "programs", "hr", "focal_point", "reviewer"):
        with pytest.raises(
            NotAllowed, match="Only the finance team and administrators change financial records"
        ):
            services.payment_record(
                actor=user_with_role(role),
                invoice=invoice,
                amount=Money(Decimal("1"), "EUR"),
                received_on=dt.date(2024, 2, 1),
            )
    services.payment_record(
        actor=user_with_role("admin"),
        invoice=invoice,
        amount=Money(Decimal("1"), "EUR"),
        received_on=dt.date(2024, 2, 1),
    )


def test_arrears_are_open_invoices_past_due(member, other_city, city):
    # given one open past due, one open not yet due, one paid
    late = make_invoice(member)
    make_invoice(other_city, year=2025)
    paid = make_invoice(city)
    services.payment_record(
        actor=SYSTEM, invoice=paid, amount=Money(paid.amount, "EUR"), received_on=dt.date(2024, 2, 1)
    )
    # then only the first is in arrears on 1 April 2024
    assert list(invoice_list(overdue=True, today=dt.date(2024, 4, 1))) == [late]
