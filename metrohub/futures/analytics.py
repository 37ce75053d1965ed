"""The ranking analytics of a release, computed once when it is published (a release never
changes): per indicator and year the rank and percentile of every city overall and within its
region, population band and among members; each city's latest value per indicator with its
five-year trend; whether each strategy target is on track; and the API's tables, laid out in the
shape of its answers. Requests then only filter. Pure DuckDB SQL over the data tables: no Django.
"""

import duckdb

from metrohub.futures.release_schema import BOUNDARY_ORDER, PEER_GROUPS, peer_columns


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
