"""Where releases live on disk, and the one read-only DuckDB connection each process keeps per release.

A release directory holds its Parquet files (the open data), `manifest.json`, and
`analytics.duckdb`: the same tables, with what was computed at publication (ranks,
percentiles, latest values, trends), laid out for the explorer's lookups.
"""

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
from django.conf import settings
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError

ANALYTICS_FILE = "analytics.duckdb"
QUERY_SECONDS = 5.0


class QueryTooBroad(DomainError):
    """A query that would return too many rows or run too long: the caller should narrow it."""


def futures_root() -> Path:
    """`METROHUB_FUTURES_DIR` (setting or environment variable), else `<VAR_DIR>/futures`."""
    configured = getattr(settings, "METROHUB_FUTURES_DIR", None) or os.environ.get("METROHUB_FUTURES_DIR")
    if configured:
        return Path(configured)
    var_dir = getattr(settings, "VAR_DIR", None) or Path(settings.BASE_DIR) / "var"
    return Path(var_dir) / "futures"


def release_path(directory: str) -> Path:
    return futures_root() / directory


def open_release_file(directory: str, name: str):
    """A published release's file, opened for reading (binary); FileNotFoundError if it is not there.
    Every file a release holds (its Parquet files, manifest, data package) is read through here."""
    return (release_path(directory) / name).open("rb")


_connections: dict[str, duckdb.DuckDBPyConnection] = {}
_lock = threading.Lock()


def connection(directory: str) -> duckdb.DuckDBPyConnection:
    """The process's read-only connection to a release's analytics database (opened once)."""
    path = str(release_path(directory) / ANALYTICS_FILE)
    con = _connections.get(path)
    if con is None:
        with _lock:
            con = _connections.get(path)
            if con is None:
                con = duckdb.connect(path, read_only=True, config={"threads": "2", "memory_limit": "512MB"})
                _connections[path] = con
    return con


def close_all() -> None:
    """Close every cached connection (tests that delete release directories call this)."""
    with _lock:
        for con in _connections.values():
            con.close()
        _connections.clear()


# Queries running, by cursor: the monotonic time at which each is interrupted. One watcher thread
# per process checks them twice a second (starting a timer thread per query costs more than the
# lookups it would guard).
_deadlines: dict[duckdb.DuckDBPyConnection, float] = {}
_watcher: threading.Thread | None = None
WATCH_INTERVAL = 0.5


def _watch() -> None:
    while True:
        time.sleep(WATCH_INTERVAL)
        now = time.monotonic()
        with _lock:
            late = [cursor for cursor, deadline in _deadlines.items() if deadline <= now]
            for cursor in late:
                del _deadlines[cursor]
        for cursor in late:
            cursor.interrupt()


@contextmanager
def time_limited(con: duckdb.DuckDBPyConnection, seconds: float = QUERY_SECONDS):
    """A cursor of its own for this thread, interrupted when the query runs past `seconds`."""
    global _watcher
    cursor = con.cursor()
    with _lock:
        if _watcher is None:
            _watcher = threading.Thread(target=_watch, name="futures-query-watcher", daemon=True)
            _watcher.start()
        _deadlines[cursor] = time.monotonic() + seconds
    try:
        yield cursor
    except duckdb.InterruptException as exc:
        raise QueryTooBroad(
            _("The query ran longer than %(seconds)d seconds: narrow it.") % {"seconds": seconds}
        ) from exc
    finally:
        with _lock:
            _deadlines.pop(cursor, None)
        cursor.close()


def _refuse_over(cap: int) -> None:
    raise QueryTooBroad(
        _("The query matches more than %(cap)d rows: narrow it (a city, an indicator, fewer years).")
        % {"cap": cap}
    )


def fetch(
    directory: str, sql: str, params: list | None = None, *, cap: int | None = None
) -> tuple[list[str], list[tuple]]:
    """Run a read query on a release; more than `cap` rows is refused as too broad."""
    if cap is not None:
        sql = f"SELECT * FROM ({sql}) LIMIT {int(cap) + 1}"
    with time_limited(connection(directory)) as cursor:
        result = cursor.execute(sql, params or [])
        columns = [d[0] for d in result.description]
        rows = result.fetchall()
    if cap is not None and len(rows) > cap:
        _refuse_over(cap)
    return columns, rows


def fetch_dicts(
    directory: str, sql: str, params: list | None = None, *, cap: int | None = None
) -> list[dict]:
    columns, rows = fetch(directory, sql, params, cap=cap)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def fetch_json(directory: str, sql: str, params: list | None = None, *, order: str, cap: int) -> str:
    """The rows of a query as a JSON array of objects, serialised by DuckDB itself (no Python object
    per row): the profile, and rankings and series of releases published before the API's tables.
    `order` sorts the array."""
    wrapped = (
        f"SELECT count(*), coalesce(to_json(list(r ORDER BY {order})), '[]') "
        f"FROM ({sql} LIMIT {int(cap) + 1}) r"
    )
    with time_limited(connection(directory)) as cursor:
        count, text = cursor.execute(wrapped, params or []).fetchone()
    if count > cap:
        _refuse_over(cap)
    return str(text)
