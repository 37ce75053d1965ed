"""Vega-Lite specs for the event pages; each chart has a table of the same figures beside it."""

from django.utils.translation import gettext as _

from metrohub.core.charts import base


def feedback_ratings(summary) -> dict:
    """How many attendees gave each overall rating (1–5)."""
    return base(
        _("Feedback answers by rating"),
        height=160,
        data={
            "values": [
                {"rating": f"{value} · {label}", "answers": count}
                for value, label, count in summary.by_rating
            ]
        },
        mark={"type": "bar", "aria": False, "color": "#1f5f8b"},
        encoding={
            "y": {"field": "rating", "type": "nominal", "title": None, "sort": None},
            "x": {
                "field": "answers",
                "type": "quantitative",
                "title": _("Answers"),
                "axis": {"tickMinStep": 1},
            },
            "tooltip": [{"field": "rating"}, {"field": "answers"}],
        },
    )
