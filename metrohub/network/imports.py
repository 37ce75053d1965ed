"""Import organisations or people from CSV/XLSX: validate every row, then all or nothing."""

import hashlib
from dataclasses import dataclass, field

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError, RowErrors
from metrohub.core.imports import dry_run, whole_number, write_rows
from metrohub.core.models import Region
from metrohub.core.permissions import ensure_allowed
from metrohub.core.tabular import read_table
from metrohub.core.text import normalise_name
from metrohub.network import services
from metrohub.network.models import MembershipPeriod, Organisation, OrganisationAlias, Person, Position
from metrohub.network.permissions import can_import

ORGANISATION_COLUMNS = [
    "name",
    "kind",
    "country",
    "region",
    "category",
    "status",
    "joined",
    "population",
    "description",
    "website",
    "aliases",
]
PEOPLE_COLUMNS = ["name", "organisation", "role", "title", "email", "phone", "gender"]
KINDS = {"organisations": ORGANISATION_COLUMNS, "people": PEOPLE_COLUMNS}


@dataclass
class Preview:
    kind: str
    file_name: str
    sha256: str
    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _country(value: str) -> str | None:
    if not value:
        return None
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return None


def _regions() -> dict[str, Region]:
    regions = {}
    for region in Region.objects.all():
        regions[normalise_name(region.code)] = region
        regions[normalise_name(region.name)] = region
    return regions


def _validate_organisations(rows, errors) -> list[tuple[int, dict]]:
    regions = _regions()
    known = dict(OrganisationAlias.objects.values_list("key", "organisation__name"))
    seen: dict[str, int] = {}
    clean = []
    for number, row in rows:
        problems = []
        name = row.get("name", "")
        if not name:
            problems.append(_("missing name"))
        kind = row.get("kind", "").lower() or Organisation.Kind.CITY
        if kind not in Organisation.Kind.values:
            problems.append(_("unknown kind “%(kind)s”") % {"kind": row.get("kind")})
        country = _country(row.get("country", ""))
        if country is None:
            problems.append(_("unknown country “%(country)s”") % {"country": row.get("country", "")})
        region = regions.get(normalise_name(row.get("region", "")))
        if region is None:
            problems.append(_("unknown region “%(region)s”") % {"region": row.get("region", "")})
        category = row.get("category", "").lower()
        if category and category not in MembershipPeriod.Category.values:
            problems.append(_("unknown category “%(category)s”") % {"category": row.get("category")})
        status = row.get("status", "").lower() or MembershipPeriod.Status.ACTIVE
        if status not in MembershipPeriod.Status.values:
            problems.append(_("unknown status “%(status)s”") % {"status": row.get("status")})
        joined = whole_number(row.get("joined", ""))
        if row.get("joined") and not (joined is not None and 1900 <= joined <= 2100):
            problems.append(_("joined must be a year, not “%(joined)s”") % {"joined": row.get("joined")})
        population = whole_number(row.get("population", "").replace(",", "").replace(" ", ""))
        if row.get("population") and population is None:
            problems.append(_("population must be a whole number"))
        aliases = [a.strip() for a in row.get("aliases", "").split("|") if a.strip()]
        for spelling in [name, *aliases] if name else aliases:
            key = normalise_name(spelling)
            if key in known:
                problems.append(
                    _("duplicate: “%(name)s” is already in the registry as %(existing)s")
                    % {"name": spelling, "existing": known[key]}
                )
            elif key in seen:
                problems.append(_("duplicate of row %(row)d") % {"row": seen[key]})
            else:
                seen[key] = number
        if problems:
            errors.append((number, "; ".join(problems)))
            continue
        clean.append(
            (
                number,
                {
                    "name": name,
                    "kind": kind,
                    "country": country,
                    "region": region,
                    "category": category,
                    "status": status,
                    "joined": joined,
                    "population": population,
                    "description": row.get("description", ""),
                    "website": row.get("website", ""),
                    "aliases": aliases,
                },
            )
        )
    return clean


