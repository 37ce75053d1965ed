"""The dues cycle through its pages: fee rules, the preview and the confirmed issuing, the invoice
document, credit notes; who may open what; query budgets."""

import datetime as dt
from decimal import Decimal

import pytest

from metrohub.core.models import Region
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.core.testing import assert_queries_constant
from metrohub.finance.dues import services as dues
from metrohub.finance.models import CreditNote, DuesRun, FeeSchedule, Invoice
from metrohub.finance.tests.pdf import pdf_title
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user

# Queries per request, measured (in brackets), plus a margin of 2. A staff page starts with 4.
ISSUE_BUDGET = 14  # (12) the members' periods, invoices, fees, decisions, runs; the form
FEES_BUDGET = 9  # (7) the filtered rules with their region, the count, the regions of the filter

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_client(client, finance_staff):
    client.force_login(finance_staff)
    return client


def members(count, *, start=0, language="en"):
    made = []
    for n in range(start, start + count):
        organisation = OrganisationFactory(
            name=f"Page Member {n:03d}", slug=f"page-member-{n:03d}", population=2_000_000, language=language
        )
        MembershipFactory(organisation=organisation)
        made.append(organisation)
    return made


@pytest.fixture
def flat_fee(db):
    return dues.fee_create(actor=SYSTEM, year=2025, category="full", amount=Money(Decimal("12000"), "EUR"))


def test_the_year_is_previewed_then_issued_once_confirmed(finance_client, flat_fee):
    # given two members with a fee and one in Africa without a population, whose only rule is by band
    members(2)
    dues.fee_create(
        actor=SYSTEM,
        year=2025,
        category="associate",
        amount=Money(Decimal("100"), "EUR"),
        population_band="1m_5m",
    )
    loner = OrganisationFactory(name="Associate Loner", slug="associate-loner", population=None)
    MembershipFactory(organisation=loner, period__category="associate")
    # when finance opens the preview
    page = finance_client.get("/finance/dues/issue/?year=2025").content.decode()
    # then it counts, totals by region and currency, and lists who has no rule and why
    assert "2 members to invoice" in page
    assert "EUR 24,000.00" in page
    assert "Associate Loner" in page and "No population on record" in page
    # when the form is posted: the confirmation asks first, and nothing is issued yet
    form = {"year": "2025", "issued_on": "2025-01-15", "due_on": "2025-03-31"}
    confirm = finance_client.post("/finance/dues/issue/?year=2025", form).content.decode()
    assert "Issue the dues of 2025?" in confirm and "2 invoices will be issued for 2025" in confirm
    assert not Invoice.objects.exists()
    # when confirmed: every invoice is issued in one step
    done = finance_client.post("/finance/dues/issue/?year=2025", {**form, "confirmed": "1"}, follow=True)
    assert "2 invoices were issued for 2025" in done.content.decode()
    assert Invoice.objects.filter(year=2025).count() == 2
    # and confirming again issues nothing new, with the reason on the page
    again = finance_client.post("/finance/dues/issue/?year=2025", {**form, "confirmed": "1"})
    assert again.status_code == 400
    assert "Nothing new to issue" in again.content.decode()
    assert (Invoice.objects.count(), DuesRun.objects.count()) == (2, 1)


def test_the_issue_page_costs_the_same_queries_with_more_members(finance_client, flat_fee):
    members(2)
    assert_queries_constant(
        finance_client,
        "/finance/dues/issue/?year=2025",
        grow=lambda: members(20, start=10),
        budget=ISSUE_BUDGET,
    )


def test_the_fee_schedule_costs_the_same_queries_with_more_rules(finance_client, flat_fee):
    def grow():
        for region in Region.objects.all():
            for band in ("under_1m", "1m_5m"):
                dues.fee_create(
                    actor=SYSTEM,
                    year=2025,
                    category="full",
                    region=region,
                    population_band=band,
                    amount=Money(Decimal("1"), "EUR"),
                )

    page = assert_queries_constant(
        finance_client, "/finance/dues/fees/?year=2025", grow=grow, budget=FEES_BUDGET
    )
    assert "Under 1 million inhabitants" in page


def test_a_fee_rule_is_added_corrected_and_retired_from_pages(finance_client):
    # a refused form keeps what was typed
    bad = finance_client.post(
        "/finance/dues/fees/add/", {"year": "2025", "category": "full", "amount": "-5", "currency": "EUR"}
    )
    assert bad.status_code == 400 and 'value="-5"' in bad.content.decode()
    assert not FeeSchedule.objects.exists()
    finance_client.post(
        "/finance/dues/fees/add/",
        {"year": "2025", "category": "full", "region": "europe", "amount": "15000", "currency": "EUR"},
    )
    fee = FeeSchedule.objects.get()
    finance_client.post(f"/finance/dues/fees/{fee.pk}/correct/", {"amount": "16000", "currency": "EUR"})
    fee.refresh_from_db()
    assert fee.amount == Decimal("16000")
    # retiring asks first
    confirm = finance_client.post(f"/finance/dues/fees/{fee.pk}/retire/", {"reason": "Replaced"})
    assert "Retire the fee rule" in confirm.content.decode()
    finance_client.post(f"/finance/dues/fees/{fee.pk}/retire/", {"reason": "Replaced", "confirmed": "1"})
    fee.refresh_from_db()
    assert fee.retired_reason == "Replaced"
    assert fee.history.count() == 3


def test_the_invoice_pdf_is_for_finance_and_the_members_focal_point(client, finance_staff, flat_fee):
    (lyon,) = members(1, language="fr")
    other = members(1, start=5)[0]
    dues.dues_issue(actor=SYSTEM, year=2025, issued_on=dt.date(2025, 1, 15), due_on=dt.date(2025, 3, 31))
    invoice = Invoice.objects.get(organisation=lyon)
    url = f"/finance/dues/{invoice.pk}/invoice.pdf"
    # finance downloads it: a real PDF, in French, naming the member
    client.force_login(finance_staff)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert pdf_title(response.content).startswith("Cotisations des membres 2025 · Page Member 000")
    # the member's focal point may too; another member's may not
    client.force_login(make_user("focal_point", organisation=lyon, username="lyon-fp"))
    assert client.get(url).status_code == 200
    client.force_login(make_user("focal_point", organisation=other, username="other-fp"))
    refused = client.get(url)
    assert refused.status_code == 403 and "own focal points" in refused.content.decode()


def test_a_credit_note_is_issued_from_the_invoice_page_after_confirmation(finance_client, flat_fee):
    members(1)
    dues.dues_issue(actor=SYSTEM, year=2025, issued_on=dt.date(2025, 1, 15), due_on=dt.date(2025, 3, 31))
    invoice = Invoice.objects.get()
    url = f"/finance/dues/{invoice.pk}/credit/"
    too_much = finance_client.post(url, {"amount": "12000.01", "reason": "Error", "confirmed": "1"})
    assert (
        too_much.status_code == 400 and "more than the EUR 12,000.00 still due" in too_much.content.decode()
    )
    finance_client.post(url, {"amount": "2000", "reason": "Joined in March", "confirmed": "1"})
    note = CreditNote.objects.get()
    page = finance_client.get(f"/finance/dues/{invoice.pk}/").content.decode()
    assert note.number in page and "EUR 10,000.00" in page
    assert finance_client.get(f"/finance/dues/credit-notes/{note.pk}/credit-note.pdf").content.startswith(
        b"%PDF-"
    )
