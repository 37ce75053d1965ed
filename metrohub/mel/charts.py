"""Vega-Lite specs of the results framework. The data travel inside the spec: they are the rows
of the page's tables (`IndicatorFigures`), so the chart and the tables never disagree."""

from django.utils.translation import gettext as _

from metrohub.core.charts import base
from metrohub.mel.selectors import ActionLineFigures, Activity, Status

STATUS_COLOURS = {
    "domain": [str(Status.ON_TRACK.label), str(Status.AT_RISK.label), str(Status.OFF_TRACK.label)],
    "range": ["#2b8a3e", "#b7791f", "#c92a2a"],
}


def progress_rows(lines: list[ActionLineFigures]) -> list[dict]:
    """One row per indicator that has a status: its progress toward the target, in percent."""
    return [
        {
            "code": row.indicator.code,
            "indicator": row.indicator.title,
            "target": float(row.target.value),
            "result": float(row.result.value),
            "progress": float(row.progress_percent),
            "status": str(row.status.label),
        }
        for line in lines
        for row in line.rows
        if row.status is not None
    ]


def progress(lines: list[ActionLineFigures]) -> dict:
    """Each indicator's progress against its target as a bar, coloured by its status, with the
    target (100%) as a rule."""
    rows = progress_rows(lines)
    return base(
        _("Progress of each indicator against its target"),
        height={"step": 26},
        data={"values": rows},
        layer=[
            {
                "mark": {"type": "bar", "aria": False},
                "encoding": {
                    "y": {"field": "code", "type": "nominal", "sort": None, "title": _("Indicator")},
                    "x": {
                        "field": "progress",
                        "type": "quantitative",
                        "title": _("Progress toward the target (%)"),
                        "scale": {"domainMin": 0},
                    },
                    "color": {
                        "field": "status",
                        "type": "nominal",
                        "title": _("Status"),
                        "scale": STATUS_COLOURS,
                    },
                    "tooltip": [
                        {"field": "indicator", "title": _("Indicator")},
                        {"field": "target", "title": _("Target")},
                        {"field": "result", "title": _("Result")},
                        {"field": "progress", "title": _("Progress (%)")},
                        {"field": "status", "title": _("Status")},
                    ],
                },
            },
            {
                "mark": {"type": "rule", "color": "#212529", "strokeDash": [4, 3], "aria": False},
                "encoding": {"x": {"datum": 100}},
            },
        ],
    )


def activity_rows(activity: Activity) -> list[dict]:
    """One row per action line and kind of record: the table's counts (every action line stays on
    the axis, as in the table, even with nothing counted)."""
    from metrohub.core.action_lines import NO_ACTION_LINE

    return [
        {
            "line": _("None on record") if row.code == NO_ACTION_LINE else row.code,
            "label": row.label,
            "kind": title,
            "count": cell.value,
        }
        for row in activity.rows
        for (_key, title), cell in zip(activity.kinds, row.cells, strict=True)
    ]


def activity(activity: Activity) -> dict:
    """Activity per action line: a bar per action line, stacked by kind of record."""
    return base(
        _("Activity per action line: events, grants, publications, courses and projects"),
        height={"step": 28},
        data={"values": activity_rows(activity)},
        mark={"type": "bar", "aria": False},
        encoding={
            "y": {"field": "line", "type": "nominal", "sort": None, "title": _("Action line")},
            "x": {"field": "count", "type": "quantitative", "title": _("Records"), "stack": "zero"},
            "color": {"field": "kind", "type": "nominal", "title": _("Kind of record")},
            "tooltip": [
                {"field": "label", "title": _("Action line")},
                {"field": "kind", "title": _("Kind of record")},
                {"field": "count", "title": _("Records")},
            ],
        },
    )
