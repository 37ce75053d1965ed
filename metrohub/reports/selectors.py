"""What the annual report shows for a year: figures from the metric registry, each beside the
figure a document declared, and the records the report lists (new members, partnerships, the
members by region with the board, the secretariat's staff). Nothing here is typed in."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from metrohub.core.metrics import REGISTRY, Part
from metrohub.core.models import DeclaredFigure, Region
from metrohub.network.metrics import board_offices
from metrohub.reports.sections import SECTIONS, Section


@dataclass(frozen=True)
class ReportFigure:
    key: str
    title: str
    unit: str
    value: Decimal | None
    records_url: str | None
    declared: DeclaredFigure | None
    parts: tuple[Part, ...] = ()

    @property
    def label(self) -> str:
        return self.declared.label if self.declared else self.title

    @property
    def declared_url(self) -> str | None:
        if self.declared is None:
            return None
        return f"{reverse('reports:sources', args=[self.declared.period])}#declared-{self.key}"

    @property
    def reconciliation_url(self) -> str | None:
        if self.declared is None:
            return None
        return f"{reverse('mel:reconciliation')}?year={self.declared.period}#declared-{self.key}"

    @property
    def difference(self) -> Decimal | None:
        if self.declared is None or self.value is None:
            return None
        return self.value - self.declared.value

    @property
    def differs(self) -> bool:
        return self.difference not in (None, 0)


@dataclass
class ReportSection:
    section: Section
    figures: list[ReportFigure] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.section.slug

    @property
    def title(self) -> str:
        return self.section.title

    def get(self, key: str) -> ReportFigure | None:
        return next((f for f in self.figures if f.key == key), None)


def section_keys(section: Section) -> list[str]:
    """The section's keys, then any other metric under its prefixes that no section names."""
    named = {key for other in SECTIONS for key in other.keys}
    extra = (
        sorted(k for k in REGISTRY if k.startswith(section.prefixes) and k not in named)
        if section.prefixes
        else []
    )
    return [*section.keys, *extra]


class UnregisteredMetric(LookupError):
    """A section names a metric no app registers: a wiring fault, said aloud, never skipped."""


def report_figure(key: str, year: int, declared: dict[str, DeclaredFigure]) -> ReportFigure:
    found = REGISTRY.get(key)
    if found is None:
        raise UnregisteredMetric(f"The report names the metric {key!r}, which no app registers.")
    return ReportFigure(
        key=key,
        title=found.title,
        unit=found.unit,
        value=found.compute(year).value,
        records_url=found.records_url(year) if found.records_url else None,
        declared=declared.get(key),
        parts=tuple(found.parts(year)),
    )


def report_sections(year: int) -> list[ReportSection]:
    declared = {d.key: d for d in DeclaredFigure.objects.filter(period=year).order_by("pk")}
    sections = []
    for section in SECTIONS:
        sections.append(
            ReportSection(section, [report_figure(key, year, declared) for key in section_keys(section)])
        )
    return sections


def _records(key: str, year: int):
    found = REGISTRY.get(key)
    return found.compute(year).records if found else None


def new_members(year: int) -> list:
    """The organisations behind the new-member figures, with their descriptions."""
    found = []
    for key in ("network.members.new", "network.associates.new"):
        records = _records(key, year)
        if records is not None:
            found.extend(records.select_related("region").order_by("name"))
    return found


def partnerships(year: int) -> list:
    records = _records("finance.agreements.total", year)
    return (
        list(records.select_related("partner").order_by("partner__name", "title"))
        if records is not None
        else []
    )


@dataclass
class RegionAnnex:
    region: Region
    members: list
    board: list


def members_by_region(year: int) -> list[RegionAnnex]:
    members = _records("network.members.total", year)
    if members is None:
        return []
    by_region = defaultdict(list)
    for organisation in members.order_by("name"):
        by_region[organisation.region_id].append(organisation)
    board = defaultdict(list)
    for office in board_offices(year).select_related("person", "organisation").order_by("person__name"):
        board[office.region_id].append(office)
    return [
        RegionAnnex(region, by_region.get(region.pk, []), board.get(region.pk, []))
        for region in Region.objects.all()
    ]


def staff(year: int) -> list:
    """The secretariat's staff for the public annex: names and positions only (no HR details)."""
    records = _records("people.staff.total", year)
    return list(records.order_by("pk").values("name", "position")) if records is not None else []
