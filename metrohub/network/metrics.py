"""Registry metrics: how many members the records hold, who joined in a year, by category and
region, and the Board of Directors.

Members are counted as of the year's last day, from the membership periods
(`network.selectors.member_periods_at_end_of`): a city admitted in 2026 never enters 2024's count.
"""

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from metrohub.core.metrics import Part, metric
from metrohub.core.models import Region
from metrohub.network.models import GoverningBody, MembershipPeriod, Office, Organisation, Person
from metrohub.network.selectors import member_periods_at_end_of


def _directory(**params) -> str:
    return f"{reverse('network:directory')}?{urlencode(params)}"


def _by_region_and_category(select, **url_params):
    """A breakdown of `select(period)` (organisations) by region and by membership category."""

    def parts(period: int) -> list[Part]:
        records = select(period)
        found = []
        counts = dict(records.values_list("region__code").annotate(n=Count("pk", distinct=True)))
        for region in Region.objects.all():
            found.append(
                Part(
                    "region",
                    region.code,
                    region.label,
                    Decimal(counts.get(region.code, 0)),
                    _directory(region=region.code, **url_params),
                )
            )
        periods = member_periods_at_end_of(period).filter(membership__organisation__in=records.values("pk"))
        by_category = dict(
            periods.values_list("category").annotate(n=Count("membership__organisation", distinct=True))
        )
        for category in MembershipPeriod.Category:
            params = {**url_params, "category": category.value}
            found.append(
                Part(
                    "category",
                    category.value,
                    str(category.label),
                    Decimal(by_category.get(category, 0)),
                    _directory(**params),
                )
            )
        return found

    return parts


def _members_total(period: int) -> QuerySet:
    # As of the year's end, like the report's "member cities in total": a city admitted, suspended
    # or gone later leaves a past year's figure where it was.
    return Organisation.objects.filter(
        pk__in=member_periods_at_end_of(period).values("membership__organisation_id")
    )


@metric(
    key="network.members.total",
    title="Member organisations",
    unit="organisations",
    records_url=lambda period: _directory(status="active"),
    breakdown=_by_region_and_category(_members_total, status="active"),
)
def members_total(period: int):
    """Organisations whose membership, full or associate, was active on the year's last day."""
    return _members_total(period)


def _members_in(period: int, category: str) -> QuerySet:
    return Organisation.objects.filter(
        pk__in=member_periods_at_end_of(period)
        .filter(category=category)
        .values("membership__organisation_id")
    )


@metric(
    key="network.members.full",
    title="Full members",
    unit="organisations",
    records_url=lambda period: _directory(status="active", category="full"),
)
def members_full(period: int):
    """Organisations with a full membership active on the year's last day."""
    return _members_in(period, MembershipPeriod.Category.FULL)


@metric(
    key="network.members.associate",
    title="Associate members",
    unit="organisations",
    records_url=lambda period: _directory(status="active", category="associate"),
)
def members_associate(period: int):
    """Organisations with an associate membership active on the year's last day."""
    return _members_in(period, MembershipPeriod.Category.ASSOCIATE)


def _joined_in(period: int, category: str):
    return Organisation.objects.filter(
        membership__joined_year=period,
        pk__in=MembershipPeriod.objects.active_during(period)
        .filter(category=category)
        .values("membership__organisation_id"),
    )


@metric(
    key="network.members.new",
    title="New members",
    unit="organisations",
    records_url=lambda period: _directory(joined=period, category="full"),
    breakdown=lambda period: [
        part
        for part in _by_region_and_category(members_new, joined=period)(period)
        if part.dimension == "region"
    ],
)
def members_new(period: int):
    """Full members whose membership began in the year."""
    return _joined_in(period, MembershipPeriod.Category.FULL)


@metric(
    key="network.associates.new",
    title="New associate members",
    unit="organisations",
    records_url=lambda period: _directory(joined=period, category="associate"),
)
def associates_new(period: int):
    """Associate members whose membership began in the year."""
    return _joined_in(period, MembershipPeriod.Category.ASSOCIATE)


def board_offices(period: int) -> QuerySet:
    return Office.objects.filter(
        Q(start__isnull=True) | Q(start__lt=dt.date(period + 1, 1, 1)),
        Q(end__isnull=True) | Q(end__gte=dt.date(period, 1, 1)),
        body__kind=GoverningBody.Kind.BOARD,
    )


@metric(
    key="network.board.members",
    title="Members of the Board of Directors",
    unit="people",
    records_url=lambda period: reverse("network:governance"),
)
def board_members(period: int):
    """People holding a seat on the Board of Directors at some time in the year."""
    return Person.objects.filter(pk__in=board_offices(period).values("person_id"))


@metric(
    key="network.board.women",
    title="Women on the Board of Directors",
    unit="people",
    records_url=lambda period: reverse("network:governance"),
)
def board_women(period: int):
    """Board members of the year whose recorded gender is woman; unrecorded gender is not counted."""
    return board_members(period).filter(gender=Person.Gender.WOMAN)
