"""Vega-Lite spec of a call's scores and decisions. Its data are the rows of the page's table of
scores per criterion (`decision_table`), so the chart and the table never disagree."""

from decimal import Decimal

from django.utils.translation import gettext as _

from metrohub.calls.selectors import DecisionRow
from metrohub.core.charts import base


def criterion_rows(criteria: list, rows: list[DecisionRow]) -> list[dict]:
    """One row per application and criterion it was scored on: the mean score, and that score as
    a share of the criterion's highest."""
    return [
        {
            "application": row.application.organisation.name,
            "criterion": criterion.name,
            "score": float(score),
            "highest": criterion.max_score,
            "percent": float((score * 100 / criterion.max_score).quantize(Decimal(1))),
        }
        for row in rows
        for criterion, score in zip(criteria, row.criteria, strict=True)
        if score is not None
    ]


def scores_per_criterion(criteria: list, rows: list[DecisionRow]) -> dict:
    """Each application's mean score on each criterion, as a share of its highest score."""
    names = [criterion.name for criterion in criteria]
    return base(
        _("Mean score per criterion, by application"),
        height={"step": 14},
        data={"values": criterion_rows(criteria, rows)},
        mark={"type": "bar", "aria": False},
        encoding={
            "y": {
                "field": "application",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 160},
            },
            "yOffset": {"field": "criterion", "sort": names},
            "x": {
                "field": "percent",
                "type": "quantitative",
                "title": _("Mean score, as a share of the highest (%)"),
                "scale": {"domain": [0, 100]},
            },
            "color": {
                "field": "criterion",
                "type": "nominal",
                "title": _("Criterion"),
                "sort": names,
                "scale": {"scheme": "tableau10"},
                "legend": {"columns": 1, "labelLimit": 280},
            },
            "tooltip": [
                {"field": "application", "title": _("Application")},
                {"field": "criterion", "title": _("Criterion")},
                {"field": "score", "title": _("Mean score")},
                {"field": "highest", "title": _("Highest score")},
            ],
        },
    )
