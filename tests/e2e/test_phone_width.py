"""Every main page on a phone (375 × 812): it does not scroll sideways, nothing reaches past the
screen's edge unless it sits in a box meant to scroll, no text is cut off (a chart's legend
included), and axe-core finds no serious or critical violation at that width.

The public pages, each secretariat role's dashboards and lists, a reviewer's and a focal point's
pages, on the 2024 data with a small synthetic Metro Futures release. Each page's full-length
screenshot goes to /tmp/shots-phones/ (look at them: a test cannot see everything).
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import enrol_totp
from tests.e2e.phone_check import PHONE, layout_problems
from tests.e2e.test_accessibility import serious_violations

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-phones")

PUBLIC = [
    "/",
    "/members/",
    "/members/dakar/",
    "/members/map/",
    "/futures/",
    "/futures/indicators/pm25/",
    "/futures/cities/dakar-e2e/",
    "/futures/compare/?cities=dakar-e2e&cities=lisbon-e2e&cities=quito-e2e",
    "/futures/benchmark/?city=dakar-e2e",
    "/futures/strategies/",
    "/futures/releases/",
    "/events/",
    "/programs/labs/",
    "/programs/institutes/",
    "/programs/courses/",
    "/projects/",
    "/comms/newsletter/",
    "/comms/publications/",
    "/comms/media/",
    "/comms/testimonials/",
    "/calls/public/",
    "/fund/public/",
    "/accounts/login/",
    "/join/",
]

# Each role's dashboards and lists (what its menu offers), and a record page or two. `{dakar}` is
# Dakar's registry number, `{lab}`, `{event}`, `{agreement}`, `{invoice}`, `{fund}`, `{call}`,
# `{project}`, `{staff}` the first such record.
ROLE_PAGES = {
    "membership": [
        "/registry/",
        "/registry/governance/",
        "/registry/figures/",
        "/registry/organisations/{dakar}/",
        "/registry/organisations/{dakar}/edit/",
        "/registry/import/",
        "/registry/prospects/",
        "/registry/prospects/add/",
        "/registry/renewal/",
        "/registry/organisations/{dakar}/membership/suspend/",
        "/mel/reconciliation/",
        "/reports/",
        "/reports/2024/",
    ],
    "programs": [
        "/programs/",
        "/programs/labs/",
        "/programs/labs/{lab}/",
        "/programs/participants/",
        "/events/{event}/",
        "/events/{event}/registrations/",
        "/calls/",
        "/calls/{call}/",
        "/calls/applications/",
        "/projects/{project}/",
    ],
    "policy": ["/futures/manage/", "/futures/manage/import/", "/mel/", "/mel/indicators/I1.1/"],
    "communications": ["/comms/issues/", "/comms/subscribers/", "/comms/testimonials/manage/"],
    "finance": [
        "/finance/",
        "/finance/agreements/",
        "/finance/agreements/{agreement}/",
        "/finance/dues/",
        "/finance/dues/{invoice}/",
        "/finance/income/",
        "/finance/rates/",
        "/fund/",
        "/fund/{fund}/",
        "/fund/grants/",
    ],
    "hr": ["/people/", "/people/staff/{staff}/", "/people/levels/", "/people/headcount/"],
    "reviewer": ["/calls/reviews/"],
    "focal_point": ["/registry/organisations/{dakar}/", "/calls/portal/"],  # /portal/ opens its own page
}

CITIES = [("dakar-e2e", "Dakar E2E", 14.7, -17.4), ("lisbon-e2e", "Lisbon E2E", 38.7, -9.1),
          ("quito-e2e", "Quito E2E", -0.2, -78.5)]  # fmt: skip


@pytest.fixture
def world(data_2024, settings, tmp_path):
    """The 2024 data, every app's synthetic demonstration records (dues, calls, registrations...)
    but Metro Futures', and a small synthetic Metro Futures release."""
    from metrohub.core.management.commands.demo_data import demo_generators
    from metrohub.core.permissions import SYSTEM
    from metrohub.futures import selectors, storage
    from metrohub.futures.models import City
    from metrohub.futures.services import catalogue_load, observations_import, release_publish
    from metrohub.network.tests.factories import OrganisationFactory

    for label, generate in demo_generators():
        if label != "futures":
            generate(year=2024, seed=2024)
    settings.METROHUB_FUTURES_DIR = tmp_path / "futures"
    catalogue_load()
    lines = ["city,indicator,year,value,boundary,method"]
    for n, (code, name, lat, lon) in enumerate(CITIES):
        organisation = OrganisationFactory(name=name, slug=code)
        City.objects.create(code=code, name=name, organisation=organisation, population=1_000_000 * (n + 1),
                            latitude=lat, longitude=lon)  # fmt: skip
        for year in range(2019, 2025):
            lines.append(f"{code},pm25,{year},{20 + 5 * n - (year - 2019)},municipal,measured")
            lines.append(f"{code},broadband,{year},{40 + 10 * n + 2 * (year - 2019)},municipal,measured")
    content = "\n".join(lines).encode()
    observations_import(actor=SYSTEM, file_name="phone.csv", content=content, synthetic=True)
    release_publish(actor=SYSTEM)
    yield
    storage.close_all()
    selectors._catalogue.cache_clear()


