"""Any page number from the query string gives a page."""

import pytest
from django.test import RequestFactory

from metrohub.core.pagination import MAX_PAGE, paginate, paginate_query, requested_page


@pytest.mark.parametrize(
    ("asked", "expected"),
    [("", 1), ("3", 3), ("-5", 1), ("0", 1), ("abc", 1), ("1e9", 1), ("１", 1), ("9" * 5000, MAX_PAGE)],
)
def test_requested_page(asked, expected):
    assert requested_page(RequestFactory().get("/", {"page": asked})) == expected


def test_past_the_end_is_the_last_page():
    page = paginate(RequestFactory().get("/", {"page": "99999999999999999999"}), list(range(45)), per_page=10)
    assert page.number == 5 and list(page) == [40, 41, 42, 43, 44]


def test_a_query_past_the_end_fetches_the_last_window():
    rows = list(range(45))
    asked = []

    def fetch(limit, offset):
        asked.append(offset)
        return len(rows), rows[offset : offset + limit]

    page, window = paginate_query(RequestFactory().get("/", {"page": "9" * 30}), fetch, per_page=10)
    # then the database was never asked for an offset it cannot hold, and the last page came back
    assert max(asked) <= MAX_PAGE * 10
    assert page.number == 5 and window == [40, 41, 42, 43, 44]
