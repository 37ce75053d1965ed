"""The membership lifecycle through its pages: the public form (thank-you, throttle, spam trap),
the pipeline with its confirmations, a member's changes, and the renewal reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache

from metrohub.network.membership import services as lifecycle
from metrohub.network.membership.models import Prospect, RenewalReminder
from metrohub.network.membership.renewal import register_renewal_state, unregister_renewal_state
from metrohub.network.models import GoverningBody, MembershipPeriod, Organisation

FORM = {
    "name": "Accra Test",
    "kind": "city",
    "country": "GH",
    "category": "full",
    "contact_name": "Ama Mensah",
    "contact_email": "ama@accra.example",
    "message": "We would like to join.",
}


@pytest.fixture(autouse=True)
def _fresh_throttle(settings):
    settings.METROHUB_INTEREST_CLIENT_RATE = "3/hour"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def board(db):
    return GoverningBody.objects.get_or_create(
        slug="board", defaults={"name": "Board of Directors", "kind": GoverningBody.Kind.BOARD}
    )[0]


def test_an_organisation_expresses_its_interest_and_is_thanked(client, db):
    # when a visitor sends the public form
    response = client.post("/join/", FORM)
    # then they are thanked by name, and the prospect is in the pipeline
    assert response.status_code == 200
    assert "We have received the interest of Accra Test" in response.content.decode()
    assert Prospect.objects.get().stage == "interest"


def test_a_form_with_a_bad_address_says_so_and_keeps_what_was_typed(client, db):
    response = client.post("/join/", {**FORM, "contact_email": "not-an-address"})
    page = response.content.decode()
    assert response.status_code == 200 and "Enter a valid email address" in page
    assert 'value="Accra Test"' in page
    assert not Prospect.objects.exists()


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_recorded(client, db):
    response = client.post("/join/", {**FORM, "homepage": "http://spam.example"})
    assert "We have received the interest" in response.content.decode()
    assert not Prospect.objects.exists()


def test_the_public_form_is_throttled_per_client(client, db):
    # given three expressions of interest from one address (the limit is 3 an hour)
    for n in range(3):
        assert client.post("/join/", {**FORM, "name": f"City {n}"}).status_code == 200
    # when a fourth comes
    response = client.post("/join/", {**FORM, "name": "City 4"})
    # then it is refused with its reason and nothing is recorded
    assert response.status_code == 429
    assert "Too many messages from your address" in response.content.decode()
    assert Prospect.objects.count() == 3


def test_staff_move_a_prospect_to_admission_with_confirmations(client, membership_staff, board):
    client.force_login(membership_staff)
    # given a prospect the staff entered
    response = client.post("/registry/prospects/add/", {**FORM, "region": "africa", "note": "met in Seoul"})
    prospect = Prospect.objects.get()
    assert response.status_code == 302 and prospect.channel == "staff" and prospect.region.code == "africa"
    base = f"/registry/prospects/{prospect.pk}/"
    # when the application is recorded: a first POST asks, the second acts
    asked = client.post(base + "apply/", {"note": "letter"})
    assert "This cannot be undone" in asked.content.decode()
    prospect.refresh_from_db()
    assert prospect.stage == "interest"
    client.post(base + "apply/", {"note": "letter", "confirmed": "1"})
    # and the Board's approval, then the admission
    decision = {"decision_on": "2026-06-12", "decision_body": board.pk, "decision_reference": "BD/2026/07"}
    client.post(base + "approve/", {**decision, "confirmed": "1"})
    done = client.post(base + "admit/", {"admitted_on": "2026-07-01", "category": "full", "confirmed": "1"})
    # then it is a member, in the public directory
    assert done.status_code == 302
    prospect.refresh_from_db()
    assert prospect.stage == "admitted"
    assert "Accra Test" in client.get("/members/").content.decode()
    page = client.get(base).content.decode()
    assert "BD/2026/07" in page and page.count(str(membership_staff)) >= 3


def test_the_admission_page_refuses_a_prospect_with_no_board_decision(client, membership_staff):
    client.force_login(membership_staff)
    prospect = lifecycle.prospect_create(actor=membership_staff, **{**FORM, "kind": "city"})
    response = client.post(
        f"/registry/prospects/{prospect.pk}/admit/",
        {"admitted_on": "2026-07-01", "category": "full", "confirmed": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "without a recorded Board decision" in page
    assert 'value="2026-07-01"' in page
    assert not Organisation.objects.filter(name="Accra Test").exists()


def test_the_pipeline_lists_filters_and_exports(client, membership_staff):
    client.force_login(membership_staff)
    lifecycle.prospect_create(actor=membership_staff, **FORM)
    lifecycle.prospect_create(
        actor=membership_staff, **{**FORM, "name": "Lima Test", "contact_email": "l@lima.example"}
    )
    prospect = Prospect.objects.get(name="Lima Test")
    lifecycle.prospect_move(actor=membership_staff, prospect=prospect, step="apply")
    page = client.get("/registry/prospects/?stage=application").content.decode()
    assert "Lima Test" in page and "Accra Test" not in page
    csv = b"".join(client.get("/registry/prospects.csv?stage=interest").streaming_content).decode()
    assert "Accra Test" in csv and "Lima Test" not in csv and "ama@accra.example" in csv


def test_a_member_is_suspended_and_reinstated_from_its_page(client, membership_staff, city):
    client.force_login(membership_staff)
    base = f"/registry/organisations/{city.pk}/"
    assert f"{base}membership/suspend/" in client.get(base).content.decode()
    # a suspension asks first, then acts
    asked = client.post(base + "membership/suspend/", {"on": "2026-03-01", "reason": "arrears"})
    assert "The current period closes on 2026-03-01" in asked.content.decode()
    client.post(base + "membership/suspend/", {"on": "2026-03-01", "reason": "arrears", "confirmed": "1"})
    page = client.get(base).content.decode()
    assert "arrears" in page and f"{base}membership/reinstate/" in page
    client.post(base + "membership/reinstate/", {"on": "2026-05-01", "reason": "paid", "confirmed": "1"})
    statuses = list(
        MembershipPeriod.objects.filter(membership__organisation=city)
        .order_by("id")
        .values_list("status", flat=True)
    )
    assert statuses == ["active", "suspended", "active"]


def test_a_refused_change_says_why_and_keeps_what_was_typed(client, membership_staff, city):
    client.force_login(membership_staff)
    response = client.post(
        f"/registry/organisations/{city.pk}/membership/reinstate/",
        {"on": "2026-03-01", "reason": "typed", "confirmed": "1"},
    )
    page = response.content.decode()
    assert "is not suspended" in page and 'value="typed"' in page
    assert MembershipPeriod.objects.filter(membership__organisation=city).count() == 1


def test_reminders_go_to_the_selected_members_and_are_recorded(
    client, membership_staff, city, other_city, django_capture_on_commit_callbacks
):
    client.force_login(membership_staff)
    year = dt.date.today().year

    # given finance's word on the dues, through the hook
    def dues(year, ids):
        return {city.pk: "unpaid"}

    register_renewal_state(dues)
    try:
        page = client.get(f"/registry/renewal/?year={year}").content.decode()
    finally:
        unregister_renewal_state(dues)
    assert "Dakar Test" in page and "Lisbon Test" in page and "unpaid" in page
    # when the secretariat reminds Dakar, confirming
    asked = client.post("/registry/renewal/remind/", {"year": year, "members": [city.pk]})
    assert "Send the reminders" in asked.content.decode()
    assert not RenewalReminder.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/registry/renewal/remind/", {"year": year, "members": [city.pk], "confirmed": "1"})
    # then one mail went to its focal point, recorded with who asked and when
    reminder = RenewalReminder.objects.get()
    assert (reminder.organisation, reminder.requested_by, reminder.status) == (city, membership_staff, "sent")
    assert [m.to for m in mail.outbox] == [["awa@dakar.example"]]
    assert str(year) in mail.outbox[0].subject
    assert "Dakar Test" in client.get(f"/registry/renewal/?year={year}&reminded=true").content.decode()
    assert "Lisbon Test" not in client.get(f"/registry/renewal/?year={year}&reminded=true").content.decode()


def test_reminding_nobody_is_refused(client, membership_staff, city):
    client.force_login(membership_staff)
    response = client.post("/registry/renewal/remind/", {"year": 2026, "confirmed": "1"}, follow=True)
    assert "Select the members to remind" in response.content.decode()
    assert not RenewalReminder.objects.exists()


@pytest.mark.parametrize("url", ["/registry/prospects/", "/registry/renewal/", "/registry/prospects/add/"])
def test_other_staff_are_refused(client, programs_staff, url):
    client.force_login(programs_staff)
    assert client.get(url).status_code == 403
