"""Import organisations or people from CSV/XLSX: validate every row, then all or nothing."""

import hashlib

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError, RowErrors
from metrohub.core.imports import (
    ALREADY_IN_DATABASE,
    REPEATED_IN_FILE,
    Column,
    Preview,
    RowError,
    choice_lookup,
    choose,
    dry_run,
    whole_number,
    write_rows,
)
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
SAMPLE_ROWS = 200


class _Problems(list):
    """A row's problems, each naming its column."""

    def add(self, column: str, reason: str, *, duplicate: str = "") -> None:
        self.append((column, reason, duplicate))

    def refuse(self, number: int, errors: list) -> None:
        errors.extend(RowError(number, r, column=c, duplicate=d) for c, r, d in self)


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
    kinds = choice_lookup(Organisation.Kind.choices)
    categories = choice_lookup(MembershipPeriod.Category.choices)
    statuses = choice_lookup(MembershipPeriod.Status.choices)
    seen: dict[str, int] = {}
    clean = []
    for number, row in rows:
        problems = _Problems()
        name = row.get("name", "")
        if not name:
            problems.add("name", _("missing name"))
        kind = choose(kinds, row["kind"]) if row.get("kind") else Organisation.Kind.CITY
        if kind is None:
            problems.add("kind", _("unknown kind “%(kind)s”") % {"kind": row.get("kind")})
        country = _country(row.get("country", ""))
        if country is None:
            problems.add("country", _("unknown country “%(country)s”") % {"country": row.get("country", "")})
        region = regions.get(normalise_name(row.get("region", "")))
        if region is None:
            problems.add("region", _("unknown region “%(region)s”") % {"region": row.get("region", "")})
        category = choose(categories, row["category"]) if row.get("category") else ""
        if category is None:
            problems.add("category", _("unknown category “%(category)s”") % {"category": row.get("category")})
        status = choose(statuses, row["status"]) if row.get("status") else MembershipPeriod.Status.ACTIVE
        if status is None:
            problems.add("status", _("unknown status “%(status)s”") % {"status": row.get("status")})
        joined = whole_number(row.get("joined", ""))
        if row.get("joined") and not (joined is not None and 1900 <= joined <= 2100):
            problems.add(
                "joined", _("joined must be a year, not “%(joined)s”") % {"joined": row.get("joined")}
            )
        population = whole_number(row.get("population", "").replace(",", "").replace(" ", ""))
        if row.get("population") and population is None:
            problems.add("population", _("population must be a whole number"))
        aliases = [a.strip() for a in row.get("aliases", "").split("|") if a.strip()]
        for column, spelling in [("name", name)] * bool(name) + [("aliases", a) for a in aliases]:
            key = normalise_name(spelling)
            if key in known:
                problems.add(
                    column,
                    _("duplicate: “%(name)s” is already in the registry as %(existing)s")
                    % {"name": spelling, "existing": known[key]},
                    duplicate=ALREADY_IN_DATABASE,
                )
            elif key in seen:
                problems.add(
                    column, _("duplicate of row %(row)d") % {"row": seen[key]}, duplicate=REPEATED_IN_FILE
                )
            else:
                seen[key] = number
        if problems:
            problems.refuse(number, errors)
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
    roles = choice_lookup(Position.Role.choices)
    genders = choice_lookup(Person.Gender.choices)
    clean = []
    seen: dict[tuple[str, int], int] = {}
    for number, row in rows:
        problems = _Problems()
        name = row.get("name", "")
        if not name:
            problems.add("name", _("missing name"))
        organisation = (
            services.organisation_find(row.get("organisation", "")) if row.get("organisation") else None
        )
        if organisation is None:
            problems.add(
                "organisation", _("unknown organisation “%(name)s”") % {"name": row.get("organisation", "")}
            )
        role = choose(roles, row["role"]) if row.get("role") else Position.Role.OTHER
        if role is None:
            problems.add("role", _("unknown role “%(role)s”") % {"role": row.get("role")})
        if not row.get("title"):
            problems.add("title", _("missing title"))
        email = row.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.add("email", _("“%(email)s” is not an email address") % {"email": email})
        gender = choose(genders, row["gender"]) if row.get("gender") else ""
        if gender is None:
            problems.add("gender", _("unknown gender “%(gender)s”") % {"gender": row.get("gender")})
        if name and organisation is not None:
            key = (normalise_name(name), organisation.pk)
            if key in seen:
                problems.add(
                    "name", _("duplicate of row %(row)d") % {"row": seen[key]}, duplicate=REPEATED_IN_FILE
                )
            elif Position.objects.filter(organisation=organisation, person__name__iexact=name).exists():
                problems.add(
                    "name",
                    _("duplicate: %(name)s already holds a position at %(organisation)s")
                    % {"name": name, "organisation": organisation.name},
                    duplicate=ALREADY_IN_DATABASE,
                )
            seen[key] = number
        if problems:
            problems.refuse(number, errors)
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
    preview = Preview(
        kind=kind,
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        row_count=len(table.rows),
    )
    validate = _validate_organisations if kind == "organisations" else _validate_people
    preview.rows = validate(table.rows, preview.errors)
    if not table.rows:
        preview.errors.append(RowError(1, _("the file has no data rows")))
    preview.sample = [_sample(kind, number, row) for number, row in preview.rows[:SAMPLE_ROWS]]
    return preview


