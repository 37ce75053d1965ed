"""The membership lifecycle's services: the pipeline, admission after a Board decision, the changes
of category and status (each closes the open period and opens the next), and what they refuse."""

import datetime as dt

import pytest

from metrohub.core.errors import DomainError, NotAllowed
from metrohub.core.metrics import REGISTRY
from metrohub.core.permissions import SYSTEM
from metrohub.network.membership import services as lifecycle
from metrohub.network.membership.models import Prospect, ProspectMove
from metrohub.network.membership.workflow import Stage
from metrohub.network.models import GoverningBody, Membership, MembershipPeriod, Organisation
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory

DECISION = dt.date(2026, 6, 12)


@pytest.fixture
def board(db):
    return GoverningBody.objects.get_or_create(
        slug="board", defaults={"name": "Board of Directors", "kind": GoverningBody.Kind.BOARD}
    )[0]


@pytest.fixture
def prospect(db):
    return lifecycle.prospect_express_interest(
        name="Accra Test",
        kind="city",
        country="gh",
        category="full",
        contact_name="Ama Mensah",
        contact_email="Ama@Accra.example",
        message="We would like to join.",
    )


def _approved(prospect, actor, board):
    lifecycle.prospect_move(actor=actor, prospect=prospect, step="apply", note="letter of 2 May")
    return lifecycle.prospect_move(
        actor=actor,
        prospect=prospect,
        step="approve",
        decision_on=DECISION,
        decision_body=board,
        decision_reference="BD/2026/07",
    )


def periods_of(organisation):
    return [
        (p.category, p.status, p.start, p.end)
        for p in MembershipPeriod.objects.filter(membership__organisation=organisation).order_by("id")
    ]


def test_an_expression_of_interest_enters_the_pipeline_and_nothing_else(prospect):
    # given an anonymous expression of interest
    # then it is a prospect at the first stage, its first step recorded, and no organisation yet
    assert (prospect.stage, prospect.channel, prospect.contact_email) == (
        "interest",
        "form",
        "ama@accra.example",
    )
    assert prospect.country == "GH"
    assert list(prospect.moves.values_list("to_stage", "actor")) == [("interest", None)]
    assert not Organisation.objects.filter(name="Accra Test").exists()


def test_admission_after_the_board_decision_opens_a_period_in_its_category(prospect, membership_staff, board):
    # given a prospect the Board approved
    _approved(prospect, membership_staff, board)
    # when it is admitted as an associate member from 1 July 2026
    prospect = lifecycle.prospect_admit(
        actor=membership_staff, prospect=prospect, on=dt.date(2026, 7, 1), category="associate"
    )
    # then the registry holds the organisation, with one open period from that day, citing the decision
    organisation = prospect.organisation
    assert (organisation.name, organisation.kind, organisation.country) == ("Accra Test", "city", "GH")
    assert periods_of(organisation) == [("associate", "active", dt.date(2026, 7, 1), None)]
    period = MembershipPeriod.objects.get(membership__organisation=organisation)
    assert "BD/2026/07" in period.source and period.history.first().history_user == membership_staff
    assert organisation.membership.joined_year == 2026
    # and every step names who took it
    moves = list(prospect.moves.values_list("to_stage", "actor"))
    assert moves == [
        ("interest", None),
        ("application", membership_staff.pk),
        ("approved", membership_staff.pk),
        ("admitted", membership_staff.pk),
    ]


def test_admitting_without_a_board_decision_is_refused(prospect, membership_staff):
    # given a prospect whose application is recorded, with no Board decision
    lifecycle.prospect_move(actor=membership_staff, prospect=prospect, step="apply")
    # when it is admitted
    with pytest.raises(DomainError, match="without a recorded Board decision"):
        lifecycle.prospect_admit(actor=membership_staff, prospect=prospect, on=dt.date(2026, 7, 1))
    # then nothing changed
    prospect.refresh_from_db()
    assert prospect.stage == Stage.APPLICATION
    assert not Organisation.objects.filter(name="Accra Test").exists()
    assert prospect.moves.count() == 2


