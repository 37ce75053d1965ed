"""Reads of published releases. Nothing here touches the drafts: the public sees releases only.

Every function takes the release it reads; the heavy work was done when it was published
(`analytics.compute`), so these only filter the precomputed tables. The staff pages also read
here which release comes next and which publication is under way.
"""

import json
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Max

from metrohub.futures.models import Publication, Release
from metrohub.futures.release_files import ensure_local
from metrohub.futures.release_schema import API_TABLES, PEER_GROUPS, peer_columns
from metrohub.futures.storage import QueryTooBroad, fetch, fetch_dicts, fetch_json

ROW_CAP = 10_000
GROUPS = PEER_GROUPS
BAND_ORDER = ["under-1m", "1m-5m", "5m-10m", "10m-plus", "unknown"]


def published_release(number: int | None = None) -> Release | None:
    """The release numbered `number` (else the latest), its files on this node and checked
    (`release_files.ensure_local`: raises ReleaseUnavailable when they fail their checksums)."""
    releases = Release.objects.all()
    if number is not None:
        release = releases.filter(number=number).first()
    else:
        release = releases.order_by("-number").first()
    return None if release is None else ensure_local(release)


def release_next_number() -> int:
    """The number the next published release will take."""
    return (Release.objects.aggregate(n=Max("number"))["n"] or 0) + 1


def publication_current() -> Publication | None:
    """The publication under way, if any."""
    return Publication.objects.filter(active=True).select_related("requested_by").first()


@dataclass(frozen=True)
class Catalogue:
    """The small tables of a release, read once per process (a release never changes)."""

    dimensions: list[dict]
    indicators: list[dict]
    cities: list[dict]
    years: dict[str, list[int]]  # indicator code -> years with data
    api_tables: bool = False  # the release has the API's tables (`analytics.lay_out_for_api`)

    def indicator(self, code: str) -> dict | None:
        return next((i for i in self.indicators if i["code"] == code), None)

    def city(self, code: str) -> dict | None:
        return self.cities_by_code().get(code)

    def cities_by_code(self) -> dict[str, dict]:
        return {c["code"]: c for c in self.cities}

    @property
    def licences(self) -> list[str]:
        """The licences the release's indicators are published under, as the catalogue states them."""
        return list(dict.fromkeys(i["licence"] for i in self.indicators if i.get("licence")))

    @property
    def regions(self) -> list[tuple[str, str]]:
        return sorted({(c["region"], c["region_name"]) for c in self.cities if c["region"]})


@lru_cache(maxsize=16)
def _catalogue(directory: str) -> Catalogue:
    years: dict[str, list[int]] = {}
    for indicator, year in fetch(directory, "SELECT DISTINCT indicator, year FROM ranking ORDER BY ALL")[1]:
        years.setdefault(indicator, []).append(year)
    with_data = {row[0] for row in fetch(directory, "SELECT DISTINCT city FROM observations")[1]}
    tables = {row[0] for row in fetch(directory, "SELECT table_name FROM duckdb_tables()")[1]}
    return Catalogue(
        dimensions=fetch_dicts(directory, 'SELECT * FROM dimensions ORDER BY "order"'),
        indicators=fetch_dicts(directory, "SELECT * FROM indicators ORDER BY dimension_order, code"),
        cities=[
            c for c in fetch_dicts(directory, "SELECT * FROM cities ORDER BY name") if c["code"] in with_data
        ],
        years=years,
        api_tables=tables.issuperset(API_TABLES),
    )


def catalogue(release: Release) -> Catalogue:
    return _catalogue(release.directory)


def _ranking_filter(indicator, year, group, region, band, members) -> tuple[str, list]:
    if group not in GROUPS:
        raise QueryTooBroad(f"Unknown peer group {group!r}.")
    conditions, params = ["indicator = ?", "year = ?"], [indicator, year]
    if region:
        conditions.append("region = ?")
        params.append(region)
    if band:
        conditions.append("band = ?")
        params.append(band)
    if members or group == "members":
        conditions.append("member")
    return " AND ".join(conditions), params


def _ranking_query(indicator, year, group, region, band, members) -> tuple[str, list]:
    where, params = _ranking_filter(indicator, year, group, region, band, members)
    rank, percentile, size = peer_columns(group)
    sql = (
        "SELECT rank, city, city_name, country, region, region_name, band, member, value, boundary, method, "
        f"percentile, peers, {rank} AS peer_rank, {percentile} AS peer_percentile, "
        f"{size} AS peer_size FROM ranking WHERE {where}"
    )
    return sql, params


