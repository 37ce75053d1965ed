"""Metro Futures' pages cost a fixed number of SQL queries, however many cities, observations and
releases there are. The explorer reads published releases through DuckDB: what is counted here is
its questions to the database (the release it cites, the catalogue), which must not grow with the
release's rows. Each test counts a page's queries, publishes a larger release, counts again."""

import pytest

from metrohub.core.testing import assert_queries_constant
from metrohub.futures.models import City
from metrohub.futures.services import observations_import, release_publish
from metrohub.futures.tests.helpers import GOOD_ROWS, tidy_csv

# Queries per request, measured on SQLite (in brackets), plus a margin of 2. A page for the
# secretariat starts with 4: session, user, the user's groups, their second factor.
EXPLORER_BUDGETS = {
    "/futures/": 3,  # (1)
    "/futures/indicators/pm25/": 3,  # (1)
    "/futures/cities/dakar-test/": 3,  # (1)
    "/futures/compare/?cities=dakar-test&cities=lisbon-test": 3,  # (1)
    "/futures/benchmark/?indicator=pm25": 3,  # (1)
    "/futures/strategies/": 3,  # (1)
    "/futures/releases/": 3,  # (1)
    "/futures/indicators/": 3,  # (1)
    "/futures/indicators/pm25/about/": 3,  # (1)
    "/futures/indicators/pm25/?format=svg": 3,  # (1)
}
MANAGE_BUDGET = 14  # (12)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cities, policy_staff):
    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    return release_publish(actor=policy_staff, note="first")


def publish_more(policy_staff, count: int) -> None:
    """Another release, with `count` more cities and their observations over several years."""
    rows = []
    for n in range(count):
        code = f"scale-{count}-{n:03d}"
        City.objects.create(code=code, name=f"Scale City {count}-{n:03d}", population=1_000_000 + n)
        rows += [(code, "pm25", year, 20 + n % 10, "", "", "", "test", "") for year in (2021, 2022, 2023)]
        rows.append((code, "unemployment", 2023, 5 + n % 10, "%", "", "", "test", ""))
    observations_import(actor=policy_staff, file_name=f"more-{count}.csv", content=tidy_csv(rows))
    release_publish(actor=policy_staff, note=f"{count} more cities")


@pytest.mark.parametrize("url", list(EXPLORER_BUDGETS))
def test_the_explorer_asks_the_database_the_same_for_a_larger_release(client, published, policy_staff, url):
    assert_queries_constant(
        client, url, grow=lambda: publish_more(policy_staff, 30), budget=EXPLORER_BUDGETS[url]
    )


def test_the_management_page_costs_the_same_queries_with_more_imports_and_releases(
    client, published, policy_staff
):
    client.force_login(policy_staff)

    def grow():
        for n in range(3):
            publish_more(policy_staff, 2 + n)

    assert_queries_constant(client, "/futures/manage/", grow=grow, budget=MANAGE_BUDGET)
