"""Vega-Lite specs for the fund's pages, with their data inline (a handful of figures)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from metrohub.fund.selectors import FundSummary


def fund_bars(summary: FundSummary) -> dict:
    rows = [
        (_("Raised"), summary.raised),
        (_("Committed"), summary.committed),
        (_("Disbursed"), summary.disbursed),
        (_("Available"), summary.available),
    ]
    if summary.target:
        rows.insert(0, (pgettext("fund", "Target"), summary.target))
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": _("The fund's money, in euros"),
        "width": "container",
        "height": {"step": 34},
        "data": {"values": [{"what": what, "eur": float(amount)} for what, amount in rows]},
        "mark": {"type": "bar", "aria": False, "color": "#1f5f8b"},
        "encoding": {
            "y": {"field": "what", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "eur", "type": "quantitative", "title": _("EUR"), "axis": {"format": ",.0f"}},
            "tooltip": [
                {"field": "what", "title": " "},
                {"field": "eur", "title": _("EUR"), "format": ",.0f"},
            ],
        },
    }
