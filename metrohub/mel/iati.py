"""The network's IATI 2.03 `iati-activities` document, published at a public URL.

One `iati-activity` (the network's work programme) holds one `result` per outcome, each with its
indicators: baseline, and per year the target and the actual, disaggregated by `dimension`
(name/value pairs, as IATI 2.03 allows). Computed actuals are the metrics' values at the time of
the export.

One more `iati-activity` per fund (the International Fund) carries the money: a budget per year
(the contributions pledged that year), and its transactions from the records — incoming funds
(contributions received, from their donors), commitments (grants awarded, to their grantees) and
disbursements (tranches paid) — with the donors as funding and the grantees as implementing
organisations. Synthetic records (the demo's) never appear.

The organisation identifier is `METROHUB_IATI_ORGANISATION`. Validate against the schema in
`shared/standards/iati-2.03/` (see `schema_path`).
"""

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from lxml import etree

from metrohub.finance.models import IncomeLine
from metrohub.fund.models import Contribution, Fund, Grant, Tranche
from metrohub.mel.models import Indicator
from metrohub.mel.selectors import framework, indicator_figures, periods

IATI_VERSION = "2.03"
SCHEMA_FILE = "iati-activities-schema.xsd"
# IATI codelists: IndicatorMeasure (1 unit, 2 percentage, 5 qualitative), ResultType (2 outcome),
# OrganisationType (21 international NGO), ActivityStatus (2 implementation),
# ActivityDateType (1 planned start, 3 planned end).
# TransactionType (1 incoming funds, 2 outgoing commitment, 3 disbursement), OrganisationRole
# (1 funding, 4 implementing), BudgetType 1 (original), BudgetStatus 2 (committed).
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


def _network() -> str:
    return settings.METROHUB_NETWORK_NAME


def _org_ref() -> str:
    """The network's registered IATI identifier; until it sets one, a private-use one ("XI-")."""
    return settings.METROHUB_IATI_ORGANISATION or f"XI-METROHUB-{slugify(_network()).upper()}"


def _activity(root, now: str, identifier: str):
    """An `iati-activity` with its identifier and the network as reporting organisation."""
    org_ref = _org_ref()
    activity = etree.SubElement(
        root,
        "iati-activity",
        **{
            "last-updated-datetime": now,
            "default-currency": "EUR",
            "{http://www.w3.org/XML/1998/namespace}lang": "en",
        },
    )
    etree.SubElement(activity, "iati-identifier").text = f"{org_ref}-{identifier}"
    reporting = etree.SubElement(activity, "reporting-org", ref=org_ref, type="21")
    etree.SubElement(reporting, "narrative").text = _network()
    return activity


def _organisation(parent, tag: str, name: str, **attributes):
    element = etree.SubElement(parent, tag, **attributes)
    etree.SubElement(element, "narrative").text = name
    return element


def _money(parent, tag: str, amount, on: dt.date) -> None:
    etree.SubElement(parent, tag, currency="EUR", **{"value-date": on.isoformat()}).text = _number(amount)


def _transaction(activity, code: str, on: dt.date, amount, *, provider: str = "", receiver: str = ""):
    transaction = etree.SubElement(activity, "transaction")
    etree.SubElement(transaction, "transaction-type", code=code)
    etree.SubElement(transaction, "transaction-date", **{"iso-date": on.isoformat()})
    _money(transaction, "value", amount, on)
    if provider:
        _organisation(transaction, "provider-org", provider)
    if receiver:
        _organisation(transaction, "receiver-org", receiver)


