"""Registry metrics: how many members the records hold, who joined in a year."""

from urllib.parse import urlencode

from django.urls import reverse

from metrohub.mel.metrics import metric
from metrohub.network.models import MembershipPeriod, Organisation


def _directory(**params) -> str:
    return f"{reverse('network:directory')}?{urlencode(params)}"


@metric(
    key="network.members.total",
    title="Member organisations",
    unit="organisations",
    records_url=lambda period: _directory(status="active"),
)
def members_total(period: int):
    """Organisations whose membership, full or associate, was active at some time in the year."""
    return Organisation.objects.filter(
        pk__in=MembershipPeriod.objects.active_during(period).values("membership__organisation_id")
    )


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
