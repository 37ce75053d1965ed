"""Calls and funds in the open: an anonymous visitor reads the published calls (who may apply,
until when, how applications are judged), the selection once a call has closed, and each fund's
balance and grants — never an unpublished call, a declined application or a synthetic record."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from metrohub.calls.models import Call
from metrohub.calls.tests.factories import make_application, make_call
from metrohub.calls.workflow import Status
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.fund import services
from metrohub.fund.tests.factories import make_contribution
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory


def _member(name: str):
    organisation = OrganisationFactory(name=name)
    MembershipFactory(organisation=organisation)
    return organisation


def _close(call: Call) -> None:
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(days=1))


def test_a_visitor_reads_an_open_call_and_how_to_apply(client, fund_call):
    page = client.get("/calls/public/").content.decode()
    assert "Care grants" in page and "Open now" in page
    page = client.get(f"/calls/public/{fund_call.pk}/").content.decode()
    assert "Who may apply" in page and "How applications are judged" in page
    assert "Relevance" in page and f"/calls/{fund_call.pk}/apply/" in page
    assert "Selected applications" not in page  # not decided while open


def test_unpublished_and_synthetic_calls_stay_inside(client, fund):
    hidden = make_call(title="Draft call", published=False)
    demo = make_call(title="Demo call", synthetic=True)
    assert "Draft call" not in client.get("/calls/public/").content.decode()
    assert client.get(f"/calls/public/{hidden.pk}/").status_code == 404
    assert client.get(f"/calls/public/{demo.pk}/").status_code == 404


def test_once_closed_the_selection_and_its_grants_are_public_but_not_the_declined(client, fund, fund_call):
    chosen = make_application(fund_call, _member("Chosen City"), status=Status.SELECTED)
    make_application(fund_call, _member("Declined City"), status=Status.DECLINED)
    services.grant_award(actor=SYSTEM, application=chosen, amount=Decimal("80000"))
    assert "Chosen City" not in client.get(f"/calls/public/{fund_call.pk}/").content.decode()
    _close(fund_call)
    page = client.get(f"/calls/public/{fund_call.pk}/").content.decode()
    assert "Chosen City" in page and "EUR 80,000" in page
    assert "Declined City" not in page
    assert "This call is closed" in page


def test_a_visitor_sees_each_funds_balance_and_grants(client, fund, fund_call):
    make_contribution(
        fund=fund,
        donor=OrganisationFactory(name="Demo Donor"),
        pledged=Money(Decimal("999999"), "EUR"),
        year=2024,
        synthetic=True,
    )
    chosen = make_application(fund_call, _member("Chosen City"), status=Status.SELECTED)
    services.grant_award(actor=SYSTEM, application=chosen, amount=Decimal("100000"))
    listing = client.get("/fund/public/").content.decode()
    assert fund.name in listing
    page = client.get(f"/fund/public/{fund.pk}/").content.decode()
    assert "Test Donor" in page and "Chosen City" in page and "EUR 100,000" in page
    assert "Demo Donor" not in page  # a synthetic contribution never shows in the open
    # the same figures the secretariat's page computes
    assert 'data-figure="committed">EUR 100,000' in page
    assert client.get("/fund/").status_code == 302  # the staff page still asks for a login
