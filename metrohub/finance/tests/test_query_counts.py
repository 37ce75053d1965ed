"""The finance pages not counted in test_pages.py — the detail pages, the dashboard, the rates and
the other twins — cost a fixed number of SQL queries, however many rows they show: each test
counts a page's queries, adds rows, counts again (the lists' budgets are in test_pages.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.core.testing import assert_queries_constant
from metrohub.finance import services
from metrohub.finance.models import Agreement, ReportingDate
from metrohub.finance.tests.factories import make_agreement, make_invoice
from metrohub.finance.tests.test_pages import add_agreements, add_invoices

# Queries per request, measured (in brackets, the same on SQLite and PostgreSQL), plus a margin
# of 2. A page for staff starts with 4: session, user, groups, second factor.
AGREEMENT_BUDGET = 10  # (8) the agreement, partner and fund, its reporting dates, income lines, instalments
INVOICE_BUDGET = 11  # (9) the invoice, member and region, its payments, credit notes and mailings, overdue
# (20) income by source and year, the dues summary, arrears by region, declared figures, and the key
# figures of money in, each computed by its metric (one or two queries each)
DASHBOARD_BUDGET = 22
RATES_BUDGET = 7  # (5) the latest rates in one query
EXPORT_BUDGET = 7  # (5) one query streams every row

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_client(client, finance_staff):
    client.force_login(finance_staff)
    return client


def grow_agreement(agreement: Agreement, count: int, *, start: int) -> None:
    for n in range(start, start + count):
        ReportingDate.objects.create(agreement=agreement, due_on=dt.date(2024, 6, 1), what=f"Report {n}")
        services.agreement_income_record(
            actor=SYSTEM,
            agreement=agreement,
            amount=Money(Decimal("1000"), "EUR"),
            received_on=dt.date(2024, 5, 1),
            description=f"Instalment {n}",
        )


def test_an_agreements_page_costs_the_same_queries_with_more_dates_and_income(finance_client, partner):
    agreement = make_agreement(partner, title="Scale agreement")
    grow_agreement(agreement, 1, start=0)
    page = assert_queries_constant(
        finance_client,
        f"/finance/agreements/{agreement.pk}/",
        grow=lambda: grow_agreement(agreement, 20, start=1),
        budget=AGREEMENT_BUDGET,
    )
    assert "Instalment 20" in page


def test_an_invoices_page_costs_the_same_queries_with_more_payments(finance_client, member):
    invoice = make_invoice(member)

    def pay(count: int) -> None:
        for n in range(count):
            services.payment_record(
                actor=SYSTEM,
                invoice=invoice,
                amount=Money(Decimal("10"), "EUR"),
                received_on=dt.date(2024, 2, 1 + n),
            )

    pay(1)
    assert_queries_constant(
        finance_client, f"/finance/dues/{invoice.pk}/", grow=lambda: pay(15), budget=INVOICE_BUDGET
    )


def test_the_dashboard_costs_the_same_queries_for_few_or_many_invoices(finance_client):
    add_invoices(5)
    assert_queries_constant(
        finance_client,
        "/finance/?year=2024",
        grow=lambda: add_invoices(40, start=5),
        budget=DASHBOARD_BUDGET,
    )


def test_the_rates_page_costs_the_same_queries_for_few_or_many_rates(finance_client):
    def add_rates(count: int, *, start: int = 0) -> None:
        for n in range(start, start + count):
            services.exchange_rate_set(
                actor=SYSTEM,
                currency="USD",
                date=dt.date(2020, 1, 1) + dt.timedelta(days=n),
                rate=Decimal("0.9"),
                source="test rate",
            )

    add_rates(2)
    assert_queries_constant(
        finance_client, "/finance/rates/", grow=lambda: add_rates(30, start=2), budget=RATES_BUDGET
    )


@pytest.mark.parametrize(
    ("url", "add"),
    [
        ("/finance/agreements.csv", add_agreements),
        ("/finance/agreements.xlsx", add_agreements),
        ("/finance/income.csv", add_invoices),
    ],
)
def test_the_other_twins_stream_every_row_in_the_same_queries(finance_client, url, add):
    add(5)
    assert_queries_constant(finance_client, url, grow=lambda: add(30, start=5), budget=EXPORT_BUDGET)


def grow_instalments(agreement: Agreement, count: int, *, start: int) -> None:
    for n in range(start, start + count):
        instalment = services.instalment_add(
            actor=SYSTEM,
            agreement=agreement,
            expected_on=dt.date(2024, 1, 1) + dt.timedelta(days=n),
            amount=Money(Decimal("100"), "EUR"),
            note=f"Instalment note {n}",
        )
        if n % 2:
            services.instalment_receive(actor=SYSTEM, instalment=instalment, received_on=dt.date(2024, 6, 1))


def test_an_agreements_page_costs_the_same_queries_with_more_instalments(finance_client, partner):
    agreement = make_agreement(partner, title="Instalments agreement")
    grow_instalments(agreement, 2, start=0)
    page = assert_queries_constant(
        finance_client,
        f"/finance/agreements/{agreement.pk}/",
        grow=lambda: grow_instalments(agreement, 20, start=2),
        budget=AGREEMENT_BUDGET,
    )
    assert "Instalment note 21" in page
