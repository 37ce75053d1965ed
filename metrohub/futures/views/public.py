"""The public explorer. Every page reads one published release (the latest, or `?release=N`),
keeps its state in the query string (the URL is the permalink), and has `?format=csv` and
`?format=json` twins made from the same rows as its table, and an embeddable chart (`public_twins`)."""

from django.http import Http404
from django.utils.translation import gettext as _

from metrohub.core.access import public
from metrohub.core.pagination import paginate_query
from metrohub.futures import charts, selectors
from metrohub.futures.chart_files import credit_of
from metrohub.futures.models import Release, Strategy
from metrohub.futures.views import validators
from metrohub.futures.views.public_twins import (
    View,
    embeddable,
    int_param,
    requested_release,
    respond,
    respond_embed,
)

MAX_COMPARED = 6
SERIES_CITIES = 5


# Builders: one per view, shared by the page, its twins and its embed -------------------------


def _home(request, release: Release) -> View:
    catalogue = selectors.catalogue(release)
    by_dimension = [
        (d, [i for i in catalogue.indicators if i["dimension"] == d["code"]]) for d in catalogue.dimensions
    ]
    return View(
        template="futures/home.html",
        filename="indicators",
        columns=["code", "name", "unit", "direction", "dimension", "sdg_target", "iso37120_theme", "umf_ref"],
        rows=catalogue.indicators,
        context={"by_dimension": by_dimension, "cities": catalogue.cities, "catalogue": catalogue},
    )


def _indicator(request, release: Release, code: str) -> View:
    catalogue = selectors.catalogue(release)
    indicator = catalogue.indicator(code)
    if indicator is None:
        raise Http404
    years = catalogue.years.get(code, [])
    year = int_param(request.GET.get("year"), years[-1] if years else None)
    group = request.GET.get("group", "overall")
    group = group if group in selectors.GROUPS else "overall"
    region, band = request.GET.get("region", ""), request.GET.get("band", "")
    members = request.GET.get("members") == "1"
    rows = selectors.ranking(
        release, indicator=code, year=year or 0, group=group, region=region, band=band, members=members
    )
    chosen = [c for c in request.GET.getlist("cities") if c][:MAX_COMPARED] or [
        r["city"] for r in rows[:SERIES_CITIES]
    ]
    series = selectors.series(release, indicator=code, cities=chosen)
    map_spec = charts.city_map(
        points=selectors.map_points(release, indicator=code, year=year or 0), indicator=indicator, year=year
    )
    return View(
        template="futures/indicator.html",
        filename=f"{code}-{year}",
        columns=[
            "rank",
            "city",
            "city_name",
            "country",
            "region",
            "band",
            "member",
            "value",
            "boundary",
            "method",
            "percentile",
            "peer_rank",
            "peer_percentile",
            "peer_size",
        ],
        rows=rows,
        spec=charts.series(rows=series, indicator=indicator),
        charts={"map": map_spec},
        credit=credit_of([indicator]),
        context={
            "indicator": indicator,
            "catalogue": catalogue,
            "years": years,
            "year": year,
            "group": group,
            "groups": _groups(),
            "region": region,
            "band": band,
            "bands": selectors.BAND_ORDER,
            "members": members,
            "chosen": chosen,
            "map_spec": map_spec,
        },
    )


def _credit(catalogue, rows: list[dict]):
    """The sources and licences of the indicators a chart's rows show."""
    shown = {row["indicator"] for row in rows}
    return credit_of([i for i in catalogue.indicators if i["code"] in shown])


def _groups() -> list[tuple[str, str]]:
    return [
        ("overall", _("All cities")),
        ("region", _("Same region")),
        ("band", _("Same population band")),
        ("members", _("Members only")),
    ]


def _city(request, release: Release, code: str) -> View:
    catalogue = selectors.catalogue(release)
    city = catalogue.city(code)
    if city is None:
        raise Http404
    group = request.GET.get("group", "overall")
    group = group if group in selectors.GROUPS else "overall"
    rows = selectors.profile(release, city=code)
    prefix = "" if group == "overall" else f"{group}_"
    for row in rows:
        row["peer_percentile"] = row[f"{prefix}percentile"]
        row["peer_rank"] = row[f"{prefix}rank"]
        row["peer_size"] = row[f"{prefix}size" if prefix else "peers"]
    chart_rows = [{**r, "percentile": r["peer_percentile"]} for r in rows if r["peer_percentile"] is not None]
    return View(
        template="futures/city.html",
        filename=code,
        columns=[
            "indicator",
            "indicator_name",
            "unit",
            "dimension",
            "year",
            "value",
            "boundary",
            "method",
            "peer_rank",
            "peer_size",
            "peer_percentile",
            "trend",
            "slope",
            "change",
        ],
        rows=rows,
        spec=charts.percentiles(
            rows=chart_rows, title=_("%(city)s: percentile by indicator") % {"city": city["name"]}
        ),
        credit=_credit(catalogue, chart_rows),
        context={
            "city": city,
            "group": group,
            "groups": _groups(),
            "strategies": selectors.city_strategies(release, city=code),
        },
    )


def _chosen_cities(request, catalogue) -> tuple[list[str], str]:
    known = catalogue.cities_by_code()
    chosen = list(dict.fromkeys(c for c in request.GET.getlist("cities") if c in known))
    note = ""
    if len(chosen) > MAX_COMPARED:
        note = _("Only the first %(n)d cities are compared.") % {"n": MAX_COMPARED}
        chosen = chosen[:MAX_COMPARED]
    return chosen, note


