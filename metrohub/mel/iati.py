"""The results framework as an IATI 2.03 `iati-activities` document.

One `iati-activity` (the network's work programme) holds one `result` per outcome, each with its
indicators: baseline, and per year the target and the actual, disaggregated by `dimension`
(name/value pairs, as IATI 2.03 allows). Computed actuals are the metrics' values at the time of
the export. Validate against the schema in `shared/standards/iati-2.03/` (see `schema_path`).
"""

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from lxml import etree

from metrohub.mel.models import Indicator
from metrohub.mel.selectors import framework, indicator_figures, periods

IATI_VERSION = "2.03"
SCHEMA_FILE = "iati-activities-schema.xsd"
# IATI codelists: IndicatorMeasure (1 unit, 2 percentage, 5 qualitative), ResultType (2 outcome),
# OrganisationType (21 international NGO), ActivityStatus (2 implementation),
# ActivityDateType (1 planned start, 3 planned end).
MEASURE = {"percent": "2"}
QUALITATIVE = "5"
UNIT = "1"


def schema_path() -> Path | None:
    """`shared/standards/iati-2.03/` beside this checkout or a folder above it (or METROHUB_STANDARDS_DIR)."""
    if folder := os.environ.get("METROHUB_STANDARDS_DIR"):
        candidate = Path(folder) / "iati-2.03" / SCHEMA_FILE
        return candidate if candidate.exists() else None
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "standards" / "iati-2.03" / SCHEMA_FILE
        if candidate.exists():
            return candidate
    return None


def _narrative(parent, tag: str, text: str):
    element = etree.SubElement(parent, tag)
    etree.SubElement(element, "narrative").text = text
    return element


def _number(value) -> str:
    return f"{value.normalize():f}" if value is not None else ""


def _dimensions(element, parts) -> None:
    for dimension, code in parts:
        etree.SubElement(element, "dimension", name=dimension, value=code)


def _value(parent, tag: str, value, *, comment: str = "", dimensions=()) -> None:
    element = etree.SubElement(parent, tag)
    if value is not None:
        element.set("value", _number(value))
    _dimensions(element, dimensions)
    if comment:
        _narrative(element, "comment", comment)


def _indicator(result, indicator: Indicator, years: list[int]) -> None:
    qualitative = indicator.kind == Indicator.Kind.QUALITATIVE
    measure = QUALITATIVE if qualitative else MEASURE.get(indicator.unit, UNIT)
    attributes = {"measure": measure}
    if indicator.direction != Indicator.Direction.NONE and not qualitative:
        attributes["ascending"] = "1" if indicator.direction == Indicator.Direction.UP else "0"
    element = etree.SubElement(result, "indicator", **attributes)
    _narrative(element, "title", f"{indicator.code} {indicator.title}")
    if indicator.description:
        _narrative(element, "description", indicator.description)
    if indicator.baseline_period is not None:
        baseline = etree.SubElement(element, "baseline", year=str(indicator.baseline_period))
        if indicator.baseline_value is not None:
            baseline.set("value", _number(indicator.baseline_value))
    for year in years:
        figures = indicator_figures(indicator, year, declared={})
        has_actual = figures.result is not None and (
            figures.result.value is not None or figures.result.narrative
        )
        if not (figures.target or figures.target_parts or has_actual or figures.result_parts):
            continue
        period = etree.SubElement(element, "period")
        etree.SubElement(period, "period-start", **{"iso-date": dt.date(year, 1, 1).isoformat()})
        etree.SubElement(period, "period-end", **{"iso-date": dt.date(year, 12, 31).isoformat()})
        for target in [figures.target, *figures.target_parts]:
            if target is not None:
                parts = [(target.dimension, target.dimension_value)] if target.dimension else []
                _value(period, "target", target.value, dimensions=parts)
        if has_actual:
            _value(period, "actual", figures.result.value, comment=figures.result.narrative)
        for part in figures.parts:
            _value(period, "actual", part.value, dimensions=[(part.dimension, part.code)])
        for stored in figures.result_parts:
            _value(
                period,
                "actual",
                stored.value,
                comment=stored.narrative,
                dimensions=[(stored.dimension, stored.dimension_value)],
            )


def document() -> etree._Element:
    now = timezone.now().replace(microsecond=0).isoformat()
    root = etree.Element("iati-activities", version=IATI_VERSION, **{"generated-datetime": now})
    activity = etree.SubElement(
        root,
        "iati-activity",
        **{
            "last-updated-datetime": now,
            "default-currency": "EUR",
            "{http://www.w3.org/XML/1998/namespace}lang": "en",
        },
    )
    # The network's real IATI organisation identifier is for the secretariat to set.
    network = settings.METROHUB_NETWORK_NAME
    org_ref = getattr(settings, "METROHUB_IATI_ORGANISATION", "") or f"XI-METROHUB-{slugify(network).upper()}"
    etree.SubElement(activity, "iati-identifier").text = f"{org_ref}-SAP-2024-2026"
    reporting = etree.SubElement(activity, "reporting-org", ref=org_ref, type="21")
    etree.SubElement(reporting, "narrative").text = network
    _narrative(activity, "title", f"{network} Strategic Action Plan 2024–2026: results framework")
    _narrative(activity, "description", "Targets and results of the network's MEL framework, by action line.")
    participating = etree.SubElement(activity, "participating-org", ref=org_ref, role="4", type="21")
    etree.SubElement(participating, "narrative").text = network
    etree.SubElement(activity, "activity-status", code="2")
    etree.SubElement(activity, "activity-date", type="1", **{"iso-date": "2024-01-01"})
    etree.SubElement(activity, "activity-date", type="3", **{"iso-date": "2026-12-31"})
    years = periods()
    for line in framework():
        for outcome in line.outcomes.all():
            result = etree.SubElement(activity, "result", type="2", **{"aggregation-status": "0"})
            _narrative(result, "title", f"{line.code} · {outcome.code} {outcome.title}")
            for indicator in outcome.indicators.all():
                _indicator(result, indicator, years)
    return root


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate(root: etree._Element, schema: Path) -> list[str]:
    """The schema's complaints about the document (none when it is valid)."""
    xsd = etree.XMLSchema(etree.parse(str(schema)))
    if xsd.validate(root):
        return []
    return [f"line {error.line}: {error.message}" for error in xsd.error_log]
