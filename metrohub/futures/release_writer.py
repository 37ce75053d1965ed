"""Writing a release: snapshot the drafts to Arrow, then write its analytics database (the data
tables, what `analytics` computes from them) and its Parquet files with their checksums, and what
changed since the previous release. Used by `publishing`, which places the folder and records it.
"""

import hashlib
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.db import connection as db

from metrohub.futures.analytics import compute, lay_out_for_api
from metrohub.futures.models import (
    City,
    CityIndicator,
    Dimension,
    Observation,
    Release,
    Strategy,
    StrategyTarget,
)
from metrohub.futures.release_schema import COMPUTED_TABLES, DATA_TABLES, SORT, band_of
from metrohub.futures.storage import ANALYTICS_FILE, futures_root
from metrohub.network.models import MembershipPeriod

CHUNK = 200_000


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
                "numerator": i.numerator, "denominator": i.denominator, "method": i.method,
                "direction": i.direction,
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


def _city_changes(con: duckdb.DuckDBPyConnection, previous: Release) -> dict:
    """Cities added, removed, or whose facts changed (name, country, region, population, member)."""
    old = futures_root() / previous.directory / "cities.parquet"
    facts = " OR ".join(
        f"n.{c} IS DISTINCT FROM o.{c}" for c in ("name", "country", "region", "population", "member")
    )
    added, removed, changed = con.execute(f"""
        SELECT count(*) FILTER (WHERE o.name IS NULL), count(*) FILTER (WHERE n.name IS NULL),
               count(*) FILTER (WHERE n.name IS NOT NULL AND o.name IS NOT NULL AND ({facts}))
        FROM cities n FULL OUTER JOIN read_parquet('{old}') o USING (code)
    """).fetchone()
    return {"added": added, "removed": removed, "revised": changed}


def pending_changes(previous: Release | None) -> dict:
    """What publishing the drafts now would change since `previous` (the latest release): the
    comparison a release records in its manifest (`changes`), and the cities' facts."""
    if previous is None:
        return {"previous": None}
    tables = snapshot()
    con = duckdb.connect(config={"threads": "1"})
    try:
        for name in ("cities", "observations", "strategies"):
            con.register(f"{name}_arrow", tables[name])
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")
            con.unregister(f"{name}_arrow")
        changes = _changes(con, previous)
        changes["cities"] = _city_changes(con, previous)
    finally:
        con.close()
    return changes


def nothing_changed(changes: dict) -> bool:
    """True when a release made now would repeat the previous one."""
    if changes.get("previous") is None:
        return False
    return not any(
        count for part in ("observations", "strategies", "cities") for count in changes[part].values()
    )


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
