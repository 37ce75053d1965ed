"""Reads of the registry that are more than a lookup."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, FilteredRelation, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from metrohub.core.text import normalise_name
from metrohub.network.models import (
    Consent,
    GoverningBody,
    MembershipPeriod,
    Office,
    Organisation,
    OrganisationAlias,
    Position,
)

SORTS = {  # the API's sorts; the directory pages declare theirs as columns (network/views/common.py)
    "name": "name",
    "region": "region__order",
    "country": "country",
    "kind": "kind",
    "category": "current_category",
    "status": "current_status",
    "joined": "membership__joined_year",
    "population": "population",
}


def organisations_with_membership() -> QuerySet[Organisation]:
    """Organisations with their current category and status (from the open membership period)."""
    return (
        Organisation.objects.select_related("region", "membership")
        .annotate(
            open_period=FilteredRelation("membership__periods", condition=Q(membership__periods__end=None))
        )
        .annotate(current_category=F("open_period__category"), current_status=F("open_period__status"))
    )


# The public face of an organisation: what the member directory, a member's page, the map and
# the anonymous API show. Members only (an open membership period); never their status, their
# population or their past. Each of those readers takes its fields from here.
PUBLIC_ORGANISATION_FIELDS = (
    "name",
    "slug",
    "kind",
    "country",
    "region",
    "category",
    "joined_year",
    "latitude",
    "longitude",
    "description",
    "website",
    "source",
)
# What the anonymous API filters and sorts on (the public member directory declares its own).
PUBLIC_FILTERS = ("q", "region", "kind", "category", "joined", "sort")
PUBLIC_SORTS = ("name", "region", "country", "kind", "category", "joined")


def public_organisations() -> QuerySet[Organisation]:
    """The organisations the public sees: members, whatever their standing."""
    return organisations_with_membership().filter(current_status__isnull=False)


def public_directory(**filters) -> QuerySet[Organisation]:
    """The public member directory: only the public filters and sorts (a status or population
    given in the query string would tell what the page hides)."""
    kept = {name: value for name, value in filters.items() if name in PUBLIC_FILTERS}
    if kept.get("sort", "name").lstrip("-") not in PUBLIC_SORTS:
        kept.pop("sort", None)
    return organisation_directory(members_only=True, **kept)


def public_offices(organisation: Organisation) -> QuerySet[Office]:
    """The seats an organisation's people hold now, as its public page lists them."""
    return Office.objects.filter(organisation=organisation, end__isnull=True).select_related("body", "person")


def organisation_directory(
    *,
    q: str = "",
    region: str = "",
    kind: str = "",
    category: str = "",
    status: str = "",
    joined: int | None = None,
    members_only: bool = False,
    sort: str = "name",
) -> QuerySet[Organisation]:
    organisations = organisations_named(organisations_with_membership(), q)
    if region:
        organisations = organisations.filter(region__code=region)
    if kind:
        organisations = organisations.filter(kind=kind)
    if category:
        organisations = organisations.filter(current_category=category)
    if status:
        organisations = organisations.filter(current_status=status)
    if joined:
        organisations = organisations.filter(membership__joined_year=joined)
    if members_only:
        organisations = organisations.filter(current_status__isnull=False)
    field = F(SORTS.get(sort.lstrip("-"), "name"))
    first = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
    return organisations.order_by(first, "name", "pk")


def organisations_named(organisations: QuerySet[Organisation], q: str) -> QuerySet[Organisation]:
    """The organisations one of whose names (or other spellings) holds the text."""
    if q and (key := normalise_name(q)):
        organisations = organisations.filter(
            pk__in=OrganisationAlias.objects.filter(key__contains=key).values("organisation_id")
        )
    return organisations


def organisation_positions(organisation_id: int, *, past_people: bool) -> QuerySet[Position]:
    """The positions of an organisation's people (erased people left out). Without `past_people`,
    only the open positions: a focal point's reach is their organisation's current people."""
    positions = Position.objects.filter(organisation_id=organisation_id, person__erased_at__isnull=True)
    if not past_people:
        positions = positions.filter(end__isnull=True)
    return positions


def organisation_profile(pk: int, *, past_people: bool = True) -> Organisation:
    """One organisation with everything its page shows, in a fixed number of queries."""
    return (
        organisations_with_membership()
        .prefetch_related(
            "aliases",
            Prefetch("membership__periods", queryset=MembershipPeriod.objects.order_by("start", "id")),
            Prefetch("offices", queryset=Office.objects.select_related("body", "person", "region")),
            Prefetch(
                "positions",
                queryset=organisation_positions(pk, past_people=past_people)
                .select_related("person")
                .prefetch_related(
                    Prefetch("person__consents", queryset=Consent.objects.filter(withdrawn_at__isnull=True))
                )
                .order_by("end", "person__name"),
            ),
        )
        .get(pk=pk)
    )


