"""One application from draft to grant, through the pages, in a real browser, on the 2024 data:
the focal point of Dakar applies to a call of the Local Care Systems fund and submits; programme
staff check eligibility, send it to review and assign a reviewer; the reviewer declares no
conflict and scores; programme staff select it; finance awards a grant and records a tranche."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import enrol_totp
from tests.e2e.test_accessibility import serious_violations

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n% a project plan\n"


@pytest.fixture
def cast(data_2024):
    from metrohub.fund import demo as fund_demo
    from metrohub.network.services import organisation_find
    from metrohub.network.tests.factories import make_user

    fund_demo.generate(year=2024, seed=2024)
    users = {
        "focal": make_user("focal_point", organisation=organisation_find("Dakar"), username="focal-dakar"),
        "programs": make_user("programs", username="pia"),
        "reviewer": make_user("reviewer", username="rex"),
        "finance": make_user("finance", username="fina"),
    }
    for user in users.values():
        enrol_totp(user)
    return users


def log_in_as(new_page, login, username: str, path: str):
    page = new_page()
    page.goto(path)
    login(page, username)
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    return page


def test_an_application_from_draft_to_grant(new_page, cast, login, screenshot, tmp_path):
    # The focal point of Dakar sees the open fund call and starts an application.
    page = log_in_as(new_page, login, "focal-dakar", "/calls/portal/")
    card = page.locator("article").filter(has_text="Local Care Systems grants (demo)")
    expect(card).to_contain_text("Your organisation is eligible.")
    screenshot(page, "portal")
    assert serious_violations(page) == [], "portal"
    card.get_by_role("button", name=re.compile("Start an application")).click()
    expect(page.get_by_role("heading", name=re.compile("Local Care Systems grants"))).to_be_visible()

    # Files are attached, answers given, the application submitted.
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(PDF)
    page.set_input_files("#id_file", str(plan))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="plan.pdf")).to_be_visible()
    page.get_by_label("Title of the project").fill("Care centres in every commune")
    page.get_by_label("What will the project do for carers").fill(
        "Day care for elders; paid respite for carers."
    )
    page.get_by_label("How many people will it reach?").fill("12000")
    page.get_by_label("Does your government co-fund the project?").select_option("yes")
    page.get_by_label("Amount requested (EUR)").fill("95000")
    screenshot(page, "draft")
    assert serious_violations(page) == [], "draft"
    page.get_by_role("button", name="Save and submit").click()
    # the draft is saved, and a confirmation asks first
    expect(page.locator("h1")).to_contain_text("Submit the application of")
    page.get_by_role("button", name="Submit the application").click()
    expect(page.locator(".alert-success")).to_contain_text("Your application was submitted")
    expect(page.locator("h1 .badge").first).to_have_text("Submitted")
    application_path = urlparse(page.url).path

    # Programme staff check eligibility, send it to review and assign the reviewer.
    staff = page = log_in_as(new_page, login, "pia", application_path)
    page.get_by_role("button", name="Confirm eligibility").click()
    page.get_by_role("button", name="Send to review").click()
    expect(page.locator("h1 .badge").first).to_have_text("In review")
    page.get_by_label("Reviewer").fill("rex")  # a search as one types, not a select of every reviewer
    page.get_by_role("radio", name="rex").check()
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".alert-success")).to_contain_text("rex was assigned")

    # The reviewer declares no conflict and scores.
    page = log_in_as(new_page, login, "rex", "/calls/reviews/")
    page.get_by_role("link", name="Dakar").click()
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Declare").click()
    scores = {"Impact on care work": "5", "Feasibility": "4", "Gender equality": "5", "Sustainability": "3"}
    for label, score in scores.items():
        page.get_by_label(re.compile(re.escape(label))).fill(score)
    screenshot(page, "scoring")
    assert serious_violations(page) == [], "scoring"
    page.get_by_role("button", name="Save my scores").click()
    expect(page.locator("table")).to_contain_text("scored")

    # Programme staff see the scores side by side and select it (a second login would reuse the
    # same one-time code within its 30 seconds, which the second factor rightly refuses).
    page = staff
    page.goto("/calls/")
    page.get_by_role("link", name="Local Care Systems grants (demo)").click()
    page.get_by_role("link", name="Scores and decisions").click()
    expect(page.locator("#decisions")).to_contain_text("Dakar")
    screenshot(page, "decisions")
    assert serious_violations(page) == [], "decisions"
    page.get_by_role("button", name=re.compile("^Select")).click()
    expect(page.locator("#consequences")).to_contain_text("Mean score")
    page.get_by_role("button", name=re.compile("^Select")).click()
    expect(page.locator("#decisions")).to_contain_text("Selected")

    # Finance awards the grant and records a tranche.
    page = log_in_as(new_page, login, "fina", "/fund/")
    expect(page.locator('[data-figure="raised"]').first).to_have_text("EUR 800,000")
    page.goto(application_path)
    page.get_by_role("link", name="Award a grant").click()
    page.get_by_label("Amount (EUR)").fill("95000")
    page.get_by_role("button", name="Award", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Award EUR 95,000 to")
    expect(page.locator("#consequences")).to_contain_text(
        "uncommitted balance goes from EUR 800,000 to EUR 705,000"
    )
    page.get_by_role("button", name="Award EUR 95,000").click()
    expect(page.locator(".alert-success")).to_contain_text("Dakar was awarded EUR 95,000.00.")
    page.locator("summary", has_text="Add a tranche").click()
    page.fill("#id_tranche-amount", "50000")
    page.fill("#id_tranche-due_on", "2025-03-01")
    page.get_by_role("button", name="Add the tranche").click()
    expect(page.locator("#tranches")).to_contain_text("50,000")
    screenshot(page, "grant")
    assert serious_violations(page) == [], "grant"
    page.goto("/fund/")
    expect(page.locator('[data-figure="committed"]').first).to_have_text("EUR 95,000")
    expect(page.locator('[data-figure="available"]').first).to_have_text("EUR 705,000")
    page.get_by_role("link", name="International Fund for Metropolises: Local Care Systems").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "fund")
    assert serious_violations(page) == [], "fund"