def _records() -> dict[str, int]:
    from metrohub.calls.models import Call
    from metrohub.events.models import Event
    from metrohub.finance.models import Agreement, Invoice
    from metrohub.fund.models import Fund
    from metrohub.network.models import Organisation
    from metrohub.people.models import StaffMember
    from metrohub.programs.models import Lab
    from metrohub.projects.models import Project

    first = {
        "lab": Lab,
        "event": Event,
        "agreement": Agreement,
        "invoice": Invoice,
        "fund": Fund,
        "call": Call,
        "project": Project,
        "staff": StaffMember,
    }
    records = {name: model.objects.order_by("pk").first().pk for name, model in first.items()}
    records["dakar"] = Organisation.objects.get(name="Dakar").pk
    return records


def check_on_a_phone(page, path: str, name: str) -> list[str]:
    """Open the page at phone width; what is wrong with it, one line each."""
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    assert page.url.endswith(path), f"{path} led to {page.url}"  # not to the login page
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-vega-spec]:not(:has(svg, canvas))")).to_have_count(0)  # charts drawn
    SHOTS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    page.screenshot(path=SHOTS / f"{name}-{slug}.png", full_page=True)
    return [f"{path}: {problem}" for problem in layout_problems(page) + serious_violations(page)]


def test_the_public_pages_fit_a_phone(new_page, world):
    page = new_page()
    page.set_viewport_size(PHONE)
    problems = []
    for path in PUBLIC:
        problems += check_on_a_phone(page, path, "public")
    assert problems == []


def test_the_directory_shows_each_members_details_on_a_phone(new_page, world):
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto("/members/?q=Dakar")
    card = page.locator("#results tbody tr").first
    for label, value in [("Name", "Dakar"), ("Region", "Africa"), ("Country", "SN"), ("Category", "Full")]:
        cell = card.locator(f'td[data-label="{label}"]')
        expect(cell).to_be_visible()
        expect(cell).to_contain_text(value)
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], label
    # the label is shown beside the value, not only to screen readers
    country = card.locator('td[data-label="Country"]')
    label = country.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Country"'
    # the sort links stay: sorting by country from the phone's header row
    page.locator("#results thead").get_by_role("link", name="Country").click()
    expect(page).to_have_url(re.compile(r"sort=country"))


def test_the_city_profile_keeps_its_legend_on_a_phone(new_page, world):
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto("/futures/cities/dakar-e2e/")
    chart = page.locator("#profile-chart svg")
    expect(chart).to_be_visible()
    frame = chart.bounding_box()
    assert frame["x"] + frame["width"] <= PHONE["width"]
    legend = page.locator("#profile-chart svg .role-legend text")
    expect(legend.first).to_be_visible()
    for n in range(legend.count()):
        box = legend.nth(n).bounding_box()
        assert box["x"] + box["width"] <= frame["x"] + frame["width"], legend.nth(n).text_content()


def test_each_roles_pages_fit_a_phone(new_page, world, login):
    """One role after another, each in its own browser (its own login)."""
    from metrohub.network.services import organisation_find
    from metrohub.network.tests.factories import make_user

    records = _records()
    problems = []
    for role, paths in ROLE_PAGES.items():
        organisation = organisation_find("Dakar") if role == "focal_point" else None
        enrol_totp(make_user(role, organisation=organisation, username=f"phone-{role}"))
        page = new_page()
        page.set_viewport_size(PHONE)
        page.goto("/accounts/login/")
        login(page, f"phone-{role}")
        for path in paths:
            problems += check_on_a_phone(page, path.format(**records), role)
        page.context.close()
    assert problems == []


def test_the_administrators_menu_opens_on_a_phone(new_page, world, login):
    """The collapsed menu opens, and the secretariat's pages are one tap away."""
    from metrohub.network.tests.factories import make_user

    enrol_totp(make_user("admin", username="phone-admin"))
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto("/registry/")
    login(page, "phone-admin")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Secretariat").click()
    expect(page.get_by_role("link", name="Governance")).to_be_in_viewport()
    assert check_on_a_phone(page, "/registry/?region=africa", "admin") == []