def fund_activity(root, now: str, fund: Fund) -> None:
    """The fund as an activity: budgets by year, then incoming funds, commitments, disbursements."""
    contributions = list(
        Contribution.objects.filter(fund=fund, synthetic=False).select_related("donor").order_by("year", "pk")
    )
    grants = list(
        Grant.objects.filter(fund=fund, synthetic=False)
        .select_related("application__organisation")
        .order_by("awarded_at", "pk")
    )
    # what donors paid in: the income ledger's lines under the agreements earmarked for the fund
    received = list(
        IncomeLine.objects.filter(agreement__fund_contribution__fund=fund, synthetic=False)
        .select_related("agreement__partner")
        .order_by("date", "pk")
    )
    tranches = list(
        Tranche.objects.filter(grant__in=grants, paid_on__isnull=False)
        .select_related("grant__application__organisation")
        .order_by("paid_on", "pk")
    )
    activity = _activity(root, now, f"FUND-{fund.pk}")
    _narrative(activity, "title", fund.name)
    _narrative(activity, "description", fund.description or fund.name)
    for donor in dict.fromkeys(c.donor.name for c in contributions):
        _organisation(activity, "participating-org", donor, role="1")
    _organisation(
        activity,
        "participating-org",
        _network(),
        ref=_org_ref(),
        role="4",
        type="21",
    )
    for grantee in dict.fromkeys(g.application.organisation.name for g in grants):
        _organisation(activity, "participating-org", grantee, role="4")
    etree.SubElement(activity, "activity-status", code="2")
    # The actual start is the first dated record of the fund's money; without one, the year of
    # its first pledge is the planned start (ActivityDateType 2 actual start, 1 planned start).
    dated = [c.pledged_on for c in contributions if c.pledged_on] + [line.date for line in received]
    dated += [g.awarded_at.date() for g in grants] + [t.paid_on for t in tranches]
    if dated:
        etree.SubElement(activity, "activity-date", type="2", **{"iso-date": min(dated).isoformat()})
    else:
        first = min((c.year for c in contributions), default=fund.created_at.year)
        etree.SubElement(
            activity, "activity-date", type="1", **{"iso-date": dt.date(first, 1, 1).isoformat()}
        )
    pledged: dict[int, object] = {}
    for contribution in contributions:
        pledged[contribution.year] = pledged.get(contribution.year, 0) + contribution.pledged_eur
    for year, amount in sorted(pledged.items()):
        budget = etree.SubElement(activity, "budget", type="1", status="2")
        etree.SubElement(budget, "period-start", **{"iso-date": dt.date(year, 1, 1).isoformat()})
        etree.SubElement(budget, "period-end", **{"iso-date": dt.date(year, 12, 31).isoformat()})
        _money(budget, "value", amount, dt.date(year, 1, 1))
    for line in received:
        _transaction(activity, "1", line.date, line.amount_eur, provider=line.agreement.partner.name)
    for grant in grants:
        _transaction(
            activity, "2", grant.awarded_at.date(), grant.amount, receiver=grant.application.organisation.name
        )
    for tranche in tranches:
        receiver = tranche.grant.application.organisation.name
        _transaction(activity, "3", tranche.paid_on, tranche.amount, receiver=receiver)


def document() -> etree._Element:
    now = timezone.now().replace(microsecond=0).isoformat()
    root = etree.Element("iati-activities", version=IATI_VERSION, **{"generated-datetime": now})
    activity = _activity(root, now, "SAP-2024-2026")
    _narrative(activity, "title", f"{_network()} Strategic Action Plan 2024–2026: results framework")
    _narrative(activity, "description", "Targets and results of the network's MEL framework, by action line.")
    _organisation(
        activity,
        "participating-org",
        _network(),
        ref=_org_ref(),
        role="4",
        type="21",
    )
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
    for fund in Fund.objects.filter(synthetic=False).order_by("pk"):
        fund_activity(root, now, fund)
    return root


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate(root: etree._Element, schema: Path) -> list[str]:
    """The schema's complaints about the document (none when it is valid)."""
    xsd = etree.XMLSchema(etree.parse(str(schema)))
    if xsd.validate(root):
        return []
    return [f"line {error.line}: {error.message}" for error in xsd.error_log]