def _sample(kind: str, number: int, row: dict) -> dict:
    """A ready row as the preview shows it: the file's columns, with what the import understood."""
    if kind == "people":
        return {
            "row": number,
            "name": row["name"],
            "organisation": row["organisation"].name,
            "role": Position.Role(row["role"]).label,
            "title": row["title"],
        }
    return {
        "row": number,
        "name": row["name"],
        "kind": Organisation.Kind(row["kind"]).label,
        "country": row["country"],
        "region": row["region"].label,
        "category": MembershipPeriod.Category(row["category"]).label if row["category"] else "",
    }


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


def _write(*, actor, preview: Preview, source: str) -> list[RowError]:
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


def allowed_columns() -> dict[str, list[Column]]:
    """Each kind of file → its columns and what each may hold, as the import page lists them."""
    organisations = [
        Column("name", _("text, at most 200 characters; not already in the registry"), required=True),
        Column("kind", "", choices=Organisation.Kind.choices, labels_accepted=True,
               default=Organisation.Kind.CITY.label),
        Column("country", _("an ISO 3166 code (FR) or the country's English name (France)"), required=True),
        Column("region", _("the region's code or name"), required=True,
               choices=[(r.code, r.label) for r in Region.objects.all()]),
        Column("category", "", choices=MembershipPeriod.Category.choices, labels_accepted=True,
               default=_("no membership")),
        Column("status", "", choices=MembershipPeriod.Status.choices, labels_accepted=True,
               default=MembershipPeriod.Status.ACTIVE.label),
        Column("joined", _("the year the membership began, 1900–2100")),
        Column("population", _("a whole number (1,500,000 or 1500000)")),
        Column("description", _("text")),
        Column("website", _("a web address (https://…)")),
        Column("aliases", _("other spellings of the name, separated by |")),
    ]  # fmt: skip
    people = [
        Column("name", _("text, at most 200 characters"), required=True),
        Column("organisation", _("the name, or another spelling, of an organisation in the registry"),
               required=True),
        Column("role", "", choices=Position.Role.choices, labels_accepted=True,
               default=Position.Role.OTHER.label),
        Column("title", _("the position's title, as the organisation writes it"), required=True),
        Column("email", _("an email address")),
        Column("phone", _("text")),
        Column("gender", "", choices=Person.Gender.choices, labels_accepted=True, default=_("not given")),
    ]  # fmt: skip
    return {_("Organisations"): organisations, _("People"): people}
