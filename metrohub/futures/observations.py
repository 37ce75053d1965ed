"""Checking and writing an observations file (tidy CSV/XLSX, SDMX-CSV): all or nothing.

Observations files can hold millions of rows, so they are checked column-wise: the file is read
into Arrow, every rule is one DuckDB query over all rows, and only the bad rows come back to
Python to be described. Clean rows are written in chunks with one bulk statement each (SQLite),
or copied in (PostgreSQL). The service (`services.observations_import`) checks the permission,
records the Import and calls `observations_write` in its transaction.
"""

import hashlib
import math

import duckdb
import pyarrow as pa
from django.db import connection as db
from django.utils.translation import gettext as _

from metrohub.core.imports import REPEATED_IN_FILE, RowError
from metrohub.futures.matching import SAMPLE_ROWS, Preview, city_keys, indicator_keys, spellings_to_ids
from metrohub.futures.models import CityIndicator, Import, Observation
from metrohub.futures.reading import SDMX_METHOD, read_observations

INSERT_CHUNK = 200_000

CLEAN_COLUMNS = "city_id, indicator_id, year, value, boundary, method, source, note"


def observations_check(*, file_name: str, content: bytes) -> tuple[Preview, duckdb.DuckDBPyConnection]:
    """Check every row of the file; the preview, and the DuckDB connection holding the checked
    rows for `observations_write` (the caller closes it)."""
    raw, file_format = read_observations(file_name, content)
    preview = Preview(
        kind=Import.Kind.OBSERVATIONS,
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        format=file_format,
        row_count=raw.num_rows,
    )
    con = duckdb.connect(config={"threads": "2"})
    con.register("raw", raw)
    con.register("city_ids", spellings_to_ids(con, "city", city_keys()))
    con.register("indicator_ids", spellings_to_ids(con, "indicator", indicator_keys()))
    indicators = pa.Table.from_pylist(
        list(CityIndicator.objects.values("id", "code", "unit", "plausible_min", "plausible_max")),
        schema=pa.schema([("id", pa.int64()), ("code", pa.string()), ("unit", pa.string()),
                          ("plausible_min", pa.float64()), ("plausible_max", pa.float64())]),
    )  # fmt: skip
    con.register("indicators", indicators)
    method_case = " ".join(f"WHEN '{code}' THEN '{method}'" for code, method in SDMX_METHOD.items())
    con.execute(f"""
        CREATE TABLE checked AS
        WITH typed AS (
            SELECT r._row, r.city, r.indicator, r.year AS year_text, r.value AS value_text, r.unit,
                   r.source, r.note, c.id AS city_id, i.id AS indicator_id, ind.code AS indicator_code,
                   ind.unit AS indicator_unit,
                   ind.plausible_min, ind.plausible_max,
                   TRY_CAST(CASE WHEN suffix(r.year, '-A') THEN left(r.year, -2) ELSE r.year END
                            AS INTEGER) AS year,
                   TRY_CAST(trim(r.value) AS DOUBLE) AS value,
                   coalesce(nullif(lower(trim(r.boundary)), ''), 'municipal') AS boundary,
                   CASE WHEN r.obs_status <> ''
                        THEN CASE upper(trim(r.obs_status)) {method_case} ELSE 'measured' END
                        ELSE coalesce(nullif(lower(trim(r.method)), ''), 'measured') END AS method
            FROM raw r
            LEFT JOIN city_ids c ON c.spelling = r.city
            LEFT JOIN indicator_ids i ON i.spelling = r.indicator
            LEFT JOIN indicators ind ON ind.id = i.id
        )
        SELECT * FROM typed
    """)
    # Keys that occur more than once (usually none), with the row where each first occurs.
    con.execute("""
        CREATE TABLE duplicates AS
        SELECT city_id, indicator_id, year, boundary, min(_row) AS first_row FROM checked
        WHERE city_id IS NOT NULL AND indicator_id IS NOT NULL AND year IS NOT NULL
        GROUP BY ALL HAVING count(*) > 1
    """)
    boundaries = "', '".join(Observation.Boundary.values)
    methods = "', '".join(Observation.Method.values)
    bad = con.execute(f"""
        SELECT _row, city, indicator, year_text, value_text, unit, indicator_unit, boundary, method,
               city_id IS NULL, indicator_id IS NULL, year IS NULL OR year NOT BETWEEN 1900 AND 2100,
               value IS NULL OR NOT isfinite(value),
               unit <> '' AND indicator_unit IS NOT NULL AND lower(trim(unit)) <> lower(indicator_unit),
               boundary NOT IN ('{boundaries}'), method NOT IN ('{methods}'),
               first_row IS NOT NULL AND first_row <> _row, first_row,
               value IS NOT NULL AND isfinite(value) AND
                   (value < plausible_min OR value > plausible_max), plausible_min, plausible_max
        FROM checked LEFT JOIN duplicates USING (city_id, indicator_id, year, boundary)
        WHERE city_id IS NULL OR indicator_id IS NULL OR year IS NULL OR year NOT BETWEEN 1900 AND 2100
           OR value IS NULL OR NOT isfinite(value)
           OR (unit <> '' AND indicator_unit IS NOT NULL AND lower(trim(unit)) <> lower(indicator_unit))
           OR boundary NOT IN ('{boundaries}') OR method NOT IN ('{methods}')
           OR (first_row IS NOT NULL AND first_row <> _row)
           OR value < plausible_min OR value > plausible_max
        ORDER BY _row
    """).fetchall()
    preview.errors = [
        RowError(row[0], reason, column=column, duplicate=duplicate)
        for row in bad
        for column, reason, duplicate in _describe(row)
    ]
    if raw.num_rows == 0:
        preview.errors.append(RowError(1, _("the file has no data rows")))
    preview.sample = [
        dict(zip(["row", "city", "indicator", "year", "value", "boundary", "method"], r, strict=True))
        for r in con.execute(
            f"SELECT _row, city, indicator_code, year, value, boundary, method FROM checked ORDER BY _row "
            f"LIMIT {SAMPLE_ROWS}"
        ).fetchall()
    ]
    cities, indicators_n, first, last = con.execute(
        "SELECT count(DISTINCT city_id), count(DISTINCT indicator_id), min(year), max(year) FROM checked"
    ).fetchone()
    preview.summary = {"cities": cities, "indicators": indicators_n, "first_year": first, "last_year": last}
    return preview, con


