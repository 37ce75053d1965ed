"""The membership lifecycle in a real browser, on the 2024 data: an organisation expresses its
interest on the public form; the membership team records its application and the Board's
decision and admits it; it appears in the members directory. Then it is suspended for arrears and
reinstated, and its page shows each period, none rewritten."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

NAME = "Testville Metropolitan Area (synthetic)"


def confirm(page):
    """The confirmation page asks first; its button acts."""
    expect(page.locator("#confirmation-warning")).to_be_visible()
    with page.expect_navigation():
        page.locator("#confirmation form button[type=submit]").click()


def continue_to_confirmation(page):
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()


def test_interest_to_admission_then_suspension_and_reinstatement(
    new_page, membership_user, login, screenshot, settings
):
    settings.METROHUB_INTEREST_CLIENT_RATE = ""
    # given an organisation that fills in the public form
    visitor = new_page()
    visitor.goto("/join/")
    visitor.fill("#id_name", NAME)
    visitor.select_option("#id_kind", "metropolitan")
    visitor.fill("#id_country", "ke")
    visitor.select_option("#id_category", "full")
    visitor.fill("#id_contact_name", "Wanjiru Kamau")
    visitor.fill("#id_contact_email", "wanjiru@testville.example")
    visitor.fill("#id_message", "Our assembly voted to seek membership.")
    screenshot(visitor, "interest-form")
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Send").click()
    expect(visitor.locator("#thanks")).to_contain_text(f"We have received the interest of {NAME}")
    screenshot(visitor, "thanks")

    # when the membership team finds it in the pipeline
    page = new_page()
    page.goto("/registry/prospects/")
    login(page, membership_user.username)
    expect(page).to_have_url(re.compile(r"/registry/prospects/$"))
    page.select_option("#id_stage", "interest")
    with page.expect_navigation():
        page.locator("main form[method=get] button[type=submit]").first.click()
    screenshot(page, "pipeline")
    with page.expect_navigation():
        page.get_by_role("link", name=NAME).click()
    expect(page.locator("#stage")).to_have_text("Interest expressed")

    # and records its application
    with page.expect_navigation():
        page.get_by_role("link", name="Record the application").click()
    page.fill("#id_note", "Letter from the governor, 2 January")
    continue_to_confirmation(page)
    confirm(page)
    expect(page.locator("#stage")).to_have_text("Application received")

    # and the Board's decision
    with page.expect_navigation():
        page.get_by_role("link", name="Record the Board's approval").click()
    page.fill("#id_decision_on", "2026-01-10")
    page.select_option("#id_decision_body", label="Board of Directors")
    page.fill("#id_decision_reference", "BD/2026/01")
    continue_to_confirmation(page)
    screenshot(page, "confirm-approval")
    confirm(page)
    expect(page.locator("#stage")).to_have_text("Approved by the Board")
    expect(page.locator("#decision")).to_contain_text("BD/2026/01")

    # and admits it
    with page.expect_navigation():
        page.get_by_role("link", name="Admit as a member").click()
    page.fill("#id_admitted_on", "2026-01-15")
    page.select_option("#id_region", label="Africa")
    continue_to_confirmation(page)
    expect(page.locator("#consequences")).to_contain_text("appears in the member directory")
    confirm(page)
    expect(page.locator("#stage")).to_have_text("Admitted")
    expect(page.locator("#moves li")).to_have_count(4)
    screenshot(page, "prospect-admitted")

    # then it is in the members directory
    page.goto("/members/?q=Testville")
    expect(page.locator("#results")).to_contain_text(NAME)
    expect(page.locator("#results")).to_contain_text("Africa")

    # when it is suspended for arrears, then reinstated, from its registry page
    page.goto("/registry/prospects/?stage=admitted")
    with page.expect_navigation():
        page.get_by_role("link", name=NAME).click()
    with page.expect_navigation():
        page.locator("dd a", has_text=NAME).click()
    organisation_url = page.url
    with page.expect_navigation():
        page.locator("#membership-changes").get_by_role("link", name="Suspend").click()
    page.fill("#id_on", "2026-03-01")
    page.fill("#id_reason", "arrears: dues of 2025 unpaid")
    continue_to_confirmation(page)
    confirm(page)
    expect(page.locator(".alert-success").first).to_contain_text("suspended")
    with page.expect_navigation():
        page.locator("#membership-changes").get_by_role("link", name="Reinstate").click()
    page.fill("#id_on", "2026-05-01")
    page.fill("#id_reason", "dues paid")
    continue_to_confirmation(page)
    confirm(page)

    # then its history shows each step: admitted, suspended, reinstated — the past not rewritten
    assert page.url == organisation_url
    rows = page.locator("#periods tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Active")
    expect(rows.nth(0)).to_contain_text("Admitted")
    expect(rows.nth(1)).to_contain_text("Suspended")
    expect(rows.nth(1)).to_contain_text("arrears")
    expect(rows.nth(2)).to_contain_text("Active")
    expect(rows.nth(2)).to_contain_text("dues paid")
    expect(page.locator("#history")).to_contain_text("membership period")
    screenshot(page, "organisation-history")
