import datetime as dt

import pytest

from metrohub.core.errors import DomainError, NotAllowed
from metrohub.network import services
from metrohub.network.models import GoverningBody, MembershipPeriod, Office, Organisation
from metrohub.network.tests.factories import PersonFactory


def test_renewal_closes_the_open_period_and_keeps_the_past(city, membership_staff):
    # given a member city with an open active period
    membership = city.membership
    # when it is suspended on 1 March 2025
    services.membership_change(
        actor=membership_staff, membership=membership, on=dt.date(2025, 3, 1), status="suspended"
    )
    # then the old period is closed, not rewritten, and a new one is open
    periods = list(membership.periods.order_by("id"))
    assert [(p.status, p.end) for p in periods] == [("active", dt.date(2025, 3, 1)), ("suspended", None)]
    assert periods[1].start == dt.date(2025, 3, 1)
    assert periods[0].history.count() == 2  # created, then closed — by whom is recorded
    assert periods[0].history.first().history_user == membership_staff


def test_a_change_before_the_open_period_began_is_refused(city, membership_staff):
    services.membership_change(
        actor=membership_staff, membership=city.membership, on=dt.date(2025, 3, 1), status="suspended"
    )
    with pytest.raises(DomainError, match="must come after"):
        services.membership_change(
            actor=membership_staff, membership=city.membership, on=dt.date(2025, 1, 1), status="active"
        )
    assert MembershipPeriod.objects.filter(membership=city.membership).count() == 2


def test_an_organisation_cannot_be_created_twice_under_another_spelling(membership_staff):
    services.organisation_create(
        actor=membership_staff,
        name="Canton of Geneva",
        kind="regional",
        country="CH",
        aliases=["Canton de Genève"],
    )
    with pytest.raises(DomainError, match="already in the registry"):
        services.organisation_create(
            actor=membership_staff, name="Canton de Geneve", kind="regional", country="CH"
        )
    assert Organisation.objects.count() == 1


def test_a_new_mayor_is_a_new_office_not_an_edit(city, membership_staff):
    # given a president in office
    body = GoverningBody.objects.create(slug="presidency", name="Presidency", kind="presidency")
    first = services.office_open(
        actor=membership_staff,
        body=body,
        person=PersonFactory(),
        organisation=city,
        title="Mayor",
        role=Office.Role.PRESIDENT,
    )
    # when a second president is seated while the first is in office, it is refused
    with pytest.raises(DomainError, match="already has a president"):
        services.office_open(
            actor=membership_staff,
            body=body,
            person=PersonFactory(),
            organisation=city,
            title="Mayor",
            role=Office.Role.PRESIDENT,
        )
    # then closing the first term lets the next one begin, and both stay on record
    services.office_close(actor=membership_staff, office=first, end=dt.date(2025, 6, 1))
    services.office_open(
        actor=membership_staff,
        body=body,
        person=PersonFactory(),
        organisation=city,
        title="Mayor",
        role=Office.Role.PRESIDENT,
        start=dt.date(2025, 6, 1),
    )
    assert body.offices.count() == 2
    assert body.offices.filter(end__isnull=True).count() == 1


def test_a_focal_point_changes_only_the_public_profile_of_their_own_organisation(
    focal_point, city, other_city
):
    services.organisation_update(actor=focal_point, organisation=city, description="Capital of Senegal")
    city.refresh_from_db()
    assert city.description == "Capital of Senegal"
    with pytest.raises(DomainError, match="description and website only"):
        services.organisation_update(actor=focal_point, organisation=city, population=1)
    with pytest.raises(NotAllowed, match="You can change your own organisation's profile and people only"):
        services.organisation_update(actor=focal_point, organisation=other_city, description="Hacked")
    other_city.refresh_from_db()
    assert other_city.description == ""