def _describe(row) -> list[tuple[str, str, str]]:
    """A bad row's problems: (column, reason, where its duplicate is)."""
    (_row, city, indicator, year_text, value_text, unit, indicator_unit, boundary, method, no_city,
     no_indicator, bad_year, bad_value, bad_unit, bad_boundary, bad_method, duplicate, first_row,
     out_of_range, low, high) = row  # fmt: skip
    problems = []
    if no_city:
        problems.append(("city", _("unknown city “%(city)s”") % {"city": city}, ""))
    if no_indicator:
        problems.append(("indicator", _("unknown indicator “%(indicator)s”") % {"indicator": indicator}, ""))
    if bad_year:
        problems.append(("year", _("year “%(year)s” is not a year") % {"year": year_text}, ""))
    if bad_value:
        problems.append(("value", _("value “%(value)s” is not a number") % {"value": value_text}, ""))
    if bad_unit:
        reason = _("unit “%(unit)s” does not match the indicator's unit “%(expected)s”") % {
            "unit": unit,
            "expected": indicator_unit,
        }
        problems.append(("unit", reason, ""))
    if bad_boundary:
        problems.append(("boundary", _("unknown boundary “%(boundary)s”") % {"boundary": boundary}, ""))
    if bad_method:
        problems.append(("method", _("unknown method “%(method)s”") % {"method": method}, ""))
    if duplicate:
        reason = _("duplicate of row %(row)d (same city, indicator, year and boundary)") % {"row": first_row}
        problems.append(("", reason, REPEATED_IN_FILE))
    if out_of_range:
        reason = _("value %(value)s is outside the plausible range %(low)s–%(high)s") % {
            "value": value_text,
            "low": _number(low),
            "high": _number(high),
        }
        problems.append(("value", reason, ""))
    return problems


