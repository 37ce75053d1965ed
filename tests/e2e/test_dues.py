"""The year's dues in a real browser: finance sets a fee rule, previews and issues the year's
dues, downloads a French-speaking member's invoice (a real PDF, in French, naming the member),
records a partial payment and then the rest in another currency, and the invoice reads paid."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import enrol_totp

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(live_server, django_db_serialized_rollback):
    from metrohub.core.models import Region
    from metrohub.core.permissions import SYSTEM
    from metrohub.finance import services
    from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user

    def member(name, *, language, category="full", population=2_500_000, region="europe"):
        organisation = OrganisationFactory(
            name=name,
            slug=name.lower().replace(" ", "-"),
            language=language,
            population=population,
            region=Region.objects.get(code=region),
        )
        MembershipFactory(organisation=organisation, period__category=category)
        return organisation

    member("Lyon Métropole", language="fr")
    member("Toronto", language="en", region="north-america")
    member("Small Associate", language="es", category="associate", population=None)
    # 1 USD = 0.80 EUR from the start of the year
    services.exchange_rate_set(
        actor=SYSTEM,
        currency="USD",
        date=dt.date(timezone.localdate().year, 1, 1),
        rate=Decimal("0.8"),
        source="test rate",
    )
    enrol_totp(make_user("finance", username="fiona"))


def test_finance_issues_the_years_dues_and_an_invoice_is_paid_in_two_currencies(
    new_page, world, login, screenshot, tmp_path
):
    from metrohub.finance.models import Invoice
    from metrohub.finance.tests.pdf import pdf_title

    def shoot(page, name):
        screenshot(page, name)
        page.set_viewport_size({"width": 375, "height": 800})
        screenshot(page, f"{name}-375")
        page.set_viewport_size({"width": 1280, "height": 800})

    year = timezone.localdate().year
    page = new_page()
    page.set_default_timeout(30_000)  # the machine running the suite may be busy
    page.goto("/finance/dues/fees/add/")
    login(page, "fiona")

    # a fee rule for every full member
    page.fill("#id_year", str(year))
    page.select_option("#id_category", "full")
    page.fill("#id_amount", "12000")
    page.select_option("#id_currency", "EUR")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_contain_text("The fee rule was added")
    shoot(page, "fees")

    # the preview counts and totals, and lists the member without a rule, with the reason
    page.get_by_role("link", name="Issue the year's dues").click()
    expect(page.locator("#preview-counts")).to_contain_text("2 members to invoice")
    expect(page.locator("#preview-totals")).to_contain_text("EUR 12,000.00")
    expect(page.locator("#no-rule")).to_contain_text("Small Associate")
    shoot(page, "preview")
    page.get_by_role("button", name="Issue the year's dues…").click()
    expect(page.locator("h1")).to_have_text(f"Issue the dues of {year}?")
    expect(page.locator("#consequences")).to_contain_text(f"2 invoices will be issued for {year}")
    shoot(page, "confirm")
    assert not Invoice.objects.exists()
    page.get_by_role("button", name="Issue the invoices").click()
    expect(page.locator(".alert-success")).to_contain_text(f"2 invoices were issued for {year}")

    # Lyon's invoice as a PDF: real, in French, naming the member
    page.get_by_role("link", name="Lyon Métropole").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the invoice (PDF)").click()
    pdf = tmp_path / "invoice.pdf"
    download.value.save_as(pdf)
    title = pdf_title(pdf.read_bytes())
    assert title.startswith(f"Cotisations des membres {year} · Lyon Métropole"), title

    # a partial payment in euros, then the rest in dollars at the day's rate
    page.fill("#id_amount", "5000")
    page.select_option("#id_currency", "EUR")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.locator("#balance")).to_have_text("EUR 7,000.00")
    page.fill("#id_amount", "8750")
    page.select_option("#id_currency", "USD")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.locator("#balance")).to_have_text("EUR 0.00")
    expect(page.locator("dl")).to_contain_text("Paid")
    shoot(page, "paid")
    assert Invoice.objects.get(organisation__name="Lyon Métropole").status == "paid"
    # the waivers and reductions list, and a fee rule's page with its history
    page.goto("/finance/dues/decisions/")
    expect(page.locator("h1")).to_have_text("Finance")
    shoot(page, "decisions")
    page.goto("/finance/dues/fees/")
    page.locator("td a").first.click()
    expect(page.locator("#fee-amount")).to_have_text("EUR 12,000.00")
    shoot(page, "fee")
