"""/api/v1/organisations: the registry as JSON. Anonymous callers see public fields only."""

from django.shortcuts import get_object_or_404
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from metrohub.core.api import Pagination
from metrohub.core.errors import NotAllowed
from metrohub.network.models import MembershipPeriod, Organisation
from metrohub.network.permissions import can_view_organisation_private
from metrohub.network.selectors import (
    organisation_directory,
    organisation_profile,
    organisations_with_membership,
)

router = Router()


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    country: str
    region: str | None = Field(None, alias="region.code")
    category: str | None = Field(None, alias="current_category")
    status: str | None = Field(None, alias="current_status")
    joined_year: int | None = None
    population: int | None
    latitude: float | None
    longitude: float | None
    description: str
    website: str

    @staticmethod
    def resolve_joined_year(obj) -> int | None:
        membership = getattr(obj, "membership", None)
        return membership.joined_year if membership else None


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


class OrganisationDetailOut(OrganisationOut):
    aliases: list[str]
    periods: list[PeriodOut]
    offices: list[OfficeOut]
    people: list[PersonOut] | None = Field(
        None, description="Only for the secretariat and the organisation's focal point."
    )


class DirectoryFilters(FilterSchema):
    q: str = Field("", max_length=100, description="Name or any spelling of it")
    region: str = Field("", description="Region code, e.g. africa")
    kind: Organisation.Kind | None = None
    category: MembershipPeriod.Category | None = None
    status: MembershipPeriod.Status | None = None
    joined: int | None = Field(None, ge=1900, le=2100)
    sort: str = Field("name", pattern=r"^-?(name|region|country|kind|category|status|joined|population)$")


class Error(Schema):
    detail: str


@router.get("", response=list[OrganisationOut], summary="List organisations")
@paginate(Pagination)
def list_organisations(request, filters: Query[DirectoryFilters]):
    params = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    return organisation_directory(**params)


def _date(value) -> str | None:
    return value.isoformat() if value else None


@router.get(
    "/{int:organisation_id}", response={200: OrganisationDetailOut, 404: Error}, summary="One organisation"
)
def get_organisation(request, organisation_id: int):
    get_object_or_404(organisations_with_membership(), pk=organisation_id)
    organisation = organisation_profile(organisation_id)
    membership = getattr(organisation, "membership", None)
    detail = OrganisationOut.from_orm(organisation).dict()
    detail.update(
        aliases=[alias.name for alias in organisation.aliases.all()],
        periods=[
            {"category": p.category, "status": p.status, "start": _date(p.start), "end": _date(p.end)}
            for p in (membership.periods.all() if membership else [])
        ],
        offices=[
            {
                "body": o.body.name,
                "person": o.person.name,
                "title": o.title,
                "role": o.role,
                "start": _date(o.start),
                "end": _date(o.end),
            }
            for o in organisation.offices.all()
        ],
        people=None,
    )
    if can_view_organisation_private(request.user, organisation):
        detail["people"] = [
            {
                "id": p.person.pk,
                "name": p.person.name,
                "title": p.title,
                "role": p.role,
                "email": p.person.email,
                "phone": p.person.phone,
            }
            for p in organisation.positions.all()
        ]
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
        organisation.positions.filter(person__erased_at__isnull=True)
        .select_related("person")
        .order_by("person__name")
    )
    return [
        {
            "id": p.person.pk,
            "name": p.person.name,
            "title": p.title,
            "role": p.role,
            "email": p.person.email,
            "phone": p.person.phone,
        }
        for p in positions
    ]
