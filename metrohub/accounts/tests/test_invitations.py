"""Focal points by invitation: staff invite, the worker mails a single-use link whose token is kept
hashed, the person sets a password and becomes the organisation's focal point; every refusal
changes nothing."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from metrohub.accounts import services
from metrohub.accounts.models import Invitation, User
from metrohub.accounts.roles import Role
from metrohub.core.errors import DomainError, NotAllowed
from metrohub.network.models import MembershipPeriod
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user

BASE = "http://testserver/"
PASSWORD = "Correct-Horse-Battery-9"


def invite(staff, organisation, email, capture):
    with capture(execute=True):
        return services.invitation_send(actor=staff, organisation=organisation, email=email, base_url=BASE)


def token_of(message) -> str:
    return re.search(r"/accounts/invitation/([^/\s]+)/", message.body).group(1)


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_an_invitation_mails_a_link_whose_token_is_stored_hashed(city, membership_staff, capture):
    # given an invitation sent by the membership team
    invitation = invite(membership_staff, city, "awa@dakar.example", capture)
    # then one mail went to the person, carrying the link
    [message] = mail.outbox
    assert message.to == ["awa@dakar.example"]
    assert city.name in message.subject
    token = token_of(message)
    # and the database keeps only the token's digest, valid for seven days
    invitation.refresh_from_db()
    assert invitation.token_hash == services.token_digest(token) != token
    assert token not in str(list(Invitation.history.values()))
    assert dt.timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= dt.timedelta(days=7)
    # and its history names who invited (then metrohub itself, sending)
    assert [h.history_user for h in invitation.history.order_by("history_date")] == [membership_staff, None]


def test_accepting_makes_the_person_the_focal_point_and_the_link_works_once(city, membership_staff, capture):
    invite(membership_staff, city, "awa@dakar.example", capture)
    token = token_of(mail.outbox[0])
    # when the person sets a password
    user = services.invitation_accept(token=token, password=PASSWORD)
    # then they are the organisation's focal point, logging in with their address
    assert user.is_focal_point_of(city.pk) and user.check_password(PASSWORD)
    assert user.username == "awa@dakar.example"
    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.user) == ("accepted", user)
    assert invitation.history.first().history_user == user
    # and the link does not work a second time
    with pytest.raises(services.InvitationLinkInvalid, match="already used or withdrawn"):
        services.invitation_accept(token=token, password="Another-Password-77")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_expired_link_is_refused_and_makes_no_account(city, membership_staff, capture):
    invite(membership_staff, city, "awa@dakar.example", capture)
    token = token_of(mail.outbox[0])
    later = timezone.now() + dt.timedelta(days=7, minutes=1)
    with time_machine.travel(later), pytest.raises(services.InvitationLinkInvalid, match="expired"):
        services.invitation_accept(token=token, password=PASSWORD)
    assert not User.objects.filter(email="awa@dakar.example").exists()
    assert Invitation.objects.get().status == "pending"


def test_a_withdrawn_link_is_refused(city, membership_staff, capture):
    invitation = invite(membership_staff, city, "awa@dakar.example", capture)
    token = token_of(mail.outbox[0])
    services.invitation_revoke(actor=membership_staff, invitation=invitation)
    with pytest.raises(services.InvitationLinkInvalid, match="already used or withdrawn"):
        services.invitation_accept(token=token, password=PASSWORD)
    assert not User.objects.filter(email="awa@dakar.example").exists()
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert invitation.history.first().history_user == membership_staff


def test_sending_again_makes_a_new_link_and_the_old_one_stops_working(city, membership_staff, capture):
    invitation = invite(membership_staff, city, "awa@dakar.example", capture)
    old = token_of(mail.outbox[0])
    with capture(execute=True):
        services.invitation_resend(actor=membership_staff, invitation=invitation, base_url=BASE)
    new = token_of(mail.outbox[1])
    assert new != old
    with pytest.raises(services.InvitationLinkInvalid, match="not valid"):
        services.invitation_accept(token=old, password=PASSWORD)
    assert services.invitation_accept(token=new, password=PASSWORD).is_focal_point_of(city.pk)
    invitation.refresh_from_db()
    assert invitation.times_sent == 2


def test_a_weak_password_is_refused_by_djangos_validators(city, membership_staff, capture):
    invite(membership_staff, city, "awa@dakar.example", capture)
    token = token_of(mail.outbox[0])
    with pytest.raises(DomainError, match=r"too short|too common|entirely numeric"):
        services.invitation_accept(token=token, password="1234")
    assert not User.objects.filter(email="awa@dakar.example").exists()
    assert services.invitation_by_token(token).status == "pending"


def test_an_address_tied_to_another_citys_account_is_refused(city, other_city, membership_staff, capture):
    # given Lisbon's focal point
    joao = make_user(Role.FOCAL_POINT, organisation=other_city, username="joao")
    User.objects.filter(pk=joao.pk).update(email="joao@lisbon.example")
    # when Dakar invites the same address
    with pytest.raises(DomainError, match="already tied to the account of another organisation"):
        invite(membership_staff, city, "JOAO@lisbon.example", capture)
    # then nothing was written nor sent
    assert not Invitation.objects.exists() and mail.outbox == []
    assert User.objects.get(username="joao").organisation == other_city


def test_a_non_member_has_no_focal_point(membership_staff, capture):
    partner = OrganisationFactory(name="Partner Bank", slug="partner-bank")
    with pytest.raises(NotAllowed, match="not a member of the network"):
        invite(membership_staff, partner, "someone@bank.example", capture)
    lapsed = OrganisationFactory(name="Lapsed City", slug="lapsed-city")
    MembershipFactory(organisation=lapsed, period__status=MembershipPeriod.Status.LAPSED)
    with pytest.raises(NotAllowed, match="not a member of the network"):
        invite(membership_staff, lapsed, "someone@lapsed.example", capture)
    assert not Invitation.objects.exists() and mail.outbox == []


def test_only_the_membership_team_invites(city, focal_point, capture):
    finance = make_user(Role.FINANCE, username="fin")
    for actor in (finance, focal_point):
        with pytest.raises(NotAllowed, match="Only the membership team and administrators"):
            invite(actor, city, "awa@dakar.example", capture)
    assert not Invitation.objects.exists()


def test_removing_a_focal_point_closes_their_access_and_records_who(city, membership_staff, capture):
    invite(membership_staff, city, "awa@dakar.example", capture)
    user = services.invitation_accept(token=token_of(mail.outbox[0]), password=PASSWORD)
    # when the membership team removes them
    services.focal_point_remove(actor=membership_staff, user=user, organisation=city)
    # then the account is closed and tied to no organisation
    user.refresh_from_db()
    assert (user.is_active, user.organisation, user.roles) == (False, None, frozenset())
    invitation = Invitation.objects.get()
    assert invitation.status == "ended"
    assert invitation.history.first().history_user == membership_staff
    # and inviting the address again opens the same account anew
    invite(membership_staff, city, "awa@dakar.example", capture)
    again = services.invitation_accept(token=token_of(mail.outbox[1]), password="Brand-New-Secret-42")
    assert again.pk == user.pk and again.is_focal_point_of(city.pk)


def test_an_organisation_may_have_several_focal_points(city, focal_point, membership_staff, capture):
    invite(membership_staff, city, "second@dakar.example", capture)
    second = services.invitation_accept(token=token_of(mail.outbox[0]), password=PASSWORD)
    assert focal_point.is_focal_point_of(city.pk) and second.is_focal_point_of(city.pk)