def _ranking_json(directory: str, indicator, year, group, region, band, members) -> str:
    """The ranking as a JSON array from `ranking_rows`, where each row's JSON is stored."""
    where, params = _ranking_filter(indicator, year, group, region, band, members)
    sql = f"SELECT head || {group}_tail FROM ranking_rows WHERE {where} ORDER BY rank, city_name"
    rows = fetch(directory, sql, params, cap=ROW_CAP)[1]
    return "[" + ",".join(row[0] for row in rows) + "]"


def ranking(
    release: Release,
    *,
    indicator: str,
    year: int,
    group: str = "overall",
    region: str = "",
    band: str = "",
    members: bool = False,
    as_json: bool = False,
) -> list[dict] | str:
    """Every city's value for one indicator and year, best first, with its rank in its peer group
    (`group`: its region, its population band, the members), optionally only some cities."""
    if as_json and catalogue(release).api_tables:
        return _ranking_json(release.directory, indicator, year, group, region, band, members)
    sql, params = _ranking_query(indicator, year, group, region, band, members)
    if as_json:
        return fetch_json(release.directory, sql, params, order="rank, city_name", cap=ROW_CAP)
    return fetch_dicts(release.directory, sql + " ORDER BY rank, city_name", params, cap=ROW_CAP)


def series(release: Release, *, indicator: str, cities: list[str], as_json: bool = False) -> list[dict] | str:
    """Values over time of one indicator for a few cities, every boundary kept apart."""
    if not cities:
        return "[]" if as_json else []
    marks = ", ".join("?" for _ in cities)
    if as_json and catalogue(release).api_tables:
        rows = fetch(
            release.directory,
            f"SELECT city, city_name, points FROM series WHERE indicator = ? AND city IN ({marks}) "
            "ORDER BY city_name, city",
            [indicator, *cities],
        )[1]
        answer = [
            {"city": city, "city_name": name, **point} for city, name, points in rows for point in points
        ]
        return json.dumps(answer, ensure_ascii=False)
    sql = (
        "SELECT o.city, c.name AS city_name, o.year, o.value, o.boundary, o.method FROM observations o "
        f"JOIN cities c ON c.code = o.city WHERE o.indicator = ? AND o.city IN ({marks})"
    )
    params = [indicator, *cities]
    if as_json:
        return fetch_json(release.directory, sql, params, order="city_name, boundary, year", cap=ROW_CAP)
    return fetch_dicts(release.directory, sql + " ORDER BY c.name, o.boundary, o.year", params, cap=ROW_CAP)


def profile(release: Release, *, city: str, as_json: bool = False) -> list[dict] | str:
    """The city's latest value of every indicator with its percentile and trend."""
    sql = "SELECT * FROM latest WHERE city = ?"
    if as_json:
        return fetch_json(release.directory, sql, [city], order="dimension_order, indicator", cap=ROW_CAP)
    return fetch_dicts(release.directory, sql + " ORDER BY dimension_order, indicator", [city], cap=ROW_CAP)


def city_strategies(release: Release, *, city: str) -> list[dict]:
    strategies = fetch_dicts(
        release.directory, "SELECT * FROM strategies WHERE city = ? ORDER BY year_adopted DESC, title", [city]
    )
    targets: dict[int, list[dict]] = {}
    for target in fetch_dicts(
        release.directory, "SELECT * FROM target_status WHERE city = ? ORDER BY indicator_name", [city]
    ):
        targets.setdefault(target["strategy_id"], []).append(target)
    for strategy in strategies:
        strategy["targets"] = targets.get(strategy["strategy_id"], [])
    return strategies


def compare(release: Release, *, cities: list[str]) -> list[dict]:
    """Latest values of every indicator for a few cities, one row per city and indicator."""
    if not cities:
        return []
    marks = ", ".join("?" for _ in cities)
    return fetch_dicts(
        release.directory,
        "SELECT city, city_name, indicator, indicator_name, unit, direction, dimension, dimension_order, "
        f"year, value, boundary, method, percentile, trend FROM latest WHERE city IN ({marks}) "
        "ORDER BY dimension_order, indicator, city_name",
        cities,
        cap=ROW_CAP,
    )


