"""The one ledger of money in, in a real browser, on the real 2024 data: finance records an SDC
instalment and a new OSF contribution to the Fund through the pages; each is in the income
ledger once and in the Fund's balance once, and 2025's key figures compute from them, each
opening its records."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import enrol_totp

pytestmark = pytest.mark.e2e

FUND = "International Fund for Metropolises: Local Care Systems"
SDC = "Financial backing for the International Fund for Metropolises, Local Care Systems"


@pytest.fixture
def finance_user(data_2024):
    from metrohub.network.tests.factories import make_user

    user = make_user("finance", username="fiona")
    enrol_totp(user)
    return user


def add_instalment(page, *, expected_on: str, amount: str) -> None:
    page.get_by_text("Add an instalment").click()
    page.fill("#id_expected_on", expected_on)
    page.fill("#id_amount", amount)
    page.get_by_role("button", name="Add the instalment").click()
    expect(page.locator(".alert-success")).to_contain_text("The instalment was added.")


def receive_instalment(page, *, received_on: str) -> None:
    page.locator("#instalments").get_by_role("link", name="Record as received").first.click()
    page.fill("#id_received_on", received_on)
    page.get_by_role("button", name="Continue").click()
    # the confirmation says what will happen before anything is written
    expect(page.locator("#consequences")).to_contain_text("earmarked for")
    page.get_by_role("button", name="Record it received").click()
    expect(page.locator(".alert-success")).to_contain_text("The instalment was received")


def test_money_in_is_recorded_once_and_the_key_figures_follow(page, finance_user, login, screenshot):
    from metrohub.finance.models import IncomeLine

    page.goto("/finance/agreements/?kind=funding")
    login(page, finance_user.username)

    # SDC's instalment, earmarked for the Fund by the 2024 data
    page.get_by_role("link", name=SDC).click()
    expect(page.locator("#earmarked")).to_contain_text(FUND)
    add_instalment(page, expected_on="2025-02-01", amount="350000")
    receive_instalment(page, received_on="2025-02-10")
    expect(page.locator("#instalments")).to_contain_text("350,000.00")
    screenshot(page, "sdc-agreement")

    # a new OSF contribution: the agreement, earmarked for the Fund, its instalment received
    page.goto("/finance/agreements/")
    page.get_by_role("link", name="Add an agreement").click()
    page.fill("#id_partner", "Open Society")
    page.get_by_role("radio", name="Open Society Foundations").check()
    page.fill("#id_title", "OSF contribution 2025 to the Local Care Systems fund")
    page.select_option("#id_kind", "funding")
    page.fill("#id_year", "2025")
    page.fill("#id_amount", "50000")
    page.select_option("#id_currency", "EUR")
    page.fill("#id_source", "OSF grant letter")
    page.get_by_role("button", name="Add the agreement").click()
    expect(page.locator(".alert-success")).to_contain_text("The agreement was added.")
    osf_url = page.url

    page.goto("/fund/")
    page.get_by_role("link", name=FUND).click()
    page.get_by_text("Earmark an agreement's money for this fund").click()
    option = page.locator("#id_agreement option", has_text="OSF contribution 2025")
    page.select_option("#id_agreement", value=option.get_attribute("value"))
    page.get_by_role("button", name="Earmark", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("earmarked for the fund")

    page.goto(osf_url)
    add_instalment(page, expected_on="2025-04-01", amount="50000")
    receive_instalment(page, received_on="2025-04-15")

    # each receipt is one line of the income ledger
    page.goto("/finance/income/?year=2025")
    expect(page.get_by_role("status")).to_have_text("2 lines")
    assert IncomeLine.objects.filter(date__year=2025).count() == 2
    screenshot(page, "income-ledger")

    # and counts once in the Fund's balance: 350,000 + 50,000 received
    page.goto("/fund/")
    page.get_by_role("link", name=FUND).click()
    expect(page.locator("dl").first).to_contain_text("400,000")
    screenshot(page, "fund")

    # the restricted money stays traceable: the agreement's page of what it went to
    page.goto(osf_url)
    page.get_by_role("link", name="what it was committed to and spent on").click()
    expect(page.locator("#received")).to_contain_text("50,000.00")
    expect(page.locator("#earmarked")).to_contain_text(FUND)

    # 2025's key figures compute from them, each opening its records
    page.goto("/finance/?year=2025")
    grants = page.locator('[data-figure="finance.income.grants"]')
    expect(grants).to_have_text("400,000")
    expect(page.locator('[data-figure="finance.income.grants_share"]')).to_have_text("100")
    screenshot(page, "dashboard-2025")
    grants.click()
    expect(page).to_have_url(re.compile(r"/finance/income/\?year=2025&source=grants"))
    expect(page.get_by_role("status")).to_have_text("2 lines")
    page.goto("/finance/?year=2025")
    page.locator('[data-figure="finance.income.grants_share"]').click()
    expect(page).to_have_url(re.compile(r"/finance/income/\?year=2025$"))

    # 2024's declared figures still show their difference: nothing was entered on their behalf
    page.goto("/finance/?year=2024")
    expect(page.locator('[data-figure="finance.income.grants-computed"]')).to_have_text("0")
    expect(page.locator('[data-figure="finance.income.grants-declared"]')).to_have_text("1,240,000")
