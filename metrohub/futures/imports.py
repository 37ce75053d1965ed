"""Importing observations (tidy CSV/XLSX, SDMX-CSV) and strategies (CSV/XLSX): all or nothing.

Observations files can hold millions of rows, so they are checked column-wise: the file is read
into Arrow, every rule is one DuckDB query over all rows, and only the bad rows come back to
Python to be described. Clean rows are written in chunks with one bulk statement each (SQLite),
or copied in (PostgreSQL).
"""

import csv
import hashlib
import io
import math
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
from django.db import connection as db
from django.db import transaction
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError, RowErrors
from metrohub.core.permissions import ensure
from metrohub.core.tabular import read_table
from metrohub.core.text import normalise_name
from metrohub.futures.models import (
    City,
    CityIndicator,
    Dimension,
    Import,
    Observation,
    Strategy,
    StrategyTarget,
)
from metrohub.futures.permissions import can_manage_futures

MAX_OBSERVATION_BYTES = 512 * 1024 * 1024
INSERT_CHUNK = 200_000
SAMPLE_ROWS = 20

CLEAN_COLUMNS = "city_id, indicator_id, year, value, boundary, method, source, note"
OBSERVATION_COLUMNS = ["city", "indicator", "year", "value", "unit", "boundary", "method", "source", "note"]
# SDMX-CSV columns and the tidy column each one fills (the first present wins).
SDMX_COLUMNS = {
    "city": ["ref_area", "city", "city_code"],
    "indicator": ["indicator", "measure", "series"],
    "year": ["time_period"],
    "value": ["obs_value"],
    "unit": ["unit_measure", "unit"],
    "boundary": ["boundary", "urban_boundary"],
    "obs_status": ["obs_status"],
    "source": ["source", "dataflow", "structure_id"],
    "note": ["comment", "obs_comment"],
}
# SDMX observation status codes (SDMX cross-domain code list CL_OBS_STATUS) and our methods.
SDMX_METHOD = {"E": "estimated", "I": "estimated", "F": "modelled"}
STRATEGY_COLUMNS = ["city", "title", "level", "year_adopted", "horizon", "dimensions", "sdgs", "link",
                    "summary", "targets"]  # fmt: skip


@dataclass
class Preview:
    kind: str
    file_name: str
    sha256: str
    format: str
    row_count: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    sample: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)


# Reading -----------------------------------------------------------------------------------