def _validate_people(rows, errors) -> list[tuple[int, dict]]:
    clean = []
    seen: dict[tuple[str, int], int] = {}
    for number, row in rows:
        problems = []
        name = row.get("name", "")
        if not name:
            problems.append(_("missing name"))
        organisation = (
            services.organisation_find(row.get("organisation", "")) if row.get("organisation") else None
        )
        if organisation is None:
            problems.append(_("unknown organisation “%(name)s”") % {"name": row.get("organisation", "")})
        role = row.get("role", "").lower() or Position.Role.OTHER
        if role not in Position.Role.values:
            problems.append(_("unknown role “%(role)s”") % {"role": row.get("role")})
        if not row.get("title"):
            problems.append(_("missing title"))
        email = row.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("“%(email)s” is not an email address") % {"email": email})
        gender = row.get("gender", "").lower()
        if gender and gender not in Person.Gender.values:
            problems.append(_("unknown gender “%(gender)s”") % {"gender": row.get("gender")})
        if name and organisation is not None:
            key = (normalise_name(name), organisation.pk)
            if key in seen:
                problems.append(_("duplicate of row %(row)d") % {"row": seen[key]})
            elif Position.objects.filter(organisation=organisation, person__name__iexact=name).exists():
                problems.append(
                    _("duplicate: %(name)s already holds a position at %(organisation)s")
                    % {"name": name, "organisation": organisation.name}
                )
            seen[key] = number
        if problems:
            errors.append((number, "; ".join(problems)))
            continue
        clean.append(
            (
                number,
                {
                    "name": name,
                    "organisation": organisation,
                    "role": role,
                    "title": row["title"],
                    "email": email,
                    "phone": row.get("phone", ""),
                    "gender": gender,
                },
            )
        )
    return clean


def _checked(*, kind: str, file_name: str, content: bytes) -> Preview:
    """Parse and check every row against the file and the registry."""
    if kind not in KINDS:
        raise DomainError(_("Choose what the file holds: organisations or people."))
    table = read_table(name=file_name, content=content)
    missing = [
        c
        for c in ("name",) + (("organisation", "title") if kind == "people" else ("country", "region"))
        if c not in table.headers
    ]
    if missing:
        raise DomainError(
            _("The file has no column %(columns)s. Expected columns: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ", ".join(KINDS[kind])}
        )
    preview = Preview(kind=kind, file_name=file_name, sha256=hashlib.sha256(content).hexdigest())
    validate = _validate_organisations if kind == "organisations" else _validate_people
    preview.rows = validate(table.rows, preview.errors)
    if not table.rows:
        preview.errors.append((1, _("the file has no data rows")))
    return preview


def _source(preview: Preview, source: str) -> str:
    source = source or _("Import of %(file)s (sha256 %(sha)s)") % {
        "file": preview.file_name,
        "sha": preview.sha256[:12],
    }
    return source[:300]


def import_preview(*, actor, kind: str, file_name: str, content: bytes, source: str = "") -> Preview:
    """Check every row, then write them all as the import would and roll the writes back: every
    rule of the write (the services' and the models' full_clean: lengths, URLs, choices) runs in
    the preview, so a clean preview does not fail at confirmation. Leaves nothing written."""
    ensure_allowed(actor, can_import)
    preview = _checked(kind=kind, file_name=file_name, content=content)
    if not preview.errors:
        preview.errors = dry_run(lambda: _write(actor=actor, preview=preview, source=source))
    return preview


@transaction.atomic
def import_apply(*, actor, kind: str, file_name: str, content: bytes, source: str = "") -> Preview:
    """Import every row or none: a file with any bad row raises RowErrors and writes nothing."""
    ensure_allowed(actor, can_import)
    preview = _checked(kind=kind, file_name=file_name, content=content)
    if preview.errors:
        raise RowErrors(preview.errors)
    errors = _write(actor=actor, preview=preview, source=source)
    if errors:  # a record created since the preview: refuse the whole file
        raise RowErrors(errors)
    return preview


def _write(*, actor, preview: Preview, source: str) -> list[tuple[int, str]]:
    source = _source(preview, source)
    return write_rows(
        preview.rows, lambda row: _apply_row(actor=actor, kind=preview.kind, row=row, source=source)
    )


def _apply_row(*, actor, kind: str, row: dict, source: str) -> None:
    if kind == "people":
        services.person_create(
            actor=actor,
            organisation=row["organisation"],
            name=row["name"],
            role=row["role"],
            title=row["title"],
            email=row["email"],
            phone=row["phone"],
            gender=row["gender"],
            source=source,
        )
        return
    organisation = services.organisation_create(
        actor=actor,
        name=row["name"],
        kind=row["kind"],
        country=row["country"],
        region=row["region"],
        aliases=row["aliases"],
        population=row["population"],
        description=row["description"],
        website=row["website"],
        source=source,
    )
    if row["category"]:
        services.membership_start(
            actor=actor,
            organisation=organisation,
            category=row["category"],
            status=row["status"],
            joined_year=row["joined"],
            source=source,
        )
