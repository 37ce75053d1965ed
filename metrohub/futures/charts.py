"""Vega-Lite specs for the explorer. The data travel inside the spec (`values`): they are the same
rows as the page's table, so the chart and the table never disagree."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from metrohub.core.charts import world_layer

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
DIMENSION_COLOURS = {
    "domain": ["resilience", "inclusion", "governance", "innovation"],
    "range": ["#1b6ca8", "#b5446e", "#6a4c93", "#2a9d8f"],
}


def _base(description: str, height: int = 320) -> dict:
    return {"$schema": SCHEMA, "description": description, "width": "container", "height": height}


def series(*, rows: list[dict], indicator: dict) -> dict:
    """Values over time for the chosen cities; a dashed line marks another boundary."""
    return {
        **_base(_("%(indicator)s over time") % {"indicator": indicator["name"]}),
        "data": {"values": rows},
        "mark": {"type": "line", "point": True, "aria": False},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": _("Year")},
            "y": {"field": "value", "type": "quantitative", "title": indicator["unit"]},
            "color": {
                "field": "city_name",
                "type": "nominal",
                "title": _("City"),
                "scale": {"scheme": "tableau10"},
            },
            "strokeDash": {"field": "boundary", "type": "nominal", "title": _("Boundary")},
            "tooltip": [
                {"field": "city_name", "title": _("City")},
                {"field": "year", "title": _("Year")},
                {"field": "value", "title": _("Value")},
                {"field": "boundary", "title": _("Boundary")},
                {"field": "method", "title": pgettext("observation", "Method")},
            ],
        },
        "config": {"legend": {"orient": "bottom"}},
    }


def city_map(*, points: list[dict], indicator: dict, year: int | None = None) -> dict:
    """Each city at its coordinates, coloured by its percentile (darker is better)."""
    title = _("Map of %(indicator)s") % {"indicator": indicator["name"]}
    if year:
        title = _("Map of %(indicator)s, %(year)s") % {"indicator": indicator["name"], "year": year}
    return {
        **_base(title, height=380),
        "projection": {"type": "equalEarth"},
        "layer": [
            world_layer(),
            {
                "data": {"values": points},
                "mark": {
                    "type": "circle",
                    "size": 70,
                    "opacity": 0.9,
                    "stroke": "#333",
                    "strokeWidth": 0.4,
                    "aria": False,
                },
                "encoding": {
                    "longitude": {"field": "longitude", "type": "quantitative"},
                    "latitude": {"field": "latitude", "type": "quantitative"},
                    "color": {
                        "field": "percentile",
                        "type": "quantitative",
                        "title": _("Percentile"),
                        "scale": {"scheme": "viridis", "domain": [0, 100], "reverse": True},
                    },
                    "tooltip": [
                        {"field": "city_name", "title": _("City")},
                        {"field": "value", "title": _("Value")},
                        {"field": "rank", "title": _("Rank")},
                        {"field": "percentile", "title": _("Percentile")},
                    ],
                },
            },
        ],
        "config": {"view": {"stroke": None}},
    }


def percentiles(*, rows: list[dict], title: str) -> dict:
    """One bar per indicator: the city's percentile among its peers (100 is best)."""
    return {
        **_base(title, height=max(200, 18 * len(rows))),
        "data": {"values": rows},
        "mark": {"type": "bar", "aria": False},
        "encoding": {
            "y": {"field": "indicator_name", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "percentile",
                "type": "quantitative",
                "title": _("Percentile (100 is best)"),
                "scale": {"domain": [0, 100]},
            },
            "color": {
                "field": "dimension",
                "type": "nominal",
                "title": _("Dimension"),
                "scale": DIMENSION_COLOURS,
            },
            "tooltip": [
                {"field": "indicator_name", "title": _("Indicator")},
                {"field": "value", "title": _("Value")},
                {"field": "year", "title": _("Year")},
                {"field": "percentile", "title": _("Percentile")},
            ],
        },
        "config": {"legend": {"orient": "bottom"}},
    }


def compare(*, rows: list[dict]) -> dict:
    """The cities' percentiles side by side, one row per indicator."""
    return {
        **_base(
            _("Cities compared by percentile"), height=max(200, 18 * len({r["indicator"] for r in rows}))
        ),
        "data": {"values": rows},
        "mark": {"type": "point", "filled": True, "size": 80, "aria": False},
        "encoding": {
            "y": {"field": "indicator_name", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "percentile",
                "type": "quantitative",
                "title": _("Percentile (100 is best)"),
                "scale": {"domain": [0, 100]},
            },
            "color": {
                "field": "city_name",
                "type": "nominal",
                "title": _("City"),
                "scale": {"scheme": "tableau10"},
            },
            "shape": {"field": "city_name", "type": "nominal", "title": _("City")},
            "tooltip": [
                {"field": "city_name", "title": _("City")},
                {"field": "indicator_name", "title": _("Indicator")},
                {"field": "value", "title": _("Value")},
                {"field": "percentile", "title": _("Percentile")},
            ],
        },
        "config": {"legend": {"orient": "bottom"}},
    }
