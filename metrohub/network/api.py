"""/api/v1/organisations: the registry as JSON.

Anonymous callers, and everyone outside the secretariat, get the public face of each member —
the fields of the public directory and member pages (`selectors.PUBLIC_ORGANISATION_FIELDS`),
members only. The secretariat gets every organisation, with what the registry pages show under
`registry`; `people` go to the secretariat and to the organisation's own focal point.
"""

from django.shortcuts import get_object_or_404
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from metrohub.core.api import Pagination
from metrohub.core.errors import NotAllowed
from metrohub.network.models import MembershipPeriod, Organisation
from metrohub.network.permissions import can_view_organisation_private, can_view_registry, sees_past_people
from metrohub.network.selectors import (
    PUBLIC_ORGANISATION_FIELDS,
    organisation_directory,
    organisation_positions,
    organisation_profile,
    public_directory,
    public_offices,
    public_organisations,
)

router = Router()


class RegistryOut(Schema):
    """What only the secretariat sees of an organisation."""

    status: str | None = Field(None, alias="current_status")
    population: int | None = None


class PublicOrganisationOut(Schema):
    """The public face: exactly the fields of `PUBLIC_ORGANISATION_FIELDS`, and the id."""

    id: int
    name: str
    slug: str
    kind: str
    country: str
    region: str | None = Field(None, alias="region.code")
    category: str | None = Field(None, alias="current_category")
    joined_year: int | None = None
    latitude: float | None
    longitude: float | None
    description: str
    website: str
    source: str

    @staticmethod
    def resolve_joined_year(obj) -> int | None:
        membership = getattr(obj, "membership", None)
        return membership.joined_year if membership else None


assert set(PublicOrganisationOut.model_fields) == {"id", *PUBLIC_ORGANISATION_FIELDS}, (
    "the API's public fields must be the public pages' fields"
)


class OrganisationOut(PublicOrganisationOut):
    registry: RegistryOut | None = Field(None, description="Only for the secretariat.")

    @staticmethod
    def resolve_registry(obj, context) -> object:
        return obj if can_view_registry(context["request"].user) else None


class PersonOut(Schema):
    id: int
    name: str
    title: str
    role: str
    email: str
    phone: str


class OfficeOut(Schema):
    body: str
    person: str
    title: str
    role: str
    start: str | None
    end: str | None


class PeriodOut(Schema):
    category: str
    status: str
    start: str | None
    end: str | None


class RegistryDetailOut(RegistryOut):
    aliases: list[str]
    periods: list[PeriodOut]
    offices: list[OfficeOut] = Field(description="Every term, past ones included.")


class OrganisationDetailOut(PublicOrganisationOut):
    offices: list[OfficeOut] = Field(description="The seats held now.")
    registry: RegistryDetailOut | None = Field(None, description="Only for the secretariat.")
    people: list[PersonOut] | None = Field(
        None, description="Only for the secretariat and the organisation's focal point."
    )


class DirectoryFilters(FilterSchema):
    q: str = Field("", max_length=100, description="Name or any spelling of it")
    region: str = Field("", description="Region code, e.g. africa")
    kind: Organisation.Kind | None = None
    category: MembershipPeriod.Category | None = None
    status: MembershipPeriod.Status | None = Field(None, description="Secretariat only.")
    joined: int | None = Field(None, ge=1900, le=2100)
    sort: str = Field(
        "name",
        pattern=r"^-?(name|region|country|kind|category|status|joined|population)$",
        description="status and population: secretariat only.",
    )


class Error(Schema):
    detail: str


@router.get("", response=list[OrganisationOut], summary="List organisations")
@paginate(Pagination)
def list_organisations(request, filters: Query[DirectoryFilters]):
    params = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    if not can_view_registry(request.user):
        return public_directory(**params)
    return organisation_directory(**params)


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _office(office) -> dict:
    return {
        "body": office.body.name,
        "person": office.person.name,
        "title": office.title,
        "role": office.role,
        "start": _date(office.start),
        "end": _date(office.end),
    }


def _person(position) -> dict:
    return {
        "id": position.person.pk,
        "name": position.person.name,
        "title": position.title,
        "role": position.role,
        "email": position.person.email,
        "phone": position.person.phone,
    }


@router.get(
    "/{int:organisation_id}", response={200: OrganisationDetailOut, 404: Error}, summary="One organisation"
)
def get_organisation(request, organisation_id: int):
    staff = bool(can_view_registry(request.user))
    get_object_or_404(Organisation.objects if staff else public_organisations(), pk=organisation_id)
    organisation = organisation_profile(organisation_id, past_people=sees_past_people(request.user))
    detail = {
        "id": organisation.pk,
        **PublicOrganisationOut.from_orm(organisation).dict(),
        "offices": [_office(office) for office in public_offices(organisation)],
        "registry": None,
        "people": None,
    }
    if staff:
        membership = getattr(organisation, "membership", None)
        detail["registry"] = {
            "current_status": organisation.current_status,
            "population": organisation.population,
            "aliases": [alias.name for alias in organisation.aliases.all()],
            "periods": [
                {"category": p.category, "status": p.status, "start": _date(p.start), "end": _date(p.end)}
                for p in (membership.periods.all() if membership else [])
            ],
            "offices": [_office(office) for office in organisation.offices.all()],
        }
    if can_view_organisation_private(request.user, organisation):
        detail["people"] = [_person(position) for position in organisation.positions.all()]
    return detail


@router.get(
    "/{int:organisation_id}/people",
    response={200: list[PersonOut], 403: Error, 404: Error},
    summary="People of one organisation (secretariat and the organisation's focal point only)",
)
def list_people(request, organisation_id: int):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    verdict = can_view_organisation_private(request.user, organisation)
    if not verdict:
        raise NotAllowed(verdict.reason)
    positions = (
        organisation_positions(organisation.pk, past_people=sees_past_people(request.user))
        .select_related("person")
        .order_by("person__name")
    )
    return [_person(position) for position in positions]
