"""The results framework's pages cost a fixed number of SQL queries, however many indicators,
targets, results and lessons they show: each test counts a page's queries, adds rows, counts again.

The rows added are manual indicators and their figures. A computed indicator costs its metric's own
queries (one metric, one question to the records), which is the price of the figure, not of a row.
"""

from decimal import Decimal

import pytest

from metrohub.core.models import ActionLine
from metrohub.core.testing import assert_queries_constant
from metrohub.mel.models import Indicator, LearningEntry, Outcome, Result, Target

# Queries per request, measured on SQLite (in brackets), plus a margin of 2. A page for the
# secretariat starts with 4: session, user, the user's groups, their second factor.
DASHBOARD_BUDGET = 22  # (20) activity per action line: the action lines, one query per kind
RESULTS_CSV_BUDGET = 26  # (24) the dashboard's queries once for every year of the framework
IATI_BUDGET = 13  # (11)
INDICATOR_BUDGET = 12  # (10) targets and results prefetched (it was 2 queries per year)
LEARNING_BUDGET = 10  # (8)

pytestmark = pytest.mark.django_db


def add_indicators(count: int, *, start: int = 0) -> list[Indicator]:
    """Manual indicators across the action lines, each with targets, results (one by gender) and a lesson."""
    lines = list(ActionLine.objects.order_by("code"))
    indicators = []
    for n in range(start, start + count):
        outcome, _ = Outcome.objects.get_or_create(
            code=f"O{n % 5}", defaults={"action_line": lines[n % len(lines)], "title": f"Outcome {n % 5}"}
        )
        indicator = Indicator.objects.create(
            outcome=outcome,
            code=f"S{n:03d}",
            title=f"Scale indicator {n:03d}",
            kind=Indicator.Kind.MANUAL,
            unit="%",
        )
        add_figures(indicator, [2024, 2025])
        indicators.append(indicator)
    return indicators


def add_figures(indicator: Indicator, years: list[int]) -> None:
    for year in years:
        Target.objects.create(indicator=indicator, period=year, value=Decimal(50))
        Result.objects.create(indicator=indicator, period=year, value=Decimal(40), evidence="list")
        Result.objects.create(
            indicator=indicator, period=year, value=Decimal(25), dimension="gender", dimension_value="woman"
        )
        entry = LearningEntry.objects.create(
            kind="lesson", title=f"Lesson {year}", text="Learnt.", period=year
        )
        entry.indicators.add(indicator)


@pytest.fixture
def staff_client(client, policy_staff):
    client.force_login(policy_staff)
    return client


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/mel/?year=2024", DASHBOARD_BUDGET),
        ("/mel/results.csv", RESULTS_CSV_BUDGET),
        ("/mel/iati.xml", IATI_BUDGET),
        ("/mel/learning/", LEARNING_BUDGET),
    ],
)
def test_the_framework_pages_cost_the_same_queries_for_2_or_20_indicators(staff_client, url, budget):
    add_indicators(2)
    assert_queries_constant(staff_client, url, grow=lambda: add_indicators(18, start=2), budget=budget)


def test_an_indicators_page_costs_the_same_queries_with_more_years_of_figures(staff_client):
    [indicator] = add_indicators(1)
    assert_queries_constant(
        staff_client,
        f"/mel/indicators/{indicator.code}/",
        grow=lambda: add_figures(indicator, [2022, 2023, 2026, 2027, 2028]),
        budget=INDICATOR_BUDGET,
    )
