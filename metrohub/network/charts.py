"""Vega-Lite specs for the registry's pages. The data comes from a URL on this site."""

from django.utils.translation import gettext as _

from metrohub.core.charts import world_layer
from metrohub.network.models import MembershipPeriod


def members_map(*, data_url: str) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": _("Map of the network's members"),
        "width": "container",
        "height": 460,
        "projection": {"type": "equalEarth"},
        "layer": [
            world_layer(),
            {
                "data": {"url": data_url, "format": {"type": "json", "property": "members"}},
                # The member table is the accessible alternative: marks stay out of the
                # accessibility tree; the chart as a whole carries the description.
                "mark": {
                    "type": "point",
                    "filled": True,
                    "aria": False,
                    "size": 60,
                    "opacity": 0.85,
                    "stroke": "#ffffff",
                    "strokeWidth": 0.5,
                },
                "encoding": {
                    "longitude": {"field": "longitude", "type": "quantitative"},
                    "latitude": {"field": "latitude", "type": "quantitative"},
                    "color": {
                        "field": "region",
                        "type": "nominal",
                        "title": _("Region"),
                        "scale": {"scheme": "tableau10"},
                    },
                    "shape": {
                        "field": "category",
                        "type": "nominal",
                        "title": _("Category"),
                        "scale": {
                            "domain": [
                                str(MembershipPeriod.Category.FULL.label),
                                str(MembershipPeriod.Category.ASSOCIATE.label),
                            ],
                            "range": ["circle", "diamond"],
                        },
                    },
                    "tooltip": [
                        {"field": "name", "title": _("Name")},
                        {"field": "country", "title": _("Country")},
                        {"field": "region", "title": _("Region")},
                        {"field": "category", "title": _("Category")},
                    ],
                    "href": {"field": "url"},
                },
            },
        ],
        "config": {"view": {"stroke": None}, "legend": {"orient": "bottom", "columns": 3}},
    }
