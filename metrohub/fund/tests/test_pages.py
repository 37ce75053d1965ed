"""The fund's pages, as each role sees them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from metrohub.calls.tests.factories import make_application
from metrohub.calls.workflow import Status
from metrohub.fund import services
from metrohub.fund.models import Grant, Tranche
from metrohub.network.tests.factories import make_user


def test_finance_awards_a_grant_and_records_a_tranche_through_the_pages(
    client, fund_call, city, finance_staff
):
    application = make_application(fund_call, city, status=Status.SELECTED, amount=90_000)
    client.force_login(finance_staff)
    url = reverse("fund:award", args=[application.pk])
    # the award asks first, naming the amount, the city and the fund's balance after it
    page = client.post(url, {"amount": "90000"}).content.decode()
    assert f"Award EUR 90,000 to {city.name} from" in page
    assert "uncommitted balance goes from" in page
    assert not Grant.objects.exists()
    response = client.post(url, {"amount": "90000", "confirmed": "1"})
    grant = Grant.objects.get()
    assert response.url == reverse("fund:grant", args=[grant.pk])
    assert "Dakar Test was awarded EUR 90,000.00." in client.get(response.url).content.decode()
    page = client.post(
        reverse("fund:grant", args=[grant.pk]),
        {
            "action": "tranche",
            "tranche-amount": "45000",
            "tranche-due_on": "2025-03-01",
            "tranche-paid_on": "",
        },
        follow=True,
    ).content.decode()
    assert Tranche.objects.get().amount == 45_000
    assert "The tranche was added to the payment schedule." in page


def test_an_award_above_the_cap_is_refused_on_the_page(client, fund_call, city, finance_staff):
    application = make_application(fund_call, city, status=Status.SELECTED)
    client.force_login(finance_staff)
    url = reverse("fund:award", args=[application.pk])
    # the confirmation says why it cannot be done, and offers no Confirm button
    page = client.post(url, {"amount": "100001"}).content.decode()
    assert "above the most" in page and 'name="confirmed"' not in page
    response = client.post(url, {"amount": "100001", "confirmed": "1"})
    assert response.status_code == 400
    assert "above the most" in response.content.decode()
    assert not Grant.objects.exists()


def test_a_tranche_above_the_grant_is_refused_on_the_page(client, fund_call, city, finance_staff):
    application = make_application(fund_call, city, status=Status.SELECTED)
    grant = services.grant_award(actor=finance_staff, application=application, amount=Decimal("1000"))
    client.force_login(finance_staff)
    response = client.post(
        reverse("fund:grant", args=[grant.pk]),
        {"action": "tranche", "tranche-amount": "1001", "tranche-due_on": "2025-03-01"},
    )
    assert response.status_code == 400
    assert "not yet in a tranche" in response.content.decode()
    assert not Tranche.objects.exists()


@pytest.mark.parametrize("role", ["programs", "policy", "membership"])
def test_other_staff_see_the_fund_but_do_not_award(client, fund_call, city, role):
    application = make_application(fund_call, city, status=Status.SELECTED)
    client.force_login(make_user(role))
    assert client.get(reverse("fund:fund", args=[fund_call.fund_id])).status_code == 200
    assert client.get(reverse("fund:award", args=[application.pk])).status_code == 403
    assert client.post(reverse("fund:award", args=[application.pk]), {"amount": "1"}).status_code == 403
    assert not Grant.objects.exists()


@pytest.mark.parametrize(("role", "offered"), [("finance", True), ("admin", True), ("programs", False)])
def test_the_application_page_offers_the_award_to_whom_the_fund_allows(
    client, fund_call, city, role, offered
):
    # given a selected application to a fund's call (calls asks the fund's rule through its hook)
    application = make_application(fund_call, city, status=Status.SELECTED)
    client.force_login(make_user(role))
    # when its page is opened
    page = client.get(reverse("calls:application", args=[application.pk])).content.decode()
    # then the award is offered to the finance team and administrators only
    assert (reverse("fund:award", args=[application.pk]) in page) is offered


def test_a_focal_point_does_not_see_the_fund_pages(client, fund, focal_point):
    client.force_login(focal_point)
    assert client.get(reverse("fund:fund", args=[fund.pk])).status_code == 403
    assert client.get(reverse("fund:grants")).status_code == 403


def test_the_copy_is_one_action(client, fund, fund_call, finance_staff):
    client.force_login(finance_staff)
    response = client.post(
        reverse("fund:fund_copy", args=[fund.pk]), {"name": "Climate fund", "theme": "Climate adaptation"}
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Climate fund" in page and "Care grants — Climate adaptation" in page


def test_the_grants_list_filters_by_fund_and_exports(client, fund_call, city, finance_staff):
    application = make_application(fund_call, city, status=Status.SELECTED)
    services.grant_award(actor=finance_staff, application=application, amount=Decimal("1000"))
    client.force_login(finance_staff)
    assert city.name in client.get(reverse("fund:grants"), {"fund": fund_call.fund_id}).content.decode()
    assert (
        city.name not in client.get(reverse("fund:grants"), {"fund": fund_call.fund_id + 1}).content.decode()
    )
    assert client.get(reverse("fund:grants"), {"fund": "x"}).status_code == 200
    response = client.get(reverse("fund:grants_export", args=["xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
