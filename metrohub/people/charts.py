"""Vega-Lite spec of the headcount page. Its data are the rows of the page's table (the same
`Headcount` of each year), so the chart and the table never disagree."""

from django.utils.translation import gettext as _

from metrohub.core.charts import base
from metrohub.people.models import StaffMember
from metrohub.people.selectors import YearHeadcount

GENDER_COLOURS = ["#6a4c93", "#1b6ca8", "#2a9d8f", "#adb5bd"]


def gender_columns() -> list[tuple[str, str]]:
    """The table's and the chart's columns: each gender, then "not recorded"."""
    return [*((value, str(label)) for value, label in StaffMember.Gender.choices), ("", _("Not recorded"))]


def table_rows(counts: list[YearHeadcount]) -> list[dict]:
    """One row per year: the staff in post by gender, and in all."""
    return [
        {
            "year": year.period,
            "genders": [
                year.by_gender[value] if value else year.unrecorded_gender
                for value, _label in gender_columns()
            ],
            "total": year.total,
        }
        for year in counts
    ]


def headcount_over_time(counts: list[YearHeadcount]) -> dict:
    """Staff in post each year, stacked by gender."""
    labels = [label for _value, label in gender_columns()]
    values = [
        {"year": str(row["year"]), "gender": label, "staff": count}
        for row in table_rows(counts)
        for label, count in zip(labels, row["genders"], strict=True)
    ]
    return base(
        _("Staff in post by gender, year by year"),
        height=220,
        data={"values": values},
        mark={"type": "bar", "aria": False},
        encoding={
            "x": {"field": "year", "type": "ordinal", "title": _("Year"), "axis": {"labelAngle": 0}},
            "y": {
                "field": "staff",
                "type": "quantitative",
                "title": _("Staff in post"),
                "stack": "zero",
                "axis": {"tickMinStep": 1},
            },
            "color": {
                "field": "gender",
                "type": "nominal",
                "title": _("Gender"),
                "sort": labels,
                "scale": {"domain": labels, "range": GENDER_COLOURS},
            },
            "tooltip": [
                {"field": "year", "title": _("Year")},
                {"field": "gender", "title": _("Gender")},
                {"field": "staff", "title": _("Staff in post")},
            ],
        },
    )
