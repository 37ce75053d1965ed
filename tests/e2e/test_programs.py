"""Solutions Labs in a real browser, on the real 2024 data: the lab page and the dashboard render
(with their charts), and a focal point answers the survey of a lab their city took part in."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from metrohub.core.permissions import SYSTEM

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "metrohub" / "static" / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def serious_violations(page) -> list[str]:
    """As in test_accessibility.py: axe-core's serious and critical findings on the page."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_lab_page_and_dashboard_render_with_the_2024_data(page, data_2024, screenshot):
    from metrohub.programs.models import Lab

    lab = Lab.objects.get(title="Empowering Women Leaders", year=2024)
    page.goto(f"/programs/labs/{lab.pk}/")
    expect(page.get_by_role("heading", name="Empowering Women Leaders")).to_be_visible()
    expect(page.locator("#sessions")).to_contain_text("Istanbul")
    expect(page.locator("main")).to_contain_text("Gender Equality")
    screenshot(page, "lab")
    assert serious_violations(page) == []

    page.goto("/programs/?year=2024")
    expect(page.locator('[data-figure="programs.labs.count-declared"]')).to_have_text("10")
    expect(page.locator('[data-figure="programs.labs.count-computed"]')).to_have_text("10")
    expect(page.locator('[data-figure="programs.labs.member_cities-declared"]')).to_have_text("39")
    expect(page.locator('[data-figure="programs.participants.women_share-declared"]')).to_have_text("54")
    expect(page.locator("#labs-table tbody tr")).to_have_count(10)
    screenshot(page, "dashboard")
    assert serious_violations(page) == []
    for path in ["/programs/labs/?priority=gender-equality", "/programs/institutes/", "/programs/courses/"]:
        page.goto(path)
        assert serious_violations(page) == [], path


def test_a_focal_point_answers_the_survey_of_their_lab(page, data_2024, login, screenshot):
    from metrohub.network.models import Organisation
    from metrohub.network.tests.factories import make_user
    from metrohub.programs import services
    from metrohub.programs.models import Lab, Response

    # given Dakar in the cohort of a lab with a survey, and Dakar's focal point
    dakar = Organisation.objects.get(name="Dakar")
    lab = Lab.objects.get(title="Supporting Caregivers", year=2024)
    services.cohort_add(actor=SYSTEM, lab=lab, organisation=dakar, role="learner")
    services.survey_create(actor=SYSTEM, lab=lab)
    make_user("focal_point", organisation=dakar, username="awa")
    # when they open the lab, follow the survey link and answer
    page.goto(f"/programs/labs/{lab.pk}/")
    page.get_by_role("link", name="Log in").click()
    login(page, "awa")
    page.goto(f"/programs/labs/{lab.pk}/")
    page.get_by_role("link", name="Answer the satisfaction survey").click()
    overall = page.get_by_role("group", name="How satisfied are you with the lab overall?")
    overall.get_by_label("4").check()
    page.get_by_label("What would you change for the next lab?").fill("More time in person.")
    screenshot(page, "survey")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Send my answers").click()
    # then the answers are recorded under their name, and the lab page shows the satisfaction
    expect(page.locator("main")).to_contain_text("your answers were recorded")
    expect(page.locator('[data-figure="satisfaction-mean"]')).to_have_text("4.00")
    sheet = Response.objects.get(survey__lab=lab)
    assert sheet.organisation == dakar and not sheet.anonymous
