"""Publishing a release: snapshot the drafts to Parquet, compute once what the explorer shows.

Everything a request needs is computed here, once, because a release never changes: per
indicator and year the rank and percentile of every city overall and within its region,
population band and among members; each city's latest value per indicator with its
five-year trend; whether each strategy target is on track. Requests then only filter.
"""

import hashlib
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.db import connection as db

from metrohub.futures.models import (
    City,
    CityIndicator,
    Dimension,
    Observation,
    Release,
    Strategy,
    StrategyTarget,
)
from metrohub.futures.storage import ANALYTICS_FILE, futures_root
from metrohub.network.models import MembershipPeriod

CHUNK = 200_000

# Population bands for peer groups, as (code, lower bound inclusive).
BANDS = [("10m-plus", 10_000_000), ("5m-10m", 5_000_000), ("1m-5m", 1_000_000), ("under-1m", 0)]
# Where a city reports several boundaries, rankings use one, in this order of preference.
BOUNDARY_ORDER = ["municipal", "metropolitan", "functional"]

# Parquet files of a release: the open data, then what was computed from it.
DATA_TABLES = ["dimensions", "indicators", "cities", "observations", "strategies", "targets"]
COMPUTED_TABLES = ["ranking", "latest", "target_status"]
# Peer groups of the rankings.
PEER_GROUPS = ["overall", "region", "band", "members"]
# Tables of the analytics database laid out for the API's hot paths (not open data, no Parquet).
API_TABLES = ["ranking_rows", "series"]
# Sort order of each table in the analytics database: lookups filter on the leading columns.
SORT = {
    "observations": "indicator, city, year, boundary",
    "ranking": "indicator, year, rank, city",
    "latest": "city, dimension_order, indicator",
    "strategies": "city, title",
    "targets": "strategy_id, indicator",
    "target_status": "city, strategy_id, indicator",
}


def band_of(population: int | None) -> str:
    if not population:
        return "unknown"
    return next(code for code, floor in BANDS if population >= floor)


def _select(sql: str, names: list[str], types: dict[str, pa.DataType]) -> pa.Table:
    """Read a query from the project database into an Arrow table, in chunks."""
    columns: dict[str, list] = {name: [] for name in names}
    with db.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(CHUNK):
            for name, values in zip(names, zip(*rows, strict=True), strict=True):
                columns[name].extend(values)
    return pa.table({name: pa.array(columns[name], type=types.get(name, pa.string())) for name in names})


def _q(model) -> str:
    return db.ops.quote_name(model._meta.db_table)