def test_approval_without_the_decisions_reference_is_refused(prospect, membership_staff, board):
    lifecycle.prospect_move(actor=membership_staff, prospect=prospect, step="apply")
    with pytest.raises(DomainError, match="the decision's reference is missing"):
        lifecycle.prospect_move(
            actor=membership_staff,
            prospect=prospect,
            step="approve",
            decision_on=DECISION,
            decision_body=board,
        )
    prospect.refresh_from_db()
    assert (prospect.stage, prospect.decision_on) == ("application", None)


def test_admitting_a_member_a_second_time_is_refused(membership_staff, board, city):
    # given a member city, and a prospect under the same name that the Board approved
    prospect = lifecycle.prospect_create(
        actor=membership_staff,
        name="Dakar Test",
        kind="city",
        country="SN",
        category="full",
        contact_name="Awa",
        contact_email="awa@dakar.example",
    )
    _approved(prospect, membership_staff, board)
    before = periods_of(city)
    # when it is admitted
    with pytest.raises(DomainError, match="already has an open membership period"):
        lifecycle.prospect_admit(actor=membership_staff, prospect=prospect, on=dt.date(2026, 7, 1))
    # then the city keeps its one open period
    assert periods_of(city) == before
    prospect.refresh_from_db()
    assert prospect.stage == Stage.APPROVED


def test_declining_needs_a_reason_and_ends_the_way(prospect, membership_staff):
    with pytest.raises(DomainError, match="Say why"):
        lifecycle.prospect_move(actor=membership_staff, prospect=prospect, step="decline")
    lifecycle.prospect_move(actor=membership_staff, prospect=prospect, step="decline", note="not a city")
    prospect.refresh_from_db()
    assert prospect.stage == Stage.DECLINED
    with pytest.raises(NotAllowed, match="cannot be taken from the stage"):
        lifecycle.prospect_move(actor=membership_staff, prospect=prospect, step="apply")


def test_only_the_membership_team_moves_a_prospect(prospect, programs_staff):
    with pytest.raises(NotAllowed, match="membership team"):
        lifecycle.prospect_move(actor=programs_staff, prospect=prospect, step="apply")
    assert Prospect.objects.get().stage == Stage.INTEREST
    assert ProspectMove.objects.count() == 1


def test_suspension_and_reinstatement_close_and_open_periods(city, membership_staff):
    # given a member since before the records
    # when it is suspended for arrears, then reinstated
    lifecycle.membership_suspend(
        actor=membership_staff, organisation=city, on=dt.date(2026, 3, 1), reason="arrears"
    )
    lifecycle.membership_reinstate(
        actor=membership_staff, organisation=city, on=dt.date(2026, 9, 1), reason="paid"
    )
    # then three periods, none rewritten, each with its reason
    assert periods_of(city) == [
        ("full", "active", None, dt.date(2026, 3, 1)),
        ("full", "suspended", dt.date(2026, 3, 1), dt.date(2026, 9, 1)),
        ("full", "active", dt.date(2026, 9, 1), None),
    ]
    reasons = list(
        MembershipPeriod.objects.filter(membership__organisation=city)
        .order_by("id")
        .values_list("reason", flat=True)
    )
    assert reasons == ["", "arrears", "paid"]


def test_finance_can_suspend_as_the_system(city):
    lifecycle.membership_suspend(actor=SYSTEM, organisation=city, on=dt.date(2026, 3, 1), reason="arrears")
    assert periods_of(city)[-1][1] == "suspended"


def test_suspending_a_non_member_is_refused(membership_staff):
    partner = OrganisationFactory(name="Partner Test", kind="partner")
    with pytest.raises(DomainError, match="is not an active member"):
        lifecycle.membership_suspend(
            actor=membership_staff, organisation=partner, on=dt.date(2026, 3, 1), reason="arrears"
        )
    assert not Membership.objects.filter(organisation=partner).exists()