def _sniff(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _read_csv(content: bytes) -> pa.Table:
    if b"\x00" in content[:8192]:
        raise DomainError(_("This file is not a CSV text file."))
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    head = content[:65536].decode("utf-8", errors="replace")
    delimiter = _sniff(head.split("\n", 5)[0] + "\n" + "\n".join(head.split("\n")[1:5]))
    header = next(csv.reader(io.StringIO(head.split("\n", 1)[0]), delimiter=delimiter), [])
    names = [h.strip().lower() for h in header]
    if not any(names):
        raise DomainError(_("The file is empty."))
    try:
        table = pacsv.read_csv(
            io.BytesIO(content),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=16 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names}, strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise DomainError(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc
    # Rows are numbered as a spreadsheet shows them: the header is row 1.
    return table.append_column("_row", pa.array(range(2, table.num_rows + 2), type=pa.int64()))


def _read_xlsx(file_name: str, content: bytes) -> pa.Table:
    table = read_table(name=file_name, content=content)
    columns = {h: [row.get(h, "") for _, row in table.rows] for h in table.headers if h}
    columns["_row"] = [number for number, _ in table.rows]
    return pa.table(
        {k: pa.array(v, type=pa.int64() if k == "_row" else pa.string()) for k, v in columns.items()}
    )


def _tidy(table: pa.Table) -> tuple[pa.Table, str]:
    """The table in the tidy columns, and its format ("tidy" or "sdmx-csv")."""
    names = set(table.column_names)
    n = table.num_rows
    empty = pa.array([""] * n, type=pa.string())
    if "obs_value" in names and "time_period" in names:
        columns = {}
        for target, candidates in SDMX_COLUMNS.items():
            found = next((c for c in candidates if c in names), None)
            columns[target] = table.column(found) if found else empty
        columns["method"] = empty
        columns["_row"] = table.column("_row")
        return pa.table(columns), "sdmx-csv"
    missing = [c for c in ("city", "indicator", "year", "value") if c not in names]
    if missing:
        raise DomainError(
            _("The file has no column %(columns)s. Expected columns: %(expected)s, or SDMX-CSV.")
            % {"columns": ", ".join(missing), "expected": ", ".join(OBSERVATION_COLUMNS)}
        )
    columns = {c: (table.column(c) if c in names else empty) for c in OBSERVATION_COLUMNS}
    columns["obs_status"] = empty
    columns["_row"] = table.column("_row")
    return pa.table(columns), "tidy"


# Matching names to records -------------------------------------------------------------------


def _city_keys() -> dict[str, int]:
    keys: dict[str, int] = {}
    for pk, code, name in City.objects.values_list("pk", "code", "name"):
        keys[normalise_name(name)] = pk
        keys[code.lower()] = pk
    from metrohub.network.models import OrganisationAlias

    by_organisation = dict(
        City.objects.filter(organisation__isnull=False).values_list("organisation_id", "pk")
    )
    for organisation_id, key in OrganisationAlias.objects.values_list("organisation_id", "key"):
        if organisation_id in by_organisation:
            keys.setdefault(key, by_organisation[organisation_id])
    return keys


def _indicator_keys() -> dict[str, int]:
    keys: dict[str, int] = {}
    for pk, code, name in CityIndicator.objects.values_list("pk", "code", "name"):
        keys[code.lower()] = pk
        keys[normalise_name(name)] = pk
    return keys


def _lookup(con, column: str, keys: dict[str, int]) -> pa.Table:
    """Map each distinct spelling in `column` to a record id (NULL when unknown)."""
    spellings = [row[0] for row in con.execute(f"SELECT DISTINCT {column} FROM raw").fetchall()]
    ids = [keys.get(s.strip().lower()) or keys.get(normalise_name(s)) for s in spellings]
    return pa.table({"spelling": pa.array(spellings, pa.string()), "id": pa.array(ids, pa.int64())})


# Observations --------------------------------------------------------------------------------


def _check_observations(file_name: str, content: bytes) -> tuple[Preview, duckdb.DuckDBPyConnection]:
    if len(content) > MAX_OBSERVATION_BYTES:
        raise DomainError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_OBSERVATION_BYTES >> 20})
    lower = file_name.lower()
    if lower.endswith(".csv"):
        raw = _read_csv(content)
    elif lower.endswith(".xlsx"):
        raw = _read_xlsx(file_name, content)
    else:
        raise DomainError(_("Upload a .csv or .xlsx file (tidy observations or SDMX-CSV)."))
    raw, file_format = _tidy(raw)
    preview = Preview(
        kind=Import.Kind.OBSERVATIONS,
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        format=file_format,
        row_count=raw.num_rows,
    )
    con = duckdb.connect(config={"threads": "2"})
    con.register("raw", raw)
    con.register("city_ids", _lookup(con, "city", _city_keys()))
    con.register("indicator_ids", _lookup(con, "indicator", _indicator_keys()))
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
    preview.errors = [(row[0], _describe(row)) for row in bad]
    if raw.num_rows == 0:
        preview.errors.append((1, _("the file has no data rows")))
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


