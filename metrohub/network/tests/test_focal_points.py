"""Focal points over HTTP: the membership team invites from the organisation's page, the person
opens the mailed link, sets a password and logs in through the real login form; the link page
gives a guessed token the same answer as a mistyped one, and is throttled per client."""

import re
import secrets

import pytest
from django.core import mail

from metrohub.accounts.models import Invitation, User
from metrohub.accounts.roles import Role
from metrohub.network.tests.factories import OrganisationFactory, make_user

PASSWORD = "Correct-Horse-Battery-9"


@pytest.fixture
def staff_client(client, membership_staff):
    client.force_login(membership_staff)
    return client


def invite_over_http(client, organisation, email, capture):
    with capture(execute=True):
        return client.post(
            f"/registry/organisations/{organisation.pk}/focal-points/invite/", {"email": email}
        )


def same_page(response) -> bytes:
    """The page without what differs by request anyway: the CSP nonce, the CSRF token, and its
    own address (in the language menu and the login link)."""
    content = re.sub(rb'(nonce|value)="[^"]*"', b"", response.content)
    return re.sub(rb"/accounts/invitation/[^/\s\"]+/", b"/accounts/invitation/-/", content)


def link_of(message) -> str:
    return re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", message.body).group(1)


def test_staff_invite_from_the_organisation_page_and_see_the_invitation(
    staff_client, city, django_capture_on_commit_callbacks
):
    # given the organisation's page offers the invitation
    page = staff_client.get(f"/registry/organisations/{city.pk}/").content.decode()
    assert "Send an invitation" in page and "No focal point yet." in page
    # when the membership team invites a person of the city
    response = invite_over_http(staff_client, city, "awa@dakar.example", django_capture_on_commit_callbacks)
    # then the mail left with the link, and the page lists the invitation as waiting
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["awa@dakar.example"]]
    page = staff_client.get(f"/registry/organisations/{city.pk}/").content.decode()
    assert "awa@dakar.example" in page and "Sent, not yet accepted" in page


def test_a_refused_invitation_keeps_the_address_typed_and_says_why(
    staff_client, city, other_city, django_capture_on_commit_callbacks
):
    joao = make_user(Role.FOCAL_POINT, organisation=other_city, username="joao")
    User.objects.filter(pk=joao.pk).update(email="joao@lisbon.example")
    response = invite_over_http(staff_client, city, "joao@lisbon.example", django_capture_on_commit_callbacks)
    assert response.status_code == 400
    page = response.content.decode()
    assert "already tied to the account of another organisation" in page
    assert 'value="joao@lisbon.example"' in page
    assert not Invitation.objects.exists() and mail.outbox == []


def test_a_non_member_offers_no_invitation(staff_client, django_capture_on_commit_callbacks):
    partner = OrganisationFactory(name="Partner Bank", slug="partner-bank")
    page = staff_client.get(f"/registry/organisations/{partner.pk}/").content.decode()
    assert "only members have focal points" in page and "Send an invitation" not in page
    response = invite_over_http(staff_client, partner, "x@bank.example", django_capture_on_commit_callbacks)
    assert response.status_code == 400 and not Invitation.objects.exists()


def test_a_guessed_token_gets_the_same_answer_as_a_wrong_one(
    client, staff_client, city, django_capture_on_commit_callbacks
):
    # given a real invitation exists
    invite_over_http(staff_client, city, "awa@dakar.example", django_capture_on_commit_callbacks)
    real = link_of(mail.outbox[0])
    client.logout()
    # when an outsider tries a mistyped token and a well-formed guess
    wrong = client.get(real[:-5] + "xxxx/")
    guess = client.get(f"/accounts/invitation/{secrets.token_urlsafe(32)}/")
    post = client.post(
        f"/accounts/invitation/{secrets.token_urlsafe(32)}/", {"password1": PASSWORD, "password2": PASSWORD}
    )
    # then each gets the same refusal, and no account is made
    assert wrong.status_code == guess.status_code == post.status_code == 404
    assert len({same_page(r) for r in (wrong, guess, post)}) == 1
    assert b"This invitation link is not valid." in guess.content
    assert not User.objects.filter(email="awa@dakar.example").exists()


def test_the_link_page_is_throttled_per_client(client, settings, db):
    settings.METROHUB_INVITATION_CLIENT_RATE = "5/hour"
    answers = [client.get(f"/accounts/invitation/{secrets.token_urlsafe(32)}/").status_code for _ in range(6)]
    assert answers == [404] * 5 + [429]
    refused = client.get(f"/accounts/invitation/{secrets.token_urlsafe(32)}/")
    assert refused.status_code == 429 and "Retry-After" in refused
    assert b"Too many invitation links" in refused.content