def snapshot() -> dict[str, pa.Table]:
    """The drafts as Arrow tables, with codes instead of database ids."""
    members = set(
        MembershipPeriod.objects.filter(end__isnull=True, status=MembershipPeriod.Status.ACTIVE).values_list(
            "membership__organisation_id", flat=True
        )
    )
    dimensions = pa.Table.from_pylist(
        list(Dimension.objects.values("code", "name", "description", "order")),
        schema=pa.schema([("code", pa.string()), ("name", pa.string()), ("description", pa.string()),
                          ("order", pa.int32())]),
    )  # fmt: skip
    indicators = pa.Table.from_pylist(
        [
            {
                "code": i.code, "name": i.name, "definition": i.definition, "unit": i.unit,
                "numerator": i.numerator, "denominator": i.denominator, "direction": i.direction,
                "dimension": i.dimension.code, "dimension_order": i.dimension.order,
                "iso37120_theme": i.iso37120_theme, "sdg_target": i.sdg_target, "umf_ref": i.umf_ref,
                "source": i.source, "licence": i.licence, "plausible_min": i.plausible_min,
                "plausible_max": i.plausible_max, "synthetic": i.synthetic,
            }
            for i in CityIndicator.objects.select_related("dimension")
        ]
    )  # fmt: skip
    cities = pa.Table.from_pylist(
        [
            {
                "code": c.code, "name": c.name, "country": c.country,
                "region": c.region.code if c.region else "", "region_name": c.region.name if c.region else "",
                "population": c.population, "band": band_of(c.population),
                "latitude": c.latitude, "longitude": c.longitude,
                "member": c.organisation_id in members,
                "organisation": c.organisation.slug if c.organisation else None, "synthetic": c.synthetic,
            }
            for c in City.objects.select_related("region", "organisation")
        ],
        schema=pa.schema([
            ("code", pa.string()), ("name", pa.string()), ("country", pa.string()), ("region", pa.string()),
            ("region_name", pa.string()), ("population", pa.int64()), ("band", pa.string()),
            ("latitude", pa.float64()), ("longitude", pa.float64()), ("member", pa.bool_()),
            ("organisation", pa.string()), ("synthetic", pa.bool_()),
        ]),
    )  # fmt: skip
    observations = _select(
        f"SELECT c.code, i.code, o.year, o.value, o.boundary, o.method, o.source, o.note, o.synthetic "
        f"FROM {_q(Observation)} o JOIN {_q(City)} c ON c.id = o.city_id "
        f"JOIN {_q(CityIndicator)} i ON i.id = o.indicator_id",
        ["city", "indicator", "year", "value", "boundary", "method", "source", "note", "synthetic"],
        {"year": pa.int16(), "value": pa.float64(), "synthetic": pa.bool_()},
    )
    strategy_dimensions: dict[int, list[str]] = {}
    for strategy_id, code in Strategy.dimensions.through.objects.values_list(
        "strategy_id", "dimension__code"
    ):
        strategy_dimensions.setdefault(strategy_id, []).append(code)
    strategies = pa.Table.from_pylist(
        [
            {
                "strategy_id": s["id"], "city": s["city__code"], "title": s["title"], "level": s["level"],
                "year_adopted": s["year_adopted"], "horizon": s["horizon"],
                "dimensions": sorted(strategy_dimensions.get(s["id"], [])),
                "sdgs": [int(g) for g in s["sdgs"].split("|") if g.strip().isdigit()],
                "link": s["link"], "summary": s["summary"], "synthetic": s["synthetic"],
            }
            for s in Strategy.objects.values(
                "id", "city__code", "title", "level", "year_adopted", "horizon", "sdgs", "link", "summary",
                "synthetic",
            )
        ],
        schema=pa.schema([
            ("strategy_id", pa.int64()), ("city", pa.string()), ("title", pa.string()),
            ("level", pa.string()), ("year_adopted", pa.int16()), ("horizon", pa.int16()),
            ("dimensions", pa.list_(pa.string())),
            ("sdgs", pa.list_(pa.int8())), ("link", pa.string()), ("summary", pa.string()),
            ("synthetic", pa.bool_()),
        ]),
    )  # fmt: skip
    targets = pa.Table.from_pylist(
        [
            {"strategy_id": t["strategy_id"], "indicator": t["indicator__code"], "value": t["value"],
             "year": t["year"]}
            for t in StrategyTarget.objects.values("strategy_id", "indicator__code", "value", "year")
        ],
        schema=pa.schema([("strategy_id", pa.int64()), ("indicator", pa.string()), ("value", pa.float64()),
                          ("year", pa.int16())]),
    )  # fmt: skip
    return {
        "dimensions": dimensions,
        "indicators": indicators,
        "cities": cities,
        "observations": observations,
        "strategies": strategies,
        "targets": targets,
    }


def _rank_columns(group: str, partition: str, where: str = "") -> str:
    """Rank (1 = best) and percentile (100 = best) of a city within a peer group."""
    rank = f"rank() OVER (PARTITION BY indicator, year{partition} ORDER BY goodness DESC)"
    pct = f"round(100 * cume_dist() OVER (PARTITION BY indicator, year{partition} ORDER BY goodness), 1)"
    size = f"count(*) OVER (PARTITION BY indicator, year{partition})"
    if where:
        return (
            f"CASE WHEN {where} THEN {rank} END AS {group}_rank, "
            f"CASE WHEN {where} THEN {pct} END AS {group}_percentile, "
            f"CASE WHEN {where} THEN {size} END AS {group}_size"
        )
    return f"{rank} AS {group}_rank, {pct} AS {group}_percentile, {size} AS {group}_size"