def governing_bodies() -> list[GoverningBody]:
    return list(
        GoverningBody.objects.prefetch_related(
            Prefetch(
                "offices",
                queryset=Office.objects.select_related("person", "organisation", "region").order_by(
                    "region__order", "-role", "person__name"
                ),
            )
        )
    )


@dataclass(frozen=True)
class Change:
    when: object
    who: object
    action: str  # "+" created, "~" changed, "-" deleted
    what: str
    fields: list[str]


def _changes(entries: list, describe, fields: list[str]) -> list[Change]:
    """History rows of one model, oldest first, each with the fields that changed since the previous."""
    changes, previous = [], {}
    for entry in sorted(entries, key=lambda e: e.history_date):
        values = {name: getattr(entry, name) for name in fields}
        before = previous.get(entry.id)
        changed = [name for name in fields if before and before[name] != values[name]]
        previous[entry.id] = values
        changes.append(
            Change(entry.history_date, entry.history_user, entry.history_type, describe(entry), changed)
        )
    return changes


def organisation_history(
    organisation: Organisation, *, limit: int = 50, invitations: bool = False
) -> list[Change]:
    """Changes to the organisation, its membership periods and its people's positions, newest
    first; with `invitations` (for the membership team), each step of its focal points' invitations."""
    changes = _changes(
        list(organisation.history.select_related("history_user").order_by("-history_date")[:limit]),
        lambda e: gettext("profile"),
        ["name", "kind", "country", "region_id", "population", "description", "website"],
    )
    membership = getattr(organisation, "membership", None)
    if membership is not None:
        changes += _changes(
            list(
                MembershipPeriod.history.select_related("history_user")
                .filter(membership_id=membership.pk)
                .order_by("-history_date")[:limit]
            ),
            lambda e: (
                gettext("membership period: %(category)s, %(status)s")
                % {
                    "category": MembershipPeriod.Category(e.category).label,
                    "status": MembershipPeriod.Status(e.status).label,
                }
            ),
            ["category", "status", "start", "end"],
        )
    changes += _changes(
        list(
            Position.history.select_related("history_user")
            .filter(organisation_id=organisation.pk)
            .order_by("-history_date")[:limit]
        ),
        lambda e: gettext("position: %(title)s") % {"title": e.title},
        ["title", "role", "start", "end"],
    )
    if invitations:
        from metrohub.accounts.models import Invitation

        changes += _changes(
            list(
                Invitation.history.select_related("history_user")
                .filter(organisation_id=organisation.pk)
                .order_by("-history_date")[:limit]
            ),
            lambda e: (
                gettext("focal point invitation: %(email)s, %(status)s")
                % {"email": e.email, "status": Invitation.Status(e.status).label}
            ),
            ["status", "expires_at", "user_id"],
        )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]


def member_periods_at_end_of(year: int) -> QuerySet[MembershipPeriod]:
    """The active membership periods on the last day of `year`: the members as of that date.

    A period begins on its `start`; one whose start is not on record begins with its membership's
    year of joining when that is known (an admission recorded with its year only), and otherwise
    before the records do. A period's `end` is the day the next one takes over, so a membership
    withdrawn from 1 January still counts on the 31 December before. Records added later about a
    later date never change the answer for a past year.
    """
    year_end = dt.date(year, 12, 31)
    begun = Q(start__lte=year_end) | Q(start__isnull=True, membership__joined_year__isnull=True)
    begun |= Q(start__isnull=True, membership__joined_year__lte=year)
    return MembershipPeriod.objects.filter(
        begun, Q(end__isnull=True) | Q(end__gt=year_end), status=MembershipPeriod.Status.ACTIVE
    )


def member_periods_during(year: int) -> QuerySet[MembershipPeriod]:
    """The membership periods active at some time in `year`, with the same reading of a start not on
    record as `member_periods_at_end_of` (the year of joining, when known)."""
    begun = Q(start__lte=dt.date(year, 12, 31)) | Q(start__isnull=True, membership__joined_year__isnull=True)
    begun |= Q(start__isnull=True, membership__joined_year__lte=year)
    return MembershipPeriod.objects.filter(
        begun, Q(end__isnull=True) | Q(end__gt=dt.date(year, 1, 1)), status=MembershipPeriod.Status.ACTIVE
    )


def focal_points_of(organisation):
    """The active accounts that speak for the organisation (its focal points)."""
    from metrohub.accounts.models import User
    from metrohub.accounts.roles import Role

    return (
        User.objects.filter(organisation=organisation, groups__name=Role.FOCAL_POINT, is_active=True)
        .distinct()
        .order_by("username")
    )


def invitations_of(organisation):
    """The organisation's focal-point invitations, newest first, with who sent them."""
    from metrohub.accounts.models import Invitation

    return Invitation.objects.filter(organisation=organisation).select_related("invited_by", "user")