def test_the_invited_person_sets_a_password_logs_in_and_loses_access_when_removed(
    client, staff_client, city, membership_staff, django_capture_on_commit_callbacks
):
    from django.test import Client

    invite_over_http(staff_client, city, "awa@dakar.example", django_capture_on_commit_callbacks)
    link = link_of(mail.outbox[0])
    person = Client()
    # when the person opens the link: the page names the city and the username
    page = person.get(link).content.decode()
    assert city.name in page and "awa@dakar.example" in page
    # a weak password is refused with Django's reason, nothing made
    weak = person.post(link, {"password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 400 and b"too common" in weak.content
    assert not User.objects.filter(username="awa@dakar.example").exists()
    # a good one makes the account and sends to the login
    done = person.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    # and the link is used: opening it again is refused
    assert person.get(link).status_code == 410
    # when they log in through the real login form
    login = person.post("/accounts/login/", {"login": "awa@dakar.example", "password": PASSWORD})
    assert login.status_code == 302
    portal = person.get("/portal/", follow=True)
    assert portal.status_code == 200 and city.name in portal.content.decode()
    # when the membership team removes them (asked first, then confirmed)
    user = User.objects.get(username="awa@dakar.example")
    url = f"/registry/organisations/{city.pk}/focal-points/{user.pk}/remove/"
    assert b"loses access" in staff_client.get(url).content
    staff_client.post(url, {"confirmed": "1"})
    # then their session reaches the portal no more
    assert person.get("/portal/")["Location"].startswith("/accounts/login/")
    assert person.get(f"/registry/organisations/{city.pk}/")["Location"].startswith("/accounts/login/")
    # and their password opens nothing: the account is closed
    again = person.post("/accounts/login/", {"login": "awa@dakar.example", "password": PASSWORD})
    assert again["Location"] == "/accounts/inactive/"
    assert person.get("/portal/")["Location"].startswith("/accounts/login/")
    invitation = Invitation.objects.get()
    assert invitation.status == "ended" and invitation.history.first().history_user == membership_staff


def test_withdrawing_asks_first_then_the_link_stops_working(
    client, staff_client, city, django_capture_on_commit_callbacks
):
    invite_over_http(staff_client, city, "awa@dakar.example", django_capture_on_commit_callbacks)
    link = link_of(mail.outbox[0])
    invitation = Invitation.objects.get()
    url = f"/registry/organisations/{city.pk}/focal-points/invitations/{invitation.pk}/withdraw/"
    assert b"stops working" in staff_client.get(url).content
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    staff_client.post(url, {"confirmed": "1"})
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    withdrawn = client.get(link)
    assert withdrawn.status_code == 410 and b"already used or withdrawn" in withdrawn.content


def test_sending_again_over_http_mails_a_new_link(
    staff_client, city, client, django_capture_on_commit_callbacks
):
    invite_over_http(staff_client, city, "awa@dakar.example", django_capture_on_commit_callbacks)
    old = link_of(mail.outbox[0])
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/registry/organisations/{city.pk}/focal-points/invitations/{invitation.pk}/resend/"
        )
    new = link_of(mail.outbox[1])
    assert new != old
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200


def test_other_roles_and_other_cities_cannot_invite(
    client, city, focal_point, django_capture_on_commit_callbacks
):
    for user in (focal_point, make_user(Role.FINANCE, username="fin")):
        client.force_login(user)
        response = invite_over_http(client, city, "awa@dakar.example", django_capture_on_commit_callbacks)
        assert response.status_code == 403
    assert not Invitation.objects.exists() and mail.outbox == []


def test_the_organisation_page_costs_the_same_queries_with_more_invitations(
    staff_client, city, membership_staff
):
    from metrohub.core.testing import assert_queries_constant
    from metrohub.network.tests.test_query_counts import ORGANISATION_PAGE_BUDGET

    def grow():
        for n in range(10):
            Invitation.objects.create(
                organisation=city, email=f"p{n}@dakar.example", invited_by=membership_staff
            )
        make_user(Role.FOCAL_POINT, organisation=city, username="second-focal")

    page = assert_queries_constant(
        staff_client, f"/registry/organisations/{city.pk}/", grow=grow, budget=ORGANISATION_PAGE_BUDGET
    )
    assert "p9@dakar.example" in page and "second-focal" in page
