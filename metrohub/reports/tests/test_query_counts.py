"""The report's list of years and its sources page cost a fixed number of SQL queries, however
many figures were declared (the report page itself: test_report.py, per figure not per record)."""

from decimal import Decimal

import pytest

from metrohub.core.models import DeclaredFigure
from metrohub.core.testing import assert_queries_constant
from metrohub.network.tests.factories import make_user

# Queries per request, measured (in brackets, the same on SQLite and PostgreSQL), plus a margin
# of 2. A page for the secretariat starts with 4: session, user, groups, second factor.
INDEX_BUDGET = 7  # (5) the declared figures counted per year, in one query
SOURCES_BUDGET = 7  # (5) the year's declared figures, in one query

pytestmark = pytest.mark.django_db


def declare(count: int, *, start: int = 0) -> None:
    for n in range(start, start + count):
        DeclaredFigure.objects.create(
            key=f"scale.figure.{n:03d}",
            period=2015 + n % 10,
            value=Decimal(n),
            unit="things",
            label=f"Scale figure {n:03d}",
            document="Annual report",
            section="Annexes",
        )


@pytest.fixture
def report_client(client):
    client.force_login(make_user("policy"))
    return client


def test_the_list_of_reports_costs_the_same_queries_for_few_or_many_years(report_client):
    declare(2)
    page = assert_queries_constant(
        report_client, "/reports/", grow=lambda: declare(40, start=2), budget=INDEX_BUDGET
    )
    assert "2024" in page


def test_the_sources_page_costs_the_same_queries_for_few_or_many_figures(report_client):
    declare(10)
    page = assert_queries_constant(
        report_client, "/reports/2024/sources/", grow=lambda: declare(60, start=10), budget=SOURCES_BUDGET
    )
    assert "Scale figure 069" in page