def _describe(row) -> str:
    (_row, city, indicator, year_text, value_text, unit, indicator_unit, boundary, method, no_city,
     no_indicator, bad_year, bad_value, bad_unit, bad_boundary, bad_method, duplicate, first_row,
     out_of_range, low, high) = row  # fmt: skip
    problems = []
    if no_city:
        problems.append(_("unknown city “%(city)s”") % {"city": city})
    if no_indicator:
        problems.append(_("unknown indicator “%(indicator)s”") % {"indicator": indicator})
    if bad_year:
        problems.append(_("year “%(year)s” is not a year") % {"year": year_text})
    if bad_value:
        problems.append(_("value “%(value)s” is not a number") % {"value": value_text})
    if bad_unit:
        problems.append(
            _("unit “%(unit)s” does not match the indicator's unit “%(expected)s”")
            % {"unit": unit, "expected": indicator_unit}
        )
    if bad_boundary:
        problems.append(_("unknown boundary “%(boundary)s”") % {"boundary": boundary})
    if bad_method:
        problems.append(_("unknown method “%(method)s”") % {"method": method})
    if duplicate:
        problems.append(
            _("duplicate of row %(row)d (same city, indicator, year and boundary)") % {"row": first_row}
        )
    if out_of_range:
        problems.append(
            _("value %(value)s is outside the plausible range %(low)s–%(high)s")
            % {"value": value_text, "low": _number(low), "high": _number(high)}
        )
    return "; ".join(problems)


