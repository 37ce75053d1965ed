"""Vega-Lite specs of the finance dashboard. The data of each chart are the rows of the table
beside it (the same selector's rows), so the chart and the table never disagree."""

from django.utils.translation import gettext as _

from metrohub.core.charts import base
from metrohub.finance.models import IncomeLine
from metrohub.finance.selectors import ArrearsRow, DuesYearRow, IncomeYearRow

SOURCE_COLOURS = ["#1b6ca8", "#2a9d8f", "#6a4c93"]


def _kinds() -> list[str]:
    return [_("In the records"), _("Synthetic (demo)")]


def income_values(rows: list[IncomeYearRow]) -> list[dict]:
    """Each year's income per source: the records' and, apart, the synthetic demo lines'."""
    records, synthetic = _kinds()
    return [
        {"year": str(row.year), "source": str(row.source.label), "kind": kind, "eur": float(amount)}
        for row in rows
        for kind, amount in ((records, row.recorded), (synthetic, row.synthetic))
        if amount
    ]


def income_by_source_and_year(rows: list[IncomeYearRow], *, years: list[int]) -> dict:
    """Each year's bars: the records' income stacked by source, and beside it, paler, the
    synthetic demo lines'."""
    sources = [str(label) for label in IncomeLine.Source.labels]
    kinds = _kinds()
    return base(
        _("Income by source and year, in EUR"),
        height=240,
        data={"values": income_values(rows)},
        mark={"type": "bar", "aria": False},
        encoding={
            "x": {
                "field": "year",
                "type": "ordinal",
                "title": _("Year"),
                "axis": {"labelAngle": 0},
                "scale": {"domain": [str(year) for year in years]},
            },
            "xOffset": {"field": "kind", "scale": {"domain": kinds}},
            "y": {"field": "eur", "type": "quantitative", "title": _("EUR"), "axis": {"format": "~s"}},
            "color": {
                "field": "source",
                "type": "nominal",
                "title": _("Source of income"),
                "scale": {"domain": sources, "range": SOURCE_COLOURS},
            },
            "opacity": {
                "field": "kind",
                "type": "nominal",
                "title": None,
                "scale": {"domain": kinds, "range": [1, 0.45]},
                "legend": {"orient": "top", "symbolFillColor": "#1b6ca8"},
            },
            "tooltip": [
                {"field": "year", "title": _("Year")},
                {"field": "source", "title": _("Source of income")},
                {"field": "kind", "title": " "},
                {"field": "eur", "title": _("EUR"), "format": ",.0f"},
            ],
        },
    )


def dues_values(rows: list[DuesYearRow]) -> list[dict]:
    issued, paid = _("Issued"), _("Paid")
    return [
        {"year": str(row.year), "what": what, "invoices": count}
        for row in rows
        for what, count in ((issued, row.issued), (paid, row.paid))
    ]


def dues_paid_against_issued(rows: list[DuesYearRow]) -> dict:
    return base(
        _("Invoices for dues issued and paid, year by year"),
        height=220,
        data={"values": dues_values(rows)},
        mark={"type": "bar", "aria": False},
        encoding={
            "x": {"field": "year", "type": "ordinal", "title": _("Year"), "axis": {"labelAngle": 0}},
            "xOffset": {"field": "what", "sort": None},
            "y": {
                "field": "invoices",
                "type": "quantitative",
                "title": _("Invoices"),
                "axis": {"tickMinStep": 1},
            },
            "color": {
                "field": "what",
                "type": "nominal",
                "title": None,
                "sort": None,
                "scale": {"range": ["#adb5bd", "#2b8a3e"]},
            },
            "tooltip": [
                {"field": "year", "title": _("Year")},
                {"field": "what", "title": " "},
                {"field": "invoices", "title": _("Invoices")},
            ],
        },
    )


def arrears_values(rows: list[ArrearsRow]) -> list[dict]:
    return [{"region": row.region, "invoices": row.invoices} for row in rows]


def arrears_by_region(rows: list[ArrearsRow]) -> dict:
    return base(
        _("Invoices in arrears by region"),
        height={"step": 26},
        data={"values": arrears_values(rows)},
        mark={"type": "bar", "aria": False, "color": "#c92a2a"},
        encoding={
            "y": {"field": "region", "type": "nominal", "sort": None, "title": None},
            "x": {
                "field": "invoices",
                "type": "quantitative",
                "title": _("Invoices in arrears"),
                "axis": {"tickMinStep": 1},
            },
            "tooltip": [
                {"field": "region", "title": _("Region")},
                {"field": "invoices", "title": _("Invoices in arrears")},
            ],
        },
    )