def _compare(request, release: Release) -> View:
    catalogue = selectors.catalogue(release)
    chosen, note = _chosen_cities(request, catalogue)
    rows = selectors.compare(release, cities=chosen) if len(chosen) >= 2 else []
    table: dict[str, dict] = {}
    for row in rows:
        line = table.setdefault(row["indicator"], {"indicator": row, "cells": {}})
        line["cells"][row["city"]] = row
    names = catalogue.cities_by_code()
    return View(
        template="futures/compare.html",
        filename="compare-" + "-".join(chosen),
        columns=[
            "city",
            "city_name",
            "indicator",
            "indicator_name",
            "unit",
            "year",
            "value",
            "boundary",
            "method",
            "percentile",
            "trend",
        ],
        rows=rows,
        spec=charts.compare(rows=rows) if rows else None,
        credit=_credit(catalogue, rows),
        context={
            "catalogue": catalogue,
            "chosen": chosen,
            "chosen_cities": [names[c] for c in chosen],
            "table": [(line["indicator"], [line["cells"].get(c) for c in chosen]) for line in table.values()],
            "note": note,
            "too_few": len(chosen) < 2,
        },
    )


def _benchmark(request, release: Release) -> View:
    catalogue = selectors.catalogue(release)
    code = request.GET.get("city", "")
    city = catalogue.city(code)
    group = request.GET.get("group", "region")
    group = group if group in selectors.GROUPS else "region"
    rows = selectors.benchmark(release, city=code, group=group) if city else []
    for row in rows:
        row["warnings"] = _warnings(row)
    chart_rows = [{**r, "percentile": r["peer_percentile"]} for r in rows]
    return View(
        template="futures/benchmark.html",
        filename=f"benchmark-{code}-{group}",
        columns=[
            "indicator",
            "indicator_name",
            "unit",
            "year",
            "value",
            "boundary",
            "method",
            "peer_size",
            "peer_rank",
            "peer_percentile",
            "peer_median",
            "warnings",
        ],
        rows=rows,
        spec=charts.percentiles(rows=chart_rows, title=_("Where the city stands among its peers"))
        if rows
        else None,
        credit=_credit(catalogue, chart_rows),
        context={"catalogue": catalogue, "city": city, "group": group, "groups": _groups()},
    )


def _warnings(row: dict) -> list[str]:
    """Why a comparison may mislead: peers' values from other years, boundaries or methods."""
    found = []
    if len(row["years"]) > 1:
        found.append(_("years differ: %(values)s") % {"values": ", ".join(map(str, row["years"]))})
    if len(row["boundaries"]) > 1:
        found.append(_("boundaries differ: %(values)s") % {"values": ", ".join(row["boundaries"])})
    if len(row["methods"]) > 1:
        found.append(_("methods differ: %(values)s") % {"values": ", ".join(row["methods"])})
    return found


def _strategies(request, release: Release) -> View:
    catalogue = selectors.catalogue(release)
    filters = {
        "q": request.GET.get("q", "")[:200],
        "dimension": request.GET.get("dimension", ""),
        "level": request.GET.get("level", ""),
        "sdg": int_param(request.GET.get("sdg")),
        "city": request.GET.get("city", ""),
    }

    def fetch(limit: int, offset: int):
        return selectors.strategies(release, **filters, limit=limit, offset=offset)

    if request.GET.get("format") in ("csv", "json"):
        total, rows = fetch(selectors.ROW_CAP, 0)
        page = None
    else:
        page, rows = paginate_query(request, fetch, per_page=25)
        total = page.paginator.count
    return View(
        template="futures/strategies.html",
        filename="strategies",
        columns=[
            "city",
            "city_name",
            "title",
            "level",
            "year_adopted",
            "horizon",
            "dimensions",
            "sdgs",
            "link",
            "summary",
        ],
        rows=rows,
        context={
            "catalogue": catalogue,
            "filters": filters,
            "total": total,
            "page": page,
            "levels": Strategy.Level.choices,
            "sdgs": range(1, 18),
        },
    )


# Views -----------------------------------------------------------------------------------------


@public
@validators.explorer_page
def home(request):
    return respond(request, requested_release(request), lambda release: _home(request, release))


@public
@validators.explorer_page
def indicator(request, indicator: str):
    return respond(
        request, requested_release(request), lambda release: _indicator(request, release, indicator)
    )


@public
@validators.explorer_page
def city(request, city: str):
    return respond(request, requested_release(request), lambda release: _city(request, release, city))


@public
@validators.explorer_page
def compare(request):
    return respond(request, requested_release(request), lambda release: _compare(request, release))


@public
@validators.explorer_page
def benchmark(request):
    return respond(request, requested_release(request), lambda release: _benchmark(request, release))


@public
@validators.explorer_page
def strategies(request):
    return respond(request, requested_release(request), lambda release: _strategies(request, release))


@embeddable
@validators.explorer_page
def embed_indicator(request, indicator: str):
    return respond_embed(request, lambda release: _indicator(request, release, indicator))


@embeddable
@validators.explorer_page
def embed_city(request, city: str):
    return respond_embed(request, lambda release: _city(request, release, city))


@embeddable
@validators.explorer_page
def embed_compare(request):
    return respond_embed(request, lambda release: _compare(request, release))


@embeddable
@validators.explorer_page
def embed_benchmark(request):
    return respond_embed(request, lambda release: _benchmark(request, release))
