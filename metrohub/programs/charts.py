"""Vega-Lite specs for the programs' pages. The data is inline and small; each chart has a
table beside it on the page, so the marks stay out of the accessibility tree."""

from django.utils.translation import gettext as _

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def _bars(*, description: str, values: list[dict], x: dict, y: dict, height: int = 180) -> dict:
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": "container",
        "height": height,
        "data": {"values": values},
        "mark": {"type": "bar", "aria": False, "color": "#1f5f8b"},
        "encoding": {"x": x, "y": y, "tooltip": [{"field": x["field"]}, {"field": y["field"]}]},
        "config": {"view": {"stroke": None}},
    }


def participants_by_gender(rows) -> dict:
    """`rows`: (value, label, count, share) as `GenderCounts.rows()` gives them."""
    return _bars(
        description=_("Participants by gender"),
        values=[{"gender": str(label), "participants": count} for _value, label, count, _share in rows],
        x={
            "field": "participants",
            "type": "quantitative",
            "title": _("Participants"),
            "axis": {"tickMinStep": 1},
        },
        y={"field": "gender", "type": "nominal", "title": None, "sort": None},
    )


def score_distribution(summary) -> dict:
    """How many answers gave each score (1–5) to one scale question."""
    return _bars(
        description=_("Answers by score"),
        values=[{"score": score, "answers": count} for score, count in summary.distribution.items()],
        x={"field": "score", "type": "ordinal", "title": _("Score (1–5)"), "axis": {"labelAngle": 0}},
        y={"field": "answers", "type": "quantitative", "title": _("Answers"), "axis": {"tickMinStep": 1}},
        height=140,
    )


def satisfaction_by_lab(rows) -> dict:
    values = [
        {"lab": row.lab.title, "satisfaction": float(row.satisfaction)}
        for row in rows
        if row.satisfaction is not None
    ]
    spec = _bars(
        description=_("Mean satisfaction by lab"),
        values=values,
        x={
            "field": "satisfaction",
            "type": "quantitative",
            "title": _("Mean satisfaction (1–5)"),
            "scale": {"domain": [0, 5]},
        },
        y={"field": "lab", "type": "nominal", "title": None, "sort": "-x"},
        height=max(60, 24 * len(values)),
    )
    return spec