def benchmark(release: Release, *, city: str, group: str) -> list[dict]:
    """Where a city stands among its peers (same region, same population band, or members) on
    each indicator's latest values, with the differences that make a comparison doubtful."""
    if group not in GROUPS:
        raise QueryTooBroad(f"Unknown peer group {group!r}.")
    peers_of = {
        "overall": "true",
        "region": "p.region = me.region",
        "band": "p.band = me.band",
        "members": "p.member",
    }[group]
    return fetch_dicts(
        release.directory,
        f"""
        WITH me AS (SELECT * FROM latest WHERE city = ?),
        peers AS (
            SELECT p.* FROM latest p JOIN me ON me.indicator = p.indicator WHERE {peers_of}
        ),
        scored AS (
            SELECT indicator, city, value, year, boundary, method,
                   rank() OVER (PARTITION BY indicator ORDER BY
                       CASE WHEN direction = 'lower' THEN -value ELSE value END DESC) AS peer_rank,
                   round(100 * cume_dist() OVER (PARTITION BY indicator ORDER BY
                       CASE WHEN direction = 'lower' THEN -value ELSE value END), 1) AS peer_percentile
            FROM peers
        )
        SELECT me.indicator, me.indicator_name, me.unit, me.direction, me.dimension, me.dimension_order,
               me.value, me.year, me.boundary, me.method, me.trend,
               s.peer_rank, s.peer_percentile,
               (SELECT count(*) FROM peers p WHERE p.indicator = me.indicator) AS peer_size,
               (SELECT median(value) FROM peers p WHERE p.indicator = me.indicator) AS peer_median,
               (SELECT list(DISTINCT year ORDER BY year) FROM peers p
                    WHERE p.indicator = me.indicator) AS years,
               (SELECT list(DISTINCT boundary ORDER BY boundary) FROM peers p
                    WHERE p.indicator = me.indicator) AS boundaries,
               (SELECT list(DISTINCT method ORDER BY method) FROM peers p WHERE p.indicator = me.indicator)
                   AS methods
        FROM me JOIN scored s ON s.indicator = me.indicator AND s.city = me.city
        ORDER BY me.dimension_order, me.indicator
        """,
        [city],
        cap=ROW_CAP,
    )


def strategies(
    release: Release,
    *,
    q: str = "",
    dimension: str = "",
    level: str = "",
    sdg: int | None = None,
    city: str = "",
    limit: int = 25,
    offset: int = 0,
) -> tuple[int, list[dict]]:
    """Strategies matching every word of `q` (title, summary, city) and the filters; (total, page)."""
    conditions, params = ["true"], []
    for word in q.split()[:10]:
        conditions.append("(s.title || ' ' || s.summary || ' ' || c.name) ILIKE ?")
        params.append(f"%{word}%")
    if dimension:
        conditions.append("list_contains(s.dimensions, ?)")
        params.append(dimension)
    if level:
        conditions.append("s.level = ?")
        params.append(level)
    if sdg:
        conditions.append("list_contains(s.sdgs, ?)")
        params.append(sdg)
    if city:
        conditions.append("s.city = ?")
        params.append(city)
    where = " AND ".join(conditions)
    base = f"FROM strategies s JOIN cities c ON c.code = s.city WHERE {where}"
    total = fetch(release.directory, f"SELECT count(*) {base}", params)[1][0][0]
    rows = fetch_dicts(
        release.directory,
        f"SELECT s.*, c.name AS city_name {base} ORDER BY c.name, s.title LIMIT ? OFFSET ?",
        [*params, min(limit, ROW_CAP), offset],
    )
    return total, rows


def observations(
    release: Release,
    *,
    city: str = "",
    indicator: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[dict]]:
    """Observations of a release, filtered; (total, one page)."""
    conditions, params = ["true"], []
    for column, value in (("city", city), ("indicator", indicator)):
        if value:
            conditions.append(f"{column} = ?")
            params.append(value)
    if year_from is not None:
        conditions.append("year >= ?")
        params.append(year_from)
    if year_to is not None:
        conditions.append("year <= ?")
        params.append(year_to)
    where = " AND ".join(conditions)
    total = fetch(release.directory, f"SELECT count(*) FROM observations WHERE {where}", params)[1][0][0]
    rows = fetch_dicts(
        release.directory,
        "SELECT city, indicator, year, value, boundary, method, source, note FROM observations "
        f"WHERE {where} ORDER BY indicator, city, year, boundary LIMIT ? OFFSET ?",
        [*params, limit, offset],
        cap=ROW_CAP,
    )
    return total, rows


def map_points(release: Release, *, indicator: str, year: int) -> list[dict]:
    return fetch_dicts(
        release.directory,
        "SELECT r.city, r.city_name, r.value, r.rank, r.percentile, c.latitude, c.longitude FROM ranking r "
        "JOIN cities c ON c.code = r.city WHERE r.indicator = ? AND r.year = ? AND c.latitude IS NOT NULL",
        [indicator, year],
        cap=ROW_CAP,
    )


def indicator_sources(release: Release, *, indicator: str) -> list[dict]:
    """The sources the release's values of an indicator cite, with how many values each: the
    metadata page lists them beside the catalogue's source."""
    return fetch_dicts(
        release.directory,
        "SELECT source, count(*) AS observations, count(DISTINCT city) AS cities FROM observations "
        "WHERE indicator = ? AND source <> '' GROUP BY source ORDER BY observations DESC, source LIMIT 50",
        [indicator],
    )
