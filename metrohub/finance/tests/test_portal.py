"""The member portal's money: a focal point sees their organisation's invoices, payments and
standing, and why; never another organisation's (tried over HTTP with the other's ids)."""

import datetime as dt
from decimal import Decimal

import pytest

from metrohub.accounts.roles import Role
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.core.testing import assert_queries_constant
from metrohub.finance import services
from metrohub.finance.selectors import member_standing
from metrohub.finance.tests.factories import make_invoice
from metrohub.network.models import MembershipPeriod
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user

# Queries per request, measured (in brackets), plus a margin of 2. A focal point's page starts
# with 3: session, user, groups.
# The money page (8, measured): the organisation, its invoices and their payments, the standing.
PORTAL_MONEY_BUDGET = 10
# An invoice's page (6, measured): the rule's look-up, the invoice with its member, its payments.
PORTAL_INVOICE_BUDGET = 8


@pytest.fixture
def dakar(db):
    organisation = OrganisationFactory(name="Dakar Portal", slug="dakar-portal", country="SN")
    MembershipFactory(organisation=organisation)
    return organisation


@pytest.fixture
def lisbon(db):
    organisation = OrganisationFactory(name="Lisbon Portal", slug="lisbon-portal", country="PT")
    MembershipFactory(organisation=organisation)
    return organisation


@pytest.fixture
def dakar_client(client, dakar):
    client.force_login(make_user(Role.FOCAL_POINT, organisation=dakar, username="focal-dakar-test"))
    return client


def pay(invoice, amount: str, on: dt.date):
    return services.payment_record(
        actor=SYSTEM, invoice=invoice, amount=Money(Decimal(amount), invoice.currency), received_on=on
    )


def test_the_portal_shows_the_invoices_receipts_and_why_not_in_good_standing(dakar_client, dakar):
    # given a 2023 invoice paid and a 2024 invoice half paid, long past its due date
    paid = make_invoice(dakar, year=2023, amount="8000")
    pay(paid, "8000", dt.date(2023, 3, 1))
    late = make_invoice(dakar, year=2024, amount="10000")
    pay(late, "4000", dt.date(2024, 5, 2))
    # when Dakar's focal point opens the portal's money page
    page = dakar_client.get("/portal/money/").content.decode()
    # then both invoices are listed with their receipts, and the reason it is not in good standing
    assert "Not in good standing" in page
    assert "The dues of 2024 were due on" in page and "EUR 6,000.00 is still unpaid" in page
    assert "In arrears" in page and "EUR 8,000.00" in page and "EUR 4,000.00" in page
    # and the invoice's page lists its payments
    invoice_page = dakar_client.get(f"/portal/money/invoices/{late.pk}/").content.decode()
    assert "EUR 6,000.00" in invoice_page and "EUR 4,000.00" in invoice_page


def test_a_member_with_everything_paid_is_told_it_is_in_good_standing(dakar_client, dakar):
    invoice = make_invoice(dakar, year=2024)
    pay(invoice, "10000", dt.date(2024, 2, 1))
    page = dakar_client.get("/portal/money/").content.decode()
    assert "In good standing" in page and "is an active member with no dues in arrears" in page
    # and the organisation's page says so too, with the way to the invoices
    portal = dakar_client.get("/portal/", follow=True).content.decode()
    assert "In good standing" in portal and "/portal/money/" in portal


def test_a_suspended_membership_is_the_reason_given(dakar):
    period = dakar.membership.periods.get()
    MembershipPeriod.objects.filter(pk=period.pk).update(status=MembershipPeriod.Status.SUSPENDED)
    standing = member_standing(dakar)
    assert not standing.good and standing.reasons == ["The membership of Dakar Portal is suspended."]


def test_dakars_focal_point_gets_nothing_of_another_citys_money(dakar_client, dakar, lisbon):
    # given Lisbon's invoice, with a payment
    theirs = make_invoice(lisbon, year=2024, amount="12345")
    pay(theirs, "345", dt.date(2024, 2, 1))
    ours = make_invoice(dakar, year=2024)
    # when Dakar's focal point asks for it by id, on the portal and on the staff pages
    refused = [
        dakar_client.get(f"/portal/money/invoices/{theirs.pk}/"),
        dakar_client.get(f"/portal/money/invoices/{theirs.pk + 1000}/"),  # no such invoice
        dakar_client.get(f"/finance/dues/{theirs.pk}/"),
        dakar_client.post(f"/finance/dues/{theirs.pk}/pay/", {"amount": "1", "received_on": "2024-03-01"}),
        dakar_client.get("/finance/dues/"),
        dakar_client.get("/finance/dues/invoices.csv"),
        dakar_client.get("/finance/income/"),
    ]
    # then each is refused, and none shows Lisbon's figures
    assert [r.status_code for r in refused] == [403] * len(refused)
    for response in refused:
        assert b"12,345" not in response.content and b"Lisbon" not in response.content
    # an unknown id and another city's get the same reason
    assert b"There is no such invoice of your organisation." in refused[0].content
    assert b"There is no such invoice of your organisation." in refused[1].content
    # and their own money page lists only their own invoice
    page = dakar_client.get("/portal/money/").content.decode()
    assert f"/portal/money/invoices/{ours.pk}/" in page and f"/portal/money/invoices/{theirs.pk}/" not in page


def test_staff_and_anonymous_visitors_have_no_portal_money_page(client, dakar):
    invoice = make_invoice(dakar)
    assert client.get("/portal/money/")["Location"].startswith("/accounts/login/")
    assert client.get(f"/portal/money/invoices/{invoice.pk}/")["Location"].startswith("/accounts/login/")
    client.force_login(make_user(Role.FINANCE, username="fin"))
    assert client.get("/portal/money/").status_code == 403


def test_the_money_page_costs_the_same_queries_with_more_invoices(dakar_client, dakar):
    make_invoice(dakar, year=2020)

    def grow():
        for year in range(2010, 2020):
            pay(make_invoice(dakar, year=year), "100", dt.date(year, 2, 1))

    assert_queries_constant(dakar_client, "/portal/money/", grow=grow, budget=PORTAL_MONEY_BUDGET)


def test_the_invoice_page_costs_the_same_queries_with_more_payments(dakar_client, dakar):
    invoice = make_invoice(dakar, year=2024)
    pay(invoice, "10", dt.date(2024, 2, 1))

    def grow():
        for day in range(2, 12):
            pay(invoice, "10", dt.date(2024, 2, day))

    url = f"/portal/money/invoices/{invoice.pk}/"
    assert_queries_constant(dakar_client, url, grow=grow, budget=PORTAL_INVOICE_BUDGET)
