"""The charts beside the tables of finance, MEL, HR and a call's decisions, in a real browser on
the 2024 data: each is drawn (an SVG with marks), names itself, points to a table of the same
figures, fits a phone's width, and the page logs no console error (conftest checks that)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from metrohub.core.permissions import SYSTEM
from tests.e2e.conftest import enrol_totp
from tests.e2e.test_programs import serious_violations

pytestmark = pytest.mark.e2e


def staff(role: str, username: str):
    from metrohub.network.tests.factories import make_user

    user = make_user(role, username=username)
    enrol_totp(user)
    return user


def open_as(page, login, username: str, path: str) -> None:
    page.set_default_timeout(30_000)  # these pages load Vega (800 kB) on a machine the tests share
    page.goto(path)
    login(page, username)
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def expect_chart(page, name: str) -> None:
    """The chart is drawn with marks, has an accessible name, and its table holds rows."""
    chart = page.locator(f"#{name}-chart")
    expect(chart.locator("svg g.mark-rect path").first).to_be_attached()
    assert chart.locator("svg g.mark-rect path").count() > 0
    # vega-embed names the drawn chart after its spec's description (our role "img" before it draws)
    expect(chart).to_have_attribute("role", re.compile("^(img|graphics-document)$"))
    assert chart.get_attribute("aria-label")
    table = page.locator(f"table#{chart.get_attribute('aria-describedby')}")
    expect(table.locator("tbody tr").first).to_be_attached()


def expect_charts_fit_a_phone(page, names: list[str], screenshot, shot: str, *, page_fits=True) -> None:
    screenshot(page, f"{shot}-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    for name in names:
        svg = page.locator(f"#{name}-chart svg")
        expect(svg).to_have_attribute("width", re.compile(r"^[0-9]+(\.[0-9]+)?$"))
        page.wait_for_function(
            "id => document.querySelector('#' + id + ' svg').getBoundingClientRect().width <= 375",
            arg=f"{name}-chart",
        )
    if page_fits:  # nothing, the charts' tables included, widens the page past the phone's width
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, f"{shot}-375")


def test_the_finance_dashboard_draws_income_dues_and_arrears(page, data_2024, login, screenshot):
    from metrohub.finance import demo

    demo.generate(year=2024)
    staff("finance", "fina")
    open_as(page, login, "fina", "/finance/?year=2024")

    for name in ("income-years", "dues-years", "arrears"):
        expect_chart(page, name)
    expect(page.locator("#arrears-by-region tbody tr").first).to_contain_text("Asia")
    assert serious_violations(page) == []
    expect_charts_fit_a_phone(page, ["income-years", "dues-years", "arrears"], screenshot, "finance")


def test_the_mel_dashboard_draws_progress_against_targets(page, data_2024, login, screenshot):
    from metrohub.mel import services
    from metrohub.mel.models import Indicator

    for code, value in [("I1.2", 164), ("I3.1", 15), ("I1.1", 20)]:
        indicator = Indicator.objects.get(code=code)
        services.target_set(actor=SYSTEM, indicator=indicator, period=2024, value=Decimal(value))
    staff("policy", "polly")
    open_as(page, login, "polly", "/mel/?year=2024")

    expect_chart(page, "progress")
    expect(page.locator("#progress-table tbody tr")).to_have_count(3)
    # the legend names the three statuses
    for status in ("on track", "at risk", "off track"):
        expect(page.locator("#progress-chart svg")).to_contain_text(status)
    assert serious_violations(page) == []
    expect_charts_fit_a_phone(page, ["progress"], screenshot, "mel")


def test_the_headcount_page_draws_the_gender_balance_over_time(page, data_2024, login, screenshot):
    from metrohub.people import services
    from metrohub.people.models import StaffMember

    hr = staff("hr", "harriet")
    first = StaffMember.objects.order_by("name").first()
    services.staff_update(actor=hr, staff=first, gender="woman", start=dt.date(2022, 1, 10))
    open_as(page, login, "harriet", "/people/headcount/?year=2024")

    expect_chart(page, "headcount")
    expect(page.locator("#headcount-over-time tbody tr")).to_have_count(5)
    expect(page.locator("#headcount-chart svg")).to_contain_text("Not recorded")
    assert serious_violations(page) == []
    expect_charts_fit_a_phone(page, ["headcount"], screenshot, "headcount")


def test_a_calls_decisions_draw_the_scores_per_criterion(page, data_2024, login, screenshot):
    from metrohub.calls import services
    from metrohub.calls.tests.factories import make_application, make_call
    from metrohub.calls.workflow import Status
    from metrohub.network.models import Organisation

    call = make_call(title="Solutions Lab: Water")
    reviewer = staff("reviewer", "rex")
    criteria = list(call.criteria.all())
    scored = 0
    for organisation in Organisation.objects.filter(name__in=["Dakar", "Montréal", "Seoul", "Barcelona"]):
        application = make_application(call, organisation, status=Status.IN_REVIEW)
        assignment = services.assignment_create(actor=SYSTEM, application=application, reviewer=reviewer)
        services.conflict_declare(actor=reviewer, assignment=assignment, conflict=False)
        scores = {c.pk: 1 + (scored + n) % 5 for n, c in enumerate(criteria)}
        services.review_submit(actor=reviewer, assignment=assignment, scores=scores)
        scored += 1
    staff("programs", "pia")
    open_as(page, login, "pia", f"/calls/{call.pk}/decisions/")

    expect_chart(page, "criteria")
    expect(page.locator("#criterion-scores tbody tr")).to_have_count(scored)
    expect(page.locator("#criteria-chart svg")).to_contain_text("Feasibility")
    assert serious_violations(page) == []
    # the decisions table's buttons still widen this page at 375 px (the responsive tables' work)
    expect_charts_fit_a_phone(page, ["criteria"], screenshot, "decisions", page_fits=False)