def _number(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "?"
    return f"{value:g}"


def observations_preview(*, file_name: str, content: bytes) -> Preview:
    """Check every row of an observations file; writes nothing."""
    preview, con = observations_check(file_name=file_name, content=content)
    con.close()
    return preview


def observations_write(*, con: duckdb.DuckDBPyConnection, record: Import, synthetic: bool) -> None:
    """Write the checked rows of `con` (from `observations_check`, with no errors) as drafts of
    `record`, in the caller's transaction. A key already in the drafts is revised."""
    # In the unique index's order, so that the database appends to its index instead of seeking.
    con.execute(
        "CREATE TABLE clean AS SELECT city_id, indicator_id, year, value, boundary, method, "
        "left(source, 300) AS source, left(note, 500) AS note FROM checked "
        "ORDER BY city_id, indicator_id, year, boundary"
    )
    if db.vendor == "postgresql":
        _copy_postgresql(con, record, synthetic)
    else:
        _insert_sqlite(con, record, synthetic)


def _upsert(values: str, source: str, record: Import, synthetic: bool) -> str:
    """INSERT … SELECT `values` (the clean columns, in order) FROM `source`; a key already in the
    drafts is revised."""
    table = db.ops.quote_name(Observation._meta.db_table)
    return (
        f"INSERT INTO {table} ({CLEAN_COLUMNS}, imported_id, synthetic) "
        f"SELECT {values}, {int(record.pk)}, {'TRUE' if synthetic else 'FALSE'} FROM {source} WHERE TRUE "
        "ON CONFLICT (city_id, indicator_id, year, boundary) DO UPDATE SET value = excluded.value, "
        "method = excluded.method, source = excluded.source, note = excluded.note, "
        "imported_id = excluded.imported_id, synthetic = excluded.synthetic"
    )


def _insert_sqlite(con, record: Import, synthetic: bool) -> None:
    """SQLite: each chunk of rows goes in as one JSON array that SQLite unpacks itself
    (`json_each`), one statement per chunk instead of one per row: no Python object per value, and
    SQLite's per-statement work (the AUTOINCREMENT counter) done once per chunk. JSON numbers
    round-trip exactly (shortest repr both ways)."""
    columns = ", ".join(f"value ->> {n}" for n in range(len(CLEAN_COLUMNS.split(", "))))
    sql = _upsert(columns, "json_each(%s)", record, synthetic)
    rows = con.execute("SELECT count(*) FROM clean").fetchone()[0]
    with db.cursor() as cursor:
        # A large file's index outgrows SQLite's default 2 MB page cache; give this import more.
        cache_size = cursor.execute("PRAGMA cache_size").fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")
        for start in range(0, rows, INSERT_CHUNK):
            text = con.execute(
                f"SELECT '[' || string_agg(json_array({CLEAN_COLUMNS})::VARCHAR, ',' ORDER BY rowid) || ']' "
                "FROM clean WHERE rowid >= ? AND rowid < ?",
                [start, start + INSERT_CHUNK],
            ).fetchone()[0]
            cursor.execute(sql, [text])
        cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


def _copy_postgresql(con, record: Import, synthetic: bool) -> None:
    """PostgreSQL: COPY the rows into a temporary table, then one INSERT … SELECT from it."""
    batches = (
        con.cursor().sql(f"SELECT {CLEAN_COLUMNS} FROM clean ORDER BY rowid").to_arrow_reader(INSERT_CHUNK)
    )
    with db.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE futures_incoming (city_id bigint, indicator_id bigint, year smallint, "
            "value double precision, boundary varchar(20), method varchar(20), source varchar(300), "
            "note varchar(500))"
        )
        with cursor.copy(f"COPY futures_incoming ({CLEAN_COLUMNS}) FROM STDIN") as copy:
            for batch in batches:
                for row in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                    copy.write_row(row)
        cursor.execute(_upsert(CLEAN_COLUMNS, "futures_incoming", record, synthetic))
        cursor.execute("DROP TABLE futures_incoming")
