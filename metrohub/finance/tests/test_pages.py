"""The finance pages: who may see them, payments through the page, exports, query counts."""

import datetime as dt
from decimal import Decimal

import pytest

from metrohub.core.permissions import SYSTEM
from metrohub.core.testing import assert_queries_constant as assert_constant
from metrohub.finance.models import IncomeLine, Invoice, Payment
from metrohub.finance.tests.factories import make_agreement, make_invoice
from metrohub.network.models import Organisation
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory

FINANCE_ONLY = ["/finance/", "/finance/dues/", "/finance/income/", "/finance/rates/"]


@pytest.mark.parametrize(
    ("role", "agreements", "finance"),
    [
        ("finance", 200, 200),
        ("admin", 200, 200),
        ("membership", 200, 403),
        ("programs", 200, 403),
        ("hr", 200, 403),
        ("reviewer", 403, 403),
        ("focal_point", 403, 403),
    ],
)
def test_who_sees_what(client, user_with_role, city, partner, role, agreements, finance):
    # given
    agreement = make_agreement(partner)
    invoice = make_invoice(city)
    client.force_login(user_with_role(role, organisation=city if role == "focal_point" else None))
    # then
    for url in ["/finance/agreements/", f"/finance/agreements/{agreement.pk}/", "/finance/agreements.csv"]:
        assert client.get(url).status_code == agreements, (role, url)
    for url in [*FINANCE_ONLY, f"/finance/dues/{invoice.pk}/", "/finance/dues/invoices.csv"]:
        assert client.get(url).status_code == finance, (role, url)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/finance/agreements/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_payment_through_the_page(client, finance_staff, invoice):
    client.force_login(finance_staff)
    response = client.post(
        f"/finance/dues/{invoice.pk}/pay/",
        {"amount": "10000", "currency": "EUR", "received_on": "2024-02-01", "method": "transfer"},
    )
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert IncomeLine.objects.get().amount_eur == Decimal("10000")


def test_an_overpayment_through_the_page_is_refused_and_changes_nothing(client, finance_staff, invoice):
    client.force_login(finance_staff)
    response = client.post(
        f"/finance/dues/{invoice.pk}/pay/",
        {"amount": "10000.50", "currency": "EUR", "received_on": "2024-02-01", "method": "transfer"},
    )
    assert response.status_code == 400
    assert "overpayments are refused" in response.content.decode()
    assert not Payment.objects.exists() and not IncomeLine.objects.exists()


def test_a_payment_in_a_currency_without_a_rate_is_refused_on_the_page(client, finance_staff, invoice):
    client.force_login(finance_staff)
    response = client.post(
        f"/finance/dues/{invoice.pk}/pay/",
        {"amount": "100", "currency": "BRL", "received_on": "2024-02-01", "method": "transfer"},
    )
    assert response.status_code == 400
    assert "There is no exchange rate from BRL to EUR on or before 2024-02-01" in response.content.decode()
    assert not Payment.objects.exists()


def test_waiving_through_the_page(client, finance_staff, invoice):
    client.force_login(finance_staff)
    response = client.post(f"/finance/dues/{invoice.pk}/waive/", {"reason": "Hardship."})
    assert response.status_code == 302
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.WAIVED


def test_synthetic_rows_are_marked_on_the_pages(client, finance_staff, member):
    invoice = make_invoice(member, synthetic=True)
    client.force_login(finance_staff)
    for url in ["/finance/dues/", f"/finance/dues/{invoice.pk}/", "/finance/income/"]:
        assert "generated for the demonstration" in client.get(url).content.decode(), url


def test_the_agreements_csv_holds_the_filtered_rows(client, finance_staff, partner):
    make_agreement(partner, title="Money")
    make_agreement(partner, kind="cooperation", title="Talk")
    client.force_login(finance_staff)
    response = client.get("/finance/agreements.csv?kind=cooperation")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "Talk" in lines[1]


# Query counts: a list costs the same number of queries for few rows or many. Measured on SQLite
# (in brackets), plus a margin of 2. A page for staff starts with 4: session, user, groups, second factor.
AGREEMENTS_BUDGET = 9  # (7) the partners of the filter, count, page rows
INVOICES_BUDGET = 10  # (8) regions, count, page rows, whether synthetic rows exist
INCOME_BUDGET = 8  # (6) count, page rows
INVOICES_EXPORT_BUDGET = 9  # (7) regions, and one query streams every row


def add_agreements(count: int, *, start: int = 0) -> None:
    for n in range(start, start + count):
        partner = OrganisationFactory(
            name=f"Partner {n:03d}", slug=f"partner-{n:03d}", kind=Organisation.Kind.PARTNER
        )
        make_agreement(partner, title=f"Agreement {n:03d}")


def add_invoices(count: int, *, start: int = 0) -> None:
    from metrohub.core.money import Money
    from metrohub.finance import services

    for n in range(start, start + count):
        organisation = OrganisationFactory(name=f"Dues City {n:03d}", slug=f"dues-city-{n:03d}")
        MembershipFactory(organisation=organisation)
        invoice = make_invoice(organisation, synthetic=n % 2 == 0)
        if n % 3 == 0:
            services.payment_record(
                actor=SYSTEM,
                invoice=invoice,
                amount=Money(Decimal("100"), "EUR"),
                received_on=dt.date(2024, 2, 1),
            )


@pytest.fixture
def finance_client(client, finance_staff):
    client.force_login(finance_staff)
    return client


def test_agreements_list_costs_the_same_queries_for_5_or_60(finance_client):
    add_agreements(5)
    page = assert_constant(
        finance_client,
        "/finance/agreements/?sort=-year",
        grow=lambda: add_agreements(55, start=5),
        budget=AGREEMENTS_BUDGET,
    )
    assert "60 agreements" in page


def test_invoices_list_costs_the_same_queries_for_5_or_60(finance_client):
    add_invoices(5)
    page = assert_constant(
        finance_client,
        "/finance/dues/?year=2024&sort=region",
        grow=lambda: add_invoices(55, start=5),
        budget=INVOICES_BUDGET,
    )
    assert "60 invoices" in page


def test_income_ledger_costs_the_same_queries_for_few_or_many_lines(finance_client):
    add_invoices(6)
    assert_constant(
        finance_client,
        "/finance/income/?year=2024",
        grow=lambda: add_invoices(60, start=6),
        budget=INCOME_BUDGET,
    )


def test_invoices_export_costs_the_same_queries(finance_client):
    add_invoices(5)
    assert_constant(
        finance_client,
        "/finance/dues/invoices.csv",
        grow=lambda: add_invoices(55, start=5),
        budget=INVOICES_EXPORT_BUDGET,
    )
