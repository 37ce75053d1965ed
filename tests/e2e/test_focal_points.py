"""Focal points in a real browser, on the 2024 data: the membership team invites a person for
Dakar, the mail (Django's locmem backend) carries the link, the person sets a password, logs in
and sees Dakar's portal with its invoices and standing; removed, they lose access at once."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

EMAIL = "awa.diop@dakar.example"
NEW_PASSWORD = "Teranga-Dakar-2024!"


def dakar_with_dues():
    """Dakar, with its 2024 dues (synthetic, for this test): half paid, long past their due date."""
    from metrohub.core.money import Money
    from metrohub.core.permissions import SYSTEM
    from metrohub.finance import services
    from metrohub.network.models import Organisation

    dakar = Organisation.objects.get(name="Dakar")
    invoice = services.invoice_issue(
        actor=SYSTEM,
        organisation=dakar,
        year=2024,
        issued_on=dt.date(2024, 1, 15),
        due_on=dt.date(2024, 3, 31),
        amount=Money(Decimal("9000"), "EUR"),
        synthetic=True,
    )
    services.payment_record(
        actor=SYSTEM, invoice=invoice, amount=Money(Decimal("3000"), "EUR"), received_on=dt.date(2024, 4, 2)
    )
    return dakar


def test_staff_invite_dakars_focal_point_who_sees_its_dues_until_removed(
    page, new_page, membership_user, login, screenshot, live_server, browser_errors
):
    browser_errors.allow(r"status of 410")  # the used link, opened again at the end
    dakar = dakar_with_dues()
    # given the membership team on Dakar's page
    page.goto(f"/registry/organisations/{dakar.pk}/")
    login(page, membership_user.username)
    expect(page.get_by_role("heading", name="Focal points")).to_be_visible()
    # when they invite a person of the city
    page.get_by_label("E-mail of the person to invite").fill(EMAIL)
    page.get_by_role("button", name="Send an invitation").click()
    expect(page.get_by_text(f"An invitation is on its way to {EMAIL}.")).to_be_visible()
    expect(page.locator("#invitations")).to_contain_text("Sent, not yet accepted")
    screenshot(page, "invited")

    # then the mail carries the link
    [message] = [m for m in mail.outbox if m.to == [EMAIL]]
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0)
    assert link.startswith(live_server.url)

    # when the person opens it and sets a password
    person = new_page()
    person.goto(link)
    expect(person.get_by_text("Dakar", exact=True)).to_be_visible()
    person.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    person.get_by_label("The same password again").fill(NEW_PASSWORD)
    screenshot(person, "set-password")
    person.get_by_role("button", name="Set my password").click()
    expect(person.get_by_text("Your password is set")).to_be_visible()

    # then they log in and see Dakar's portal, its standing and why
    login(person, EMAIL, NEW_PASSWORD)
    person.goto("/portal/")
    expect(person.get_by_role("heading", name="Dakar", exact=True)).to_be_visible()
    expect(person.locator("#standing")).to_contain_text("Not in good standing")
    expect(person.locator("#standing")).to_contain_text("The dues of 2024 were due on")
    screenshot(person, "portal")
    person.get_by_role("link", name="Invoices, payments and receipts").click()
    expect(person.locator("#portal-invoices")).to_contain_text("2024")
    expect(person.locator("#portal-invoices")).to_contain_text("EUR 6,000.00")
    expect(person.locator("#portal-invoices")).to_contain_text("In arrears")
    screenshot(person, "portal-money")
    person.set_viewport_size({"width": 375, "height": 800})
    person.reload()
    assert person.evaluate("() => document.documentElement.scrollWidth <= 375")
    screenshot(person, "portal-money-phone")

    # when the membership team removes them, after confirming
    page.reload()
    page.locator("#focal-point-list").get_by_role("link", name="Remove").click()
    expect(page.get_by_text("loses access to the portal of Dakar at once")).to_be_visible()
    screenshot(page, "remove-confirmation")
    page.get_by_role("button", name="Remove the focal point").click()
    expect(page.get_by_text(f"{EMAIL} is no longer a focal point of Dakar.")).to_be_visible()
    expect(page.locator("#invitations")).to_contain_text("Focal point removed")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()  # app.js fits the tables to the screen the page opens on
    assert page.evaluate("() => document.documentElement.scrollWidth <= 375")
    screenshot(page, "focal-points-phone")

    # then their session reaches Dakar's portal no more, and the used link opens nothing
    person.goto("/portal/money/")
    expect(person).to_have_url(re.compile(r"/accounts/login/"))
    person.goto(link)
    expect(person.locator("#invitation-refused")).to_have_text(
        "This invitation link was already used or withdrawn."
    )
    screenshot(person, "used-link")
