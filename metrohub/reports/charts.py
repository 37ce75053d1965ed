"""Vega-Lite specs of the annual report. The page embeds them with vega-embed; the PDF gets the
same specs rendered to SVG by vl-convert. Their data is inline (no URL, no map), so vl-convert
renders them offline."""

from django.utils.translation import gettext as _

from metrohub.core.metrics import Part

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def _bars(*, description: str, rows: list[dict], x_title: str, y_title: str) -> dict:
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": 420,
        "height": {"step": 22},
        "data": {"values": rows},
        "mark": {"type": "bar", "color": "#0d6efd", "aria": False},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": None, "title": y_title},
            "x": {"field": "value", "type": "quantitative", "title": x_title},
            "tooltip": [{"field": "label", "title": y_title}, {"field": "value", "title": x_title}],
        },
        "config": {"view": {"stroke": None}, "font": "sans-serif"},
    }


def members_by_region(parts: list[Part]) -> dict:
    rows = [{"label": p.label, "value": float(p.value)} for p in parts if p.dimension == "region"]
    return _bars(description=_("Members by region"), rows=rows, x_title=_("Members"), y_title=_("Region"))


def income_by_source(figures: list) -> dict:
    rows = [{"label": f.title, "value": float(f.value)} for f in figures if f.value is not None]
    return _bars(description=_("Income by source, in EUR"), rows=rows, x_title=_("EUR"), y_title=_("Source"))


def staff_by_gender(parts: list[Part]) -> dict:
    rows = [{"label": p.label, "value": float(p.value)} for p in parts if p.dimension == "gender"]
    return _bars(
        description=_("Staff of the Secretariat General by gender"),
        rows=rows,
        x_title=_("People"),
        y_title=_("Gender"),
    )


def to_svg(spec: dict) -> str:
    """The chart as static SVG, drawn locally by vl-convert (no network)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec)
