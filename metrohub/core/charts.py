"""What the apps' Vega-Lite specs share."""

from django.templatetags.static import static


def world_layer() -> dict:
    """The countries, drawn pale under a map's marks (Natural Earth via the vendored world-atlas)."""
    return {
        "data": {
            "url": static("vendor/world-atlas/countries-110m.json"),
            "format": {"type": "topojson", "feature": "countries"},
        },
        "mark": {
            "type": "geoshape",
            "fill": "#e9ecef",
            "stroke": "#ffffff",
            "strokeWidth": 0.5,
            "aria": False,
        },
    }


SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def base(description: str, **spec) -> dict:
    """What every page chart shares: the container's width (so it resizes with the page, down to a
    phone's), the legend under the plot, no frame. The marks stay out of the accessibility tree:
    each chart names itself and points to a table of the same figures."""
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        **spec,
        "config": {"view": {"stroke": None}, "legend": {"orient": "bottom"}, "font": "sans-serif"},
    }
