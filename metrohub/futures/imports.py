"""Importing observations (tidy CSV/XLSX, SDMX-CSV) and strategies (CSV/XLSX): all or nothing.

Observations files can hold millions of rows, so they are checked column-wise: the file is read
into Arrow, every rule is one DuckDB query over all rows, and only the bad rows come back to
Python to be described. Clean rows are written in chunks with one bulk statement each (SQLite),
or copied in (PostgreSQL).
"""

import hashlib
import math
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
from django.core.exceptions import ValidationError
from django.db import connection as db
from django.db import transaction
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError, RowErrors
from metrohub.core.imports import describe, whole_number
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
from metrohub.futures.reading import SDMX_METHOD, STRATEGY_COLUMNS, read_observations

INSERT_CHUNK = 200_000
SAMPLE_ROWS = 20

CLEAN_COLUMNS = "city_id, indicator_id, year, value, boundary, method, source, note"


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


def _year(text: str) -> int | None:
    year = whole_number(text)
    return year if year is not None and 1900 <= year <= 2100 else None


def _strategy_records(row: dict, *, city, dimensions, indicators, problems: list) -> tuple | None:
    """The Strategy (unsaved) and its targets that this row makes, each through the models'
    full_clean — the validation the write runs on the same objects — or None with `problems`."""
    title, level = row.get("title", ""), row.get("level", "").lower()
    if not title:
        problems.append(_("missing title"))
    if level not in Strategy.Level.values:
        problems.append(_("unknown level “%(level)s”") % {"level": row.get("level", "")})
    years = {}
    for column in ("year_adopted", "horizon"):
        text = row.get(column, "")
        years[column] = _year(text)
        if text and years[column] is None:
            problems.append(
                _("%(column)s must be a year, not “%(value)s”") % {"column": column, "value": text}
            )
    codes = [d.strip().lower() for d in row.get("dimensions", "").split("|") if d.strip()]
    for code in codes:
        if code not in dimensions:
            problems.append(_("unknown dimension “%(dimension)s”") % {"dimension": code})
    sdgs = [whole_number(g) for g in row.get("sdgs", "").split("|") if g.strip()]
    if any(g is None or not 1 <= g <= 17 for g in sdgs):
        problems.append(_("SDGs must be goal numbers 1–17 separated by |"))
    strategy = Strategy(
        city_id=city, title=title, level=level, sdgs="|".join(map(str, sdgs)), link=row.get("link", ""),
        summary=row.get("summary", ""), **years,
    )  # fmt: skip
    targets = []
    for part in [p.strip() for p in row.get("targets", "").split("|") if p.strip()]:
        pieces = [piece.strip() for piece in part.split(":")]
        indicator = indicators.get(pieces[0].lower()) if len(pieces) == 3 else None
        try:
            value = float(pieces[1]) if indicator else math.nan
        except ValueError:
            value = math.nan
        year = _year(pieces[2]) if indicator else None
        if indicator is None or not math.isfinite(value) or year is None:
            problems.append(_("target “%(target)s” is not indicator:value:year") % {"target": part})
        elif any((t.indicator_id, t.year) == (indicator, year) for t in targets):
            problems.append(_("target “%(target)s” is given twice") % {"target": part})
        else:
            targets.append(StrategyTarget(indicator_id=indicator, value=value, year=year))
    for record, exclude in [(strategy, ["city", "imported"]), *((t, ["strategy"]) for t in targets)]:
        try:  # the city and the import are checked above or made by the write
            record.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as exc:
            problems.append(describe(exc))
    return None if problems else (strategy, [dimensions[c] for c in codes], targets)


def _check_strategies(file_name: str, content: bytes) -> tuple[Preview, list[tuple]]:
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
        if city is not None and title:
            key = (city, title)
            if key in seen:
                problems.append(_("duplicate of row %(row)d") % {"row": seen[key]})
            elif key in existing:
                problems.append(
                    _("duplicate: this city already has a strategy titled “%(title)s”") % {"title": title}
                )
            seen.setdefault(key, number)
        records = _strategy_records(
            row, city=city, dimensions=dimensions, indicators=indicators, problems=problems
        )
        if records is None:
            preview.errors.append((number, "; ".join(problems)))
        else:
            clean.append(records)
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
    """Import every strategy with its targets, or none. Writes the objects the preview checked."""
    if check_permission:
        ensure(can_manage_futures(actor))
    preview, clean = _check_strategies(file_name, content)
    if preview.errors:
        raise RowErrors(preview.errors)
    record = Import.objects.create(
        kind=Import.Kind.STRATEGIES,
        file_name=file_name[:255],
        sha256=preview.sha256,
        format=preview.format,
        row_count=preview.row_count,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        synthetic=synthetic,
    )
    for strategy, dimension_ids, targets in clean:
        strategy.imported, strategy.synthetic = record, synthetic
        if getattr(actor, "is_authenticated", False):
            strategy._history_user = actor
        strategy.save()
        strategy.dimensions.set(dimension_ids)
        for target in targets:
            target.strategy = strategy
        StrategyTarget.objects.bulk_create(targets)
    return record


def import_preview(*, kind: str, file_name: str, content: bytes) -> Preview:
    if kind == Import.Kind.STRATEGIES:
        return strategies_preview(file_name=file_name, content=content)
    return observations_preview(file_name=file_name, content=content)


def import_apply(*, actor, kind: str, file_name: str, content: bytes) -> Import:
    if kind == Import.Kind.STRATEGIES:
        return strategies_import(actor=actor, file_name=file_name, content=content)
    return observations_import(actor=actor, file_name=file_name, content=content)