def compute(con: duckdb.DuckDBPyConnection) -> None:
    """Add the computed tables to a connection that holds the data tables."""
    preference = " ".join(f"WHEN '{b}' THEN {n}" for n, b in enumerate(BOUNDARY_ORDER))
    con.execute(f"""
        CREATE TABLE ranking AS
        WITH chosen AS (
            SELECT * FROM observations
            QUALIFY row_number() OVER (
                PARTITION BY city, indicator, year ORDER BY CASE boundary {preference} ELSE 9 END) = 1
        ), scored AS (
            SELECT o.indicator, o.year, o.city, c.name AS city_name, c.country, c.region, c.region_name,
                   c.band, c.member, o.value, o.boundary, o.method, o.source,
                   CASE WHEN i.direction = 'lower' THEN -o.value ELSE o.value END AS goodness,
                   -- a partition key that is NULL for non-members keeps them out of the members' ranks
                   CASE WHEN c.member THEN true END AS member_key
            FROM chosen o JOIN cities c ON c.code = o.city JOIN indicators i ON i.code = o.indicator
        )
        SELECT indicator, year, city, city_name, country, region, region_name, band, member, value,
               boundary, method, source,
               {_rank_columns("overall", "")},
               {_rank_columns("region", ", region")},
               {_rank_columns("band", ", band")},
               {_rank_columns("members", ", member_key", "member")}
        FROM scored
    """)
    con.execute(
        """
        ALTER TABLE ranking RENAME COLUMN overall_rank TO rank;
        ALTER TABLE ranking RENAME COLUMN overall_percentile TO percentile;
        ALTER TABLE ranking RENAME COLUMN overall_size TO peers;
        """
    )
    # The latest value of each city and indicator, with the trend over the five years before it.
    con.execute("""
        CREATE TABLE latest AS
        WITH last AS (SELECT city, indicator, max(year) AS last_year FROM ranking GROUP BY ALL),
        window_ AS (
            SELECT r.city, r.indicator, regr_slope(r.value, r.year) AS slope, count(*) AS trend_points,
                   arg_min(r.value, r.year) AS first_value, min(r.year) AS first_year
            FROM ranking r JOIN last l ON l.city = r.city AND l.indicator = r.indicator
            WHERE r.year > l.last_year - 5
            GROUP BY ALL
        )
        SELECT r.*, i.name AS indicator_name, i.unit, i.direction, i.dimension, i.dimension_order,
               w.slope, w.trend_points, w.first_year, r.value - w.first_value AS change,
               CASE
                   WHEN w.trend_points < 2 OR w.slope IS NULL THEN 'unknown'
                   WHEN abs(w.slope) * 4 <= 0.02 * greatest(abs(w.first_value), 1e-9) THEN 'stable'
                   WHEN (w.slope > 0) = (i.direction = 'higher') THEN 'improving'
                   ELSE 'worsening'
               END AS trend
        FROM ranking r
        JOIN last l ON l.city = r.city AND l.indicator = r.indicator AND l.last_year = r.year
        JOIN window_ w ON w.city = r.city AND w.indicator = r.indicator
        JOIN indicators i ON i.code = r.indicator
    """)
    # A target is on track when the latest value, carried on at its trend, reaches it by its year.
    con.execute("""
        CREATE TABLE target_status AS
        SELECT t.strategy_id, s.city, s.title, t.indicator, i.name AS indicator_name, i.unit, i.direction,
               t.value AS target_value, t.year AS target_year,
               l.value AS latest_value, l.year AS latest_year, l.slope,
               CASE WHEN l.value IS NULL THEN NULL
                    ELSE l.value + coalesce(l.slope, 0) * (t.year - l.year) END AS projected,
               CASE
                   WHEN l.value IS NULL THEN 'no data'
                   WHEN (i.direction = 'higher' AND l.value >= t.value)
                     OR (i.direction = 'lower' AND l.value <= t.value) THEN 'met'
                   WHEN (i.direction = 'higher' AND projected >= t.value)
                     OR (i.direction = 'lower' AND projected <= t.value) THEN 'on track'
                   ELSE 'off track'
               END AS status
        FROM targets t
        JOIN strategies s ON s.strategy_id = t.strategy_id
        JOIN indicators i ON i.code = t.indicator
        LEFT JOIN latest l ON l.city = s.city AND l.indicator = t.indicator
    """)


def peer_columns(group: str) -> tuple[str, str, str]:
    """The ranking's rank, percentile and size columns of a peer group."""
    if group == "overall":
        return "rank", "percentile", "peers"
    return f"{group}_rank", f"{group}_percentile", f"{group}_size"


