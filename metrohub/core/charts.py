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