def _number(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "?"
    return f"{value:g}"


def observations_preview(*, file_name: str, content: bytes) -> Preview:
    """Check every row of an observations file; writes nothing."""
    preview, con = _check_observations(file_name, content)
    con.close()
    return preview


def observations_import(
    *, actor, file_name: str, content: bytes, synthetic: bool = False, check_permission: bool = True
) -> Import:
    """Import every row or none: with any bad row, raises RowErrors and writes nothing. A row for a
    city, indicator, year and boundary already in the drafts revises it. `check_permission=False`
    is for the demo generator and the benchmark, which run without a user."""
    if check_permission:
        ensure(can_manage_futures(actor))
    preview, con = _check_observations(file_name, content)
    try:
        if preview.errors:
            raise RowErrors(preview.errors)
        return _write_observations(actor=actor, preview=preview, con=con, synthetic=synthetic)
    finally:
        con.close()


@transaction.atomic
def _write_observations(*, actor, preview: Preview, con, synthetic: bool) -> Import:
    record = Import.objects.create(
        kind=Import.Kind.OBSERVATIONS,
        file_name=preview.file_name,
        sha256=preview.sha256,
        format=preview.format,
        row_count=preview.row_count,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        synthetic=synthetic,
    )
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
    return record


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


# Strategies ----------------------------------------------------------------------------------


def _check_strategies(file_name: str, content: bytes) -> tuple[Preview, list[dict]]:
    table = read_table(name=file_name, content=content)
    preview = Preview(
        kind=Import.Kind.STRATEGIES,
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        format="tidy",
        row_count=len(table.rows),
    )
    missing = [c for c in ("city", "title", "level") if c not in table.headers]
    if missing:
        raise DomainError(
            _("The file has no column %(columns)s. Expected columns: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ", ".join(STRATEGY_COLUMNS)}
        )
    cities, indicators = _city_keys(), _indicator_keys()
    dimensions = dict(Dimension.objects.values_list("code", "pk"))
    existing = set(Strategy.objects.values_list("city_id", "title"))
    seen: dict[tuple[int, str], int] = {}
    clean = []
    for number, row in table.rows:
        problems = []
        city = cities.get(row.get("city", "").lower()) or cities.get(normalise_name(row.get("city", "")))
        if city is None:
            problems.append(_("unknown city “%(city)s”") % {"city": row.get("city", "")})
        title = row.get("title", "")
        if not title:
            problems.append(_("missing title"))
        level = row.get("level", "").lower()
        if level not in Strategy.Level.values:
            problems.append(_("unknown level “%(level)s”") % {"level": row.get("level", "")})
        years = {}
        for column in ("year_adopted", "horizon"):
            text = row.get(column, "")
            if text and not (text.isdigit() and 1900 <= int(text) <= 2100):
                problems.append(
                    _("%(column)s must be a year, not “%(value)s”") % {"column": column, "value": text}
                )
            years[column] = int(text) if text.isdigit() else None
        codes = [d.strip().lower() for d in row.get("dimensions", "").split("|") if d.strip()]
        for code in codes:
            if code not in dimensions:
                problems.append(_("unknown dimension “%(dimension)s”") % {"dimension": code})
        sdgs = [g.strip() for g in row.get("sdgs", "").split("|") if g.strip()]
        if any(not (g.isdigit() and 1 <= int(g) <= 17) for g in sdgs):
            problems.append(_("SDGs must be goal numbers 1–17 separated by |"))
        targets = []
        for part in [p.strip() for p in row.get("targets", "").split("|") if p.strip()]:
            pieces = part.split(":")
            indicator = indicators.get(pieces[0].strip().lower()) if pieces else None
            try:
                value, year = float(pieces[1]), int(pieces[2])
            except (IndexError, ValueError):
                value = year = None
            if indicator is None or value is None or len(pieces) != 3:
                problems.append(_("target “%(target)s” is not indicator:value:year") % {"target": part})
            else:
                targets.append((indicator, value, year))
        if city is not None and title:
            key = (city, title)
            if key in seen:
                problems.append(_("duplicate of row %(row)d") % {"row": seen[key]})
            elif key in existing:
                problems.append(
                    _("duplicate: this city already has a strategy titled “%(title)s”") % {"title": title}
                )
            seen[key] = number
        if problems:
            preview.errors.append((number, "; ".join(problems)))
            continue
        clean.append(
            {
                "city_id": city,
                "title": title,
                "level": level,
                **years,
                "dimensions": [dimensions[c] for c in codes],
                "sdgs": "|".join(sdgs),
                "link": row.get("link", ""),
                "summary": row.get("summary", ""),
                "targets": targets,
            }
        )
    if not table.rows:
        preview.errors.append((1, _("the file has no data rows")))
    preview.sample = [
        {"row": n, "city": r.get("city"), "title": r.get("title")} for n, r in table.rows[:SAMPLE_ROWS]
    ]
    return preview, clean


def strategies_preview(*, file_name: str, content: bytes) -> Preview:
    return _check_strategies(file_name, content)[0]


@transaction.atomic
def strategies_import(
    *, actor, file_name: str, content: bytes, synthetic: bool = False, check_permission: bool = True
) -> Import:
    """Import every strategy with its targets, or none."""
    if check_permission:
        ensure(can_manage_futures(actor))
    preview, clean = _check_strategies(file_name, content)
    if preview.errors:
        raise RowErrors(preview.errors)
    record = Import.objects.create(
        kind=Import.Kind.STRATEGIES,
        file_name=file_name,
        sha256=preview.sha256,
        format=preview.format,
        row_count=preview.row_count,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        synthetic=synthetic,
    )
    for row in clean:
        strategy = Strategy(
            city_id=row["city_id"],
            title=row["title"],
            level=row["level"],
            year_adopted=row["year_adopted"],
            horizon=row["horizon"],
            sdgs=row["sdgs"],
            link=row["link"],
            summary=row["summary"],
            imported=record,
            synthetic=synthetic,
        )
        if getattr(actor, "is_authenticated", False):
            strategy._history_user = actor
        strategy.save()
        strategy.dimensions.set(row["dimensions"])
        StrategyTarget.objects.bulk_create(
            StrategyTarget(strategy=strategy, indicator_id=i, value=v, year=y) for i, v, y in row["targets"]
        )
    return record


def import_preview(*, kind: str, file_name: str, content: bytes) -> Preview:
    if kind == Import.Kind.STRATEGIES:
        return strategies_preview(file_name=file_name, content=content)
    return observations_preview(file_name=file_name, content=content)


def import_apply(*, actor, kind: str, file_name: str, content: bytes) -> Import:
    if kind == Import.Kind.STRATEGIES:
        return strategies_import(actor=actor, file_name=file_name, content=content)
    return observations_import(actor=actor, file_name=file_name, content=content)
