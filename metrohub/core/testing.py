"""Shared pytest machinery, loaded by the root conftest (`pytest_plugins`): the 2024 data loaded
once per test session and rolled back after each test.

Loading the year goes through every app's services and takes seconds; loading it for each test
(as ten app-local fixtures once did) cost minutes. Here the tests that ask for `data_2024` are run
one after another; the first opens a transaction and loads the year through the `load_dataset`
command, each test runs in its own savepoint inside it (pytest-django's `db`), and after the last
one the transaction is rolled back, so no other test sees a row of it.

Nothing here imports a domain app: the data come in through the command, as an operator's would.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

_open = {"atomic": None}


def load_dataset_2024() -> str:
    """Run `manage.py load_dataset 2024` and return what it printed."""
    out = StringIO()
    call_command("load_dataset", "2024", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def _data_2024_transaction(django_db_setup, django_db_blocker):
    """Opens the transaction holding the 2024 data, unless the previous test left it open.

    Module-scoped so that it runs before pytest-django's function-scoped `db` (whose savepoint
    must nest inside it). It is closed by `pytest_runtest_teardown` below, not here.
    """
    if _open["atomic"] is None:
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            _open["atomic"] = (atomic, django_db_blocker)
            try:
                call_command("load_dataset", "2024", verbosity=0, stdout=StringIO())
            except BaseException:
                _close_data_2024()
                raise


@pytest.fixture
def data_2024(_data_2024_transaction, db):
    """The 2024 data of the annual report, loaded once per session; each test runs in a savepoint
    rolled back at its end, so what a test writes is gone before the next one."""
    if _open["atomic"] is None:
        pytest.fail("the 2024 data's transaction was closed: data_2024 tests must run one after another")


def _close_data_2024() -> None:
    atomic, blocker = _open["atomic"]
    _open["atomic"] = None
    with blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def _uses_data_2024(item: pytest.Item) -> bool:
    """Whether the test takes this module's `data_2024` (the browser tests define their own)."""
    info = getattr(item, "_fixtureinfo", None)
    definitions = info.name2fixturedefs.get("data_2024") if info else None
    return bool(definitions) and definitions[-1].func.__module__ == __name__


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests that use the 2024 data one after another, where the first of them stood.

    pytest-django has already put the tests in transactions first; these all are (`db`), so the
    group stays among them, and the year is loaded once.
    """
    users = [item for item in items if _uses_data_2024(item)]
    if not users:
        return
    first = items.index(users[0])
    others = [item for item in items if not _uses_data_2024(item)]
    items[:] = others[:first] + users + others[first:]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    yield  # the test's own fixtures, its savepoint included, are gone
    if _open["atomic"] is not None and (nextitem is None or not _uses_data_2024(nextitem)):
        _close_data_2024()


# Query budgets ------------------------------------------------------------------------------------


def count_queries(client, url: str, headers: dict | None = None) -> tuple[int, bytes]:
    """The page's SQL queries, its streamed content consumed inside the count, and the content."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers or {})
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(captured), content


def assert_queries_constant(client, url: str, *, grow, budget: int, headers: dict | None = None) -> str:
    """Counts the page's queries, grows the records (`grow()`), counts again: the count must not
    grow with the rows, and stays within `budget`. Returns the page as shown the second time."""
    small, _ = count_queries(client, url, headers)
    grow()
    large, content = count_queries(client, url, headers)
    assert large == small, f"{url}: {small} queries with few rows, {large} with many"
    assert large <= budget, f"{url}: {large} queries, budget {budget}"
    return content.decode("utf-8-sig", errors="replace")


def chart_values(html: bytes | str, name: str) -> list[dict]:
    """The data of the chart `name` on a page (`core/_chart.html`: its spec in `#<name>-spec`),
    after checking that the chart names itself and points to its table."""
    import json

    import lxml.html

    root = lxml.html.fromstring(html)
    [chart] = root.xpath(f'//*[@id="{name}-chart"]')
    assert chart.get("role") == "img" and chart.get("aria-label"), "the chart has no accessible name"
    assert root.xpath(f'//table[@id="{chart.get("aria-describedby")}"]'), "the chart points to no table"
    [script] = root.xpath(f'//script[@id="{name}-spec"]')
    return json.loads(script.text)["data"]["values"]


def table_cells(html: bytes | str, table_id: str) -> list[list[str]]:
    """The body rows of a table, as the text of each cell (headers included), whitespace collapsed."""
    import lxml.html

    [table] = lxml.html.fromstring(html).xpath(f'//table[@id="{table_id}"]')
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
        for row in table.xpath("./tbody/tr")
    ]