def lay_out_for_api(con: duckdb.DuckDBPyConnection) -> None:
    """Add the API's tables: each request for a ranking or a series is then a range scan of rows
    already in their answer's shape, with no JSON encoding of values per request."""
    # A ranking row's JSON object is `head` (without its closing brace) followed by the tail of the
    # requested peer group (its rank, percentile and size). Stored in the order of the answer.
    tails = []
    for group in PEER_GROUPS:
        rank, percentile, size = peer_columns(group)
        tails.append(
            f"""concat(',"peer_rank":', coalesce({rank}::VARCHAR, 'null'), """
            f"""',"peer_percentile":', coalesce({percentile}::VARCHAR, 'null'), """
            f"""',"peer_size":', coalesce({size}::VARCHAR, 'null'), '}}') AS {group}_tail"""
        )
    con.execute(f"""
        CREATE TABLE ranking_rows AS
        SELECT indicator, year, region, band, member, rank, city_name,
               left(to_json({{'rank': rank, 'city': city, 'city_name': city_name, 'country': country,
                             'region': region, 'region_name': region_name, 'band': band, 'member': member,
                             'value': value, 'boundary': boundary, 'method': method,
                             'percentile': percentile, 'peers': peers}})::VARCHAR, -1) AS head,
               {", ".join(tails)}
        FROM ranking ORDER BY indicator, year, rank, city_name
    """)
    # One row per indicator and city with its whole series, in the order of the answer.
    con.execute("""
        CREATE TABLE series AS
        SELECT o.indicator, o.city, c.name AS city_name,
               list({'year': o.year, 'value': o.value, 'boundary': o.boundary, 'method': o.method}
                    ORDER BY o.boundary, o.year) AS points
        FROM observations o JOIN cities c ON c.code = o.city
        GROUP BY ALL ORDER BY o.indicator, o.city
    """)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _changes(con: duckdb.DuckDBPyConnection, previous: Release | None) -> dict:
    """What changed since the previous release: observations and strategies added, removed, revised."""
    if previous is None:
        return {"previous": None}
    old = futures_root() / previous.directory
    con.execute(f"CREATE VIEW old_obs AS SELECT * FROM read_parquet('{old / 'observations.parquet'}')")
    con.execute(f"CREATE VIEW old_str AS SELECT * FROM read_parquet('{old / 'strategies.parquet'}')")
    key = "city, indicator, year, boundary"
    added, removed, revised = con.execute(f"""
        SELECT count(*) FILTER (WHERE o.value IS NULL), count(*) FILTER (WHERE n.value IS NULL),
               count(*) FILTER (WHERE n.value IS NOT NULL AND o.value IS NOT NULL
                                AND (n.value <> o.value OR n.method <> o.method OR n.source <> o.source))
        FROM observations n FULL OUTER JOIN old_obs o USING ({key})
    """).fetchone()
    s_added, s_removed = con.execute("""
        SELECT count(*) FILTER (WHERE o.title IS NULL), count(*) FILTER (WHERE n.title IS NULL)
        FROM strategies n FULL OUTER JOIN old_str o USING (city, title)
    """).fetchone()
    return {
        "previous": previous.number,
        "observations": {"added": added, "removed": removed, "revised": revised},
        "strategies": {"added": s_added, "removed": s_removed},
    }


def write_release(
    directory: Path, tables: dict[str, pa.Table], previous: Release | None, on_step=None
) -> dict:
    """Write the Parquet files and the analytics database into `directory`; return the manifest.
    `on_step(step, share)` hears each step begin, with the share of the work done (0 to 1)."""
    on_step = on_step or (lambda step, share: None)
    directory.mkdir(parents=True)
    con = duckdb.connect(str(directory / ANALYTICS_FILE), config={"threads": "2"})
    try:
        on_step("tables", 0.0)
        for name, table in tables.items():
            con.register(f"{name}_arrow", table)
            order = f" ORDER BY {SORT[name]}" if name in SORT else ""
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow{order}")
            con.unregister(f"{name}_arrow")
        on_step("compute", 0.15)
        compute(con)
        for name in COMPUTED_TABLES:  # stored in the order lookups filter on
            con.execute(f"CREATE TABLE {name}_sorted AS SELECT * FROM {name} ORDER BY {SORT[name]}")
            con.execute(f"DROP TABLE {name}")
            con.execute(f"ALTER TABLE {name}_sorted RENAME TO {name}")
        on_step("api", 0.45)
        lay_out_for_api(con)
        files = {}
        for n, name in enumerate(DATA_TABLES + COMPUTED_TABLES):
            on_step("parquet", 0.55 + 0.35 * n / len(DATA_TABLES + COMPUTED_TABLES))
            path = directory / f"{name}.parquet"
            table = con.sql(f"SELECT * FROM {name}").to_arrow_table()
            pq.write_table(table, path, compression="zstd")
            files[path.name] = {"rows": table.num_rows, "bytes": path.stat().st_size, "sha256": _sha256(path)}
        on_step("changes", 0.9)
        changes = _changes(con, previous)
        counts = dict(
            zip(
                ["observations", "cities", "indicators", "strategies", "targets", "years"],
                con.execute("""
                    SELECT (SELECT count(*) FROM observations),
                           (SELECT count(DISTINCT city) FROM observations),
                           (SELECT count(DISTINCT indicator) FROM observations),
                           (SELECT count(*) FROM strategies), (SELECT count(*) FROM targets),
                           (SELECT count(DISTINCT year) FROM observations)
                """).fetchone(),
                strict=True,
            )
        )
        first, last = con.execute("SELECT min(year), max(year) FROM observations").fetchone()
        synthetic = con.execute(
            "SELECT coalesce(bool_or(synthetic), false) FROM (SELECT synthetic FROM observations "
            "UNION ALL SELECT synthetic FROM strategies UNION ALL SELECT synthetic FROM cities)"
        ).fetchone()[0]
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return {
        "counts": counts,
        "years": [first, last],
        "synthetic": bool(synthetic),
        "files": files,
        "changes": changes,
    }


def release_publish(*, actor, note: str = "", check_permission: bool = True) -> Release:
    """Publish the next release now, in this process, under the lock (`publishing.release_publish`)."""
    from metrohub.futures.publishing import release_publish as publish

    return publish(actor=actor, note=note, check_permission=check_permission)