def test_suspending_a_suspended_member_is_refused(city, membership_staff):
    lifecycle.membership_suspend(
        actor=membership_staff, organisation=city, on=dt.date(2026, 3, 1), reason="arrears"
    )
    with pytest.raises(DomainError, match="is not an active member"):
        lifecycle.membership_suspend(
            actor=membership_staff, organisation=city, on=dt.date(2026, 4, 1), reason="arrears"
        )
    assert len(periods_of(city)) == 2


def test_a_suspension_needs_its_reason(city, membership_staff):
    with pytest.raises(DomainError, match="Say why the membership is suspended"):
        lifecycle.membership_suspend(
            actor=membership_staff, organisation=city, on=dt.date(2026, 3, 1), reason=" "
        )
    assert len(periods_of(city)) == 1


def test_reinstating_a_member_that_is_not_suspended_is_refused(city, membership_staff):
    # given an active member
    before = periods_of(city)
    # when it is reinstated
    with pytest.raises(DomainError, match="is not suspended"):
        lifecycle.membership_reinstate(actor=membership_staff, organisation=city, on=dt.date(2026, 3, 1))
    # then nothing changed
    assert periods_of(city) == before


def test_a_withdrawal_dated_before_the_period_began_is_refused(membership_staff):
    # given a member whose period began on 1 March 2026
    city = OrganisationFactory(name="Quito Test")
    MembershipFactory(organisation=city, period__start=dt.date(2026, 3, 1))
    # when its withdrawal is dated 1 January 2026
    with pytest.raises(DomainError, match="must come after the current period began"):
        lifecycle.membership_withdraw(actor=membership_staff, organisation=city, on=dt.date(2026, 1, 1))
    # then its period is still open and alone
    assert periods_of(city) == [("full", "active", dt.date(2026, 3, 1), None)]


def test_a_second_open_period_is_impossible(city, membership_staff):
    # the database itself refuses, whatever path a write takes
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipPeriod.objects.create(membership=city.membership, category="full", status="active")
    assert len(periods_of(city)) == 1


def test_a_change_of_category_keeps_the_status(city, membership_staff):
    lifecycle.membership_change_category(
        actor=membership_staff,
        organisation=city,
        on=dt.date(2026, 2, 1),
        category="associate",
        reason="Board 2026/2",
    )
    assert periods_of(city)[-1] == ("associate", "active", dt.date(2026, 2, 1), None)


def test_a_withdrawn_member_is_admitted_again_through_the_pipeline(city, membership_staff, board):
    lifecycle.membership_withdraw(
        actor=membership_staff, organisation=city, on=dt.date(2025, 1, 1), reason="letter"
    )
    prospect = lifecycle.prospect_create(
        actor=membership_staff,
        name="Dakar Test",
        kind="city",
        country="SN",
        category="full",
        contact_name="Awa",
        contact_email="awa@dakar.example",
    )
    _approved(prospect, membership_staff, board)
    lifecycle.prospect_admit(actor=membership_staff, prospect=prospect, on=dt.date(2026, 7, 1))
    assert periods_of(city)[-1] == ("full", "active", dt.date(2026, 7, 1), None)
    assert Prospect.objects.get().organisation == city


def test_a_past_years_member_total_does_not_move(city, other_city, membership_staff, board, prospect):
    # given the 2024 figure of member organisations
    total = REGISTRY["network.members.total"]
    before = total.compute(2024).value
    assert before == 2
    # when a city is admitted in 2026 and another withdraws in 2026
    _approved(prospect, membership_staff, board)
    lifecycle.prospect_admit(actor=membership_staff, prospect=prospect, on=dt.date(2026, 7, 1))
    lifecycle.membership_withdraw(actor=membership_staff, organisation=other_city, on=dt.date(2026, 2, 1))
    # then 2024's figure is what it was, and 2026's counts the members at the year's end
    assert total.compute(2024).value == before
    assert total.compute(2026).value == 2


def test_a_member_gone_during_the_year_is_not_counted_at_its_end(city, other_city, membership_staff):
    lifecycle.membership_withdraw(actor=membership_staff, organisation=other_city, on=dt.date(2024, 6, 1))
    assert REGISTRY["network.members.total"].compute(2024).value == 1
    assert REGISTRY["network.members.total"].compute(2023).value == 2
