"""The newsletter: composed by communications, sent through the task queue to confirmed
subscribers only, each delivery recorded, never twice to an address; double opt-in and one-click
unsubscribe from the link in the mail."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from metrohub.comms import services
from metrohub.comms.models import Delivery, Issue, Subscriber
from metrohub.comms.tasks import send_issue
from metrohub.core.errors import DomainError, NotAllowed
from metrohub.core.metrics import REGISTRY
from metrohub.network.tests.factories import make_user
from metrohub.people.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
BASE = "http://testserver/"


def subscriber(email, status="confirmed"):
    return Subscriber.objects.create(email=email, status=status)


def issue_with_a_section(actor, number=1, month=dt.date(2024, 10, 1), author=None):
    issue = services.issue_create(
        actor=actor, number=number, title="Leading a Just Transition", month=month, author=author
    )
    services.section_add(
        actor=actor, issue=issue, heading="World Metropolitan Day", body="<p>Dakar hosts.</p>"
    )
    return issue


def link_in(message, name: str) -> str:
    return re.search(rf"https?://\S+/comms/newsletter/{name}/\S+/", message.body).group(0)


def test_an_issue_goes_to_confirmed_subscribers_only(
    client, communications_staff, locmem_mail, django_capture_on_commit_callbacks
):
    # given one confirmed, one unconfirmed and one unsubscribed address
    subscriber("ana@example.org")
    subscriber("pending@example.org", status="pending")
    subscriber("gone@example.org", status="unsubscribed")
    issue = issue_with_a_section(communications_staff)
    client.force_login(communications_staff)
    url = reverse("comms:issue_send", args=[issue.pk])
    # when communications sends the issue from its page, it is asked first, and nothing goes yet
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url).content.decode()
    assert "Send #1 “Leading a Just Transition” to 1 subscriber?" in page
    assert locmem_mail == [] and not Delivery.objects.exists()
    # and a test to oneself goes to them alone, recording nothing
    communications_staff.email = "cora@example.org"
    communications_staff.save()
    client.post(reverse("comms:issue_test_send", args=[issue.pk]))
    assert [(m.to, m.subject.startswith("[Test]")) for m in locmem_mail] == [(["cora@example.org"], True)]
    assert (
        "Leading a Just Transition"
        in client.get(reverse("comms:issue_preview", args=[issue.pk])).content.decode()
    )
    locmem_mail.clear()
    # when they confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirmed": "1"}, follow=True)
    # then exactly the confirmed address received it, once
    assert [message.to for message in locmem_mail] == [["ana@example.org"]]
    assert "Leading a Just Transition" in locmem_mail[0].subject
    assert dict(Delivery.objects.values_list("email", "status")) == {"ana@example.org": "sent"}
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert "being sent" in response.content.decode()


def test_every_mail_carries_a_one_click_unsubscribe_link_and_header(communications_staff, locmem_mail):
    subscriber("ana@example.org")
    issue = issue_with_a_section(communications_staff)
    send_issue.call(issue_id=issue.pk, base_url=BASE)
    [message] = locmem_mail
    link = link_in(message, "unsubscribe")
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.alternatives[0][0]  # the HTML part too


def test_unsubscribing_from_the_link_in_the_mail_stops_the_next_issue(
    client, communications_staff, locmem_mail
):
    # given a subscriber who received an issue
    subscriber("ana@example.org")
    subscriber("ben@example.org")
    send_issue.call(issue_id=issue_with_a_section(communications_staff).pk, base_url=BASE)
    mail_to_ana = next(m for m in locmem_mail if m.to == ["ana@example.org"])
    path = link_in(mail_to_ana, "unsubscribe").removeprefix("http://testserver")
    # when she opens the link and confirms
    assert client.get(path).status_code == 200
    page = client.post(path).content.decode()
    # then she is unsubscribed, and the next issue goes to Ben only
    assert "You are unsubscribed" in page
    assert Subscriber.objects.get(email="ana@example.org").status == "unsubscribed"
    locmem_mail.clear()
    second = issue_with_a_section(communications_staff, number=2, month=dt.date(2024, 11, 1))
    send_issue.call(issue_id=second.pk, base_url=BASE)
    assert [m.to for m in locmem_mail] == [["ben@example.org"]]


def test_a_mail_program_can_unsubscribe_with_one_post_and_no_csrf_token(communications_staff, locmem_mail):
    from django.test import Client

    subscriber("ana@example.org")
    send_issue.call(issue_id=issue_with_a_section(communications_staff).pk, base_url=BASE)
    path = link_in(locmem_mail[0], "unsubscribe").removeprefix("http://testserver")
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscriber.objects.get().status == "unsubscribed"


def test_an_issue_is_never_sent_twice_to_the_same_address(communications_staff, locmem_mail):
    subscriber("ana@example.org")
    issue = issue_with_a_section(communications_staff)
    send_issue.call(issue_id=issue.pk, base_url=BASE)
    # when the task runs again (a retry, a second worker)
    counts = send_issue.call(issue_id=issue.pk, base_url=BASE)
    # then nothing more is sent
    assert len(locmem_mail) == 1
    assert counts == {"sent": 0, "failed": 0, "skipped": 1}
    # and the page refuses to send it again
    with pytest.raises(DomainError, match="This issue has already been sent"):
        services.issue_send(actor=communications_staff, issue=issue, base_url=BASE)


def test_a_failed_delivery_is_recorded_and_retried_by_the_next_run(
    communications_staff, locmem_mail, settings, monkeypatch
):
    subscriber("ana@example.org")
    issue = issue_with_a_section(communications_staff)

    def broken(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    send_issue.call(issue_id=issue.pk, base_url=BASE)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.error) == ("failed", "mail server down")
    monkeypatch.undo()
    send_issue.call(issue_id=issue.pk, base_url=BASE)
    assert Delivery.objects.get().status == "sent"
    assert len(locmem_mail) == 1


def test_double_opt_in_then_consent_is_recorded(client, locmem_mail, django_capture_on_commit_callbacks):
    # when someone subscribes on the public page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("comms:subscribe"), {"email": "Ana@Example.org", "name": "Ana", "consent": "on"})
    ana = Subscriber.objects.get()
    # then they are pending, and received only the confirmation link
    assert (ana.email, ana.status, ana.consent_at) == ("ana@example.org", "pending", None)
    [message] = locmem_mail
    assert "Confirm your subscription" in message.subject
    # when they open the link
    path = link_in(message, "confirm").removeprefix("http://testserver")
    assert "Your subscription is confirmed" in client.get(path).content.decode()
    # then they are confirmed, with the consent recorded: when, how, and the wording
    ana.refresh_from_db()
    assert ana.status == "confirmed"
    assert ana.consent_at is not None
    assert "double opt-in" in ana.consent_method
    assert "I agree to receive the Metropolis monthly newsletter" in ana.consent_wording


def test_subscribing_without_consent_is_refused(client):
    response = client.post(reverse("comms:subscribe"), {"email": "ana@example.org"})
    assert "This field is required." in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_forged_or_tampered_link_does_nothing(client):
    ana = subscriber("ana@example.org", status="pending")
    assert client.get(reverse("comms:confirm", args=["forged:token"])).status_code == 400
    from metrohub.comms.tokens import unsubscribe_token

    token = unsubscribe_token(ana)
    assert client.post(reverse("comms:unsubscribe", args=[token[:-2] + "xx"])).status_code == 400
    ana.refresh_from_db()
    assert ana.status == "pending"


def test_html_is_sanitised(communications_staff):
    issue = services.issue_create(actor=communications_staff, number=1, title="T", month=dt.date(2024, 1, 1))
    section = services.section_add(
        actor=communications_staff,
        issue=issue,
        heading="H",
        body='<p onclick="x()">Hi<script>alert(1)</script></p>',
    )
    assert section.body == "<p>Hi</p>"


def test_the_author_changes_each_month(communications_staff):
    julia = StaffMemberFactory(name="Julia Munroe")
    services.issue_create(
        actor=communications_staff, number=1, title="A", month=dt.date(2024, 9, 1), author=julia
    )
    with pytest.raises(DomainError, match="changes each month"):
        services.issue_create(
            actor=communications_staff, number=2, title="B", month=dt.date(2024, 10, 1), author=julia
        )


@pytest.mark.parametrize("role", ["programs", "policy", "membership", "finance", "hr", "reviewer"])
def test_only_communications_and_admin_send(role):
    issue = issue_with_a_section(make_user("communications"))
    with pytest.raises(
        NotAllowed, match="Only the communications team and administrators work on communications"
    ):
        services.issue_send(actor=make_user(role), issue=issue, base_url=BASE)


def test_subscribers_are_never_public(client):
    subscriber("secret@example.org")
    assert client.get(reverse("comms:subscribers")).status_code == 302
    client.force_login(make_user("programs"))
    assert client.get(reverse("comms:subscribers")).status_code == 403
    assert client.get(reverse("comms:subscribers_export", args=["csv"])).status_code == 403
    document = client.get("/api/v1/openapi.json").json()
    for route in document["paths"]:
        if route.startswith("/api/v1/comms"):
            assert "secret@example.org" not in client.get(route).content.decode()


def test_the_archive_shows_sent_issues_only(client, communications_staff):
    sent = issue_with_a_section(communications_staff)
    send_issue.call(issue_id=sent.pk, base_url=BASE)
    draft = issue_with_a_section(communications_staff, number=2, month=dt.date(2024, 11, 1))
    Issue.objects.filter(pk=draft.pk).update(title="Secret draft")
    page = client.get(reverse("comms:archive")).content.decode()
    assert "Leading a Just Transition" in page and "Secret draft" not in page
    assert client.get(reverse("comms:archive_issue", args=[draft.pk])).status_code == 404


def test_the_metrics_follow_the_records(communications_staff):
    year = dt.date.today().year
    issues, subscribers = REGISTRY["comms.newsletter.issues"], REGISTRY["comms.subscribers.confirmed"]
    assert (issues.compute(year).value, subscribers.compute(year).value) == (0, 0)
    ana = Subscriber.objects.create(
        email="a@example.org", status="confirmed", confirmed_at=dt.datetime.now(dt.UTC)
    )
    send_issue.call(issue_id=issue_with_a_section(communications_staff).pk, base_url=BASE)
    assert (issues.compute(year).value, subscribers.compute(year).value) == (1, 1)
    Subscriber.objects.filter(pk=ana.pk).update(
        unsubscribed_at=dt.datetime.now(dt.UTC), status="unsubscribed"
    )
    assert subscribers.compute(year).value == 0
