"""What a release holds, as both sides know it: its tables, their sort order, the peer groups and
their columns, the population bands. The publisher writes to this layout and the explorer, the
API and the selectors read it; this module imports neither side."""

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


def peer_columns(group: str) -> tuple[str, str, str]:
    """The ranking's rank, percentile and size columns of a peer group."""
    if group == "overall":
        return "rank", "percentile", "peers"
    return f"{group}_rank", f"{group}_percentile", f"{group}_size"
