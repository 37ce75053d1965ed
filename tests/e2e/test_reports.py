"""The annual report and the MEL dashboard in a real browser, on the real 2024 data."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_the_report_renders_and_a_figure_opens_its_records(page, membership_user, login, screenshot):
    page.goto("/reports/2024/draft/")
    login(page, membership_user.username)
    expect(page).to_have_url(re.compile(r"/reports/2024/draft/$"))
    expect(page.get_by_role("heading", name="Annual report 2024")).to_be_visible()

    # the member count: 160 computed, 164 declared, the difference flagged
    card = page.locator('[data-key="network.members.total"]')
    expect(card.locator('[data-figure="network.members.total"]')).to_have_text("160")
    expect(card.locator('[data-figure="network.members.total-declared"]')).to_have_text("164")
    expect(card).to_contain_text("differ from the declared figure by -4")
    # the charts are drawn by vega-embed from the page's specs
    expect(page.locator("#chart-regions svg, #chart-regions canvas").first).to_be_visible()
    screenshot(page, "report")

    # a figure opens the records behind it: the new members of 2024 in the registry
    page.locator('[data-figure="network.members.new"]').click()
    expect(page).to_have_url(re.compile(r"/registry/\?joined=2024&category=full"))
    expect(page.locator("#results [role=status]")).to_contain_text("8 organisations")
    screenshot(page, "records")


def test_the_mel_dashboard_opens_an_indicator(page, membership_user, login):
    page.goto("/mel/?year=2024")
    login(page, membership_user.username)
    row = page.locator('tr[data-indicator="I1.2"]')
    expect(row.locator('[data-figure="I1.2-result"]')).to_have_text("160")
    row.get_by_role("link", name="I1.2 Member organisations").click()
    expect(page.get_by_role("heading", name="I1.2 Member organisations")).to_be_visible()
    expect(page.locator('tr[data-period="2024"]')).to_contain_text("Asia")


def test_the_report_and_mel_pages_have_no_serious_accessibility_violation(page, membership_user, login):
    from tests.e2e.test_accessibility import serious_violations

    page.goto("/reports/2024/draft/")
    login(page, membership_user.username)
    for path in ["/reports/2024/draft/", "/reports/2024/sources/", "/mel/?year=2024", "/mel/indicators/I4.4/",
                 "/mel/learning/", "/mel/learning/add/"]:  # fmt: skip
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert serious_violations(page) == [], path


def test_the_report_is_published_and_read_in_three_languages(page, new_page, data_2024, login, screenshot):
    from metrohub.network.tests.factories import make_user
    from tests.e2e.conftest import enrol_totp
    from tests.e2e.test_accessibility import serious_violations

    enrol_totp(make_user("admin", username="ada"))
    page.goto("/reports/2024/draft/")
    login(page, "ada")
    page.get_by_role("button", name="Publish this report").click()
    expect(page.get_by_role("heading", name="Publish the annual report 2024?")).to_be_visible()
    with page.expect_navigation(timeout=120_000):
        page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(re.compile(r"/reports/2024/$"))
    expect(page.locator("#version-line")).to_contain_text("Version 1, published on")

    # an anonymous reader, in each language: the frozen figures, charts, and no serious axe finding
    reader = new_page()
    for language, heading in (
        ("en", "Annual report 2024"),
        ("fr", "Rapport annuel 2024"),
        ("es", "Informe anual 2024"),
    ):
        reader.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
        reader.goto("/reports/2024/")
        expect(reader.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(reader.locator('[data-figure="network.members.total"]')).to_have_text("160")
        expect(reader.locator("#chart-regions svg, #chart-regions canvas").first).to_be_visible()
        reader.wait_for_load_state("networkidle")
        assert serious_violations(reader) == [], language
        screenshot(reader, f"published-{language}")
    # its PDF is published with it: the link on the page, made the first time it is asked for
    link = reader.get_by_role("link", name="Descargar el PDF").get_attribute("href")
    response = reader.request.get(link, timeout=120_000)
    assert response.ok and response.body()[:4] == b"%PDF"


def test_activity_per_action_line_on_the_dashboard_and_in_the_report(
    page, membership_user, login, screenshot
):
    page.goto("/mel/?year=2024")
    login(page, membership_user.username)
    # the chart is drawn beside its table; the Urban20 Summit's two events count under AL 3
    section = page.locator("section[aria-labelledby=activity-title]")
    expect(section.locator("#activity-chart svg, #activity-chart canvas").first).to_be_visible()
    expect(section.locator('[data-activity="AL3-0"]')).to_have_text("2")
    expect(section.locator('[data-activity-total="all"]')).to_have_text("15")
    section.scroll_into_view_if_needed()
    screenshot(page, "mel-dashboard")
    # a count opens its records: the two events of AL 3
    section.locator('[data-activity="AL3-0"]').click()
    expect(page).to_have_url(re.compile(r"/events/\?year=2024&action_line=AL3"))
    expect(page.get_by_text("Urban20 Summit 2024 in São Paulo").first).to_be_visible()

    page.goto("/reports/2024/draft/#activity")
    activity = page.locator("#activity")
    expect(activity.locator("#chart-activity svg, #chart-activity canvas").first).to_be_visible()
    expect(activity.locator('[data-activity="AL4-4"]')).to_have_text("1")
    activity.screenshot(path=screenshot(page, "report").with_name("report-activity-section.png"))
    # at a phone's width the section does not scroll sideways
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/mel/?year=2024")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "mel-dashboard-phone")
