"""The year's renewal, as the registry sees it: the members whose membership runs in a year, their
status then, and the reminders they were sent.

Whether a member has paid is finance's to say, and network may not import finance (finance
imports network). So finance fills this hook point: it registers a function that, given a year
and organisation ids, answers a short text for each it knows ("paid", "unpaid: 2 invoices due"):

    from metrohub.network.membership.renewal import register_renewal_state
    register_renewal_state(dues_state)   # in finance's AppConfig.ready()

The renewal page and its exports show that text beside each member, or "not recorded" until
a provider is registered.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.db.models import CharField, F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.utils.translation import gettext as _

from metrohub.network.models import MembershipPeriod, Organisation

RenewalState = Callable[[int, list[int]], dict[int, str]]
_PROVIDERS: list[RenewalState] = []


def register_renewal_state(provider: RenewalState) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def unregister_renewal_state(provider: RenewalState) -> None:
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def renewal_states(year: int, organisation_ids: Iterable[int]) -> dict[int, str]:
    """What the providers say of each organisation's renewal for `year` (the last one wins)."""
    ids = list(organisation_ids)
    states: dict[int, str] = {}
    for provider in _PROVIDERS:
        states.update(provider(year, ids))
    return states


def not_recorded() -> str:
    return _("not recorded")


def renewal_members(year: int) -> QuerySet:
    """Members whose membership runs in `year` (active or suspended at some time in it), with
    their category and status at the year's end (today, for the current year) and when they were
    last reminded for that year."""
    as_of = min(dt.date(year, 12, 31), dt.date.today())
    then = MembershipPeriod.objects.filter(
        Q(start__isnull=True) | Q(start__lte=as_of), membership__organisation=OuterRef("pk")
    ).order_by(F("start").desc(nulls_last=True), "-id")
    running = MembershipPeriod.objects.filter(
        Q(start__isnull=True) | Q(start__lt=dt.date(year + 1, 1, 1)),
        Q(end__isnull=True) | Q(end__gt=dt.date(year, 1, 1)),
        status__in=[MembershipPeriod.Status.ACTIVE, MembershipPeriod.Status.SUSPENDED],
    )
    return (
        Organisation.objects.filter(pk__in=running.values("membership__organisation_id"))
        .select_related("region")
        .annotate(
            renewal_year=Value(year),
            period_status=Subquery(then.values("status")[:1], output_field=CharField()),
            period_category=Subquery(then.values("category")[:1], output_field=CharField()),
            reminded_at=Max("renewal_reminders__requested_at", filter=Q(renewal_reminders__year=year)),
        )
    )
