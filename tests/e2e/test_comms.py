"""Composing and sending a newsletter issue in a real browser: it reaches the confirmed
subscriber only, through the task queue, and the link in the mail unsubscribes."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import enrol_totp

pytestmark = pytest.mark.e2e


@pytest.fixture
def communications_user(data_2024):
    from metrohub.comms.models import Subscriber
    from metrohub.network.tests.factories import make_user

    Subscriber.objects.create(email="ana@example.org", status="confirmed")
    Subscriber.objects.create(email="ben@example.org", status="pending")
    Subscriber.objects.create(email="cy@example.org", status="unsubscribed")
    user = make_user("communications", username="cora")
    enrol_totp(user)
    return user


def test_composing_and_sending_an_issue(page, new_page, login, communications_user, mailoutbox, screenshot):
    # given a communications officer
    page.goto("/comms/issues/")
    login(page, "cora")
    # when they compose an issue written by a member of the secretariat
    page.get_by_role("link", name="New issue").click()
    page.get_by_label("Number").fill("1")
    page.locator("#id_title").fill("Leading a Just Transition")
    page.get_by_label("Month").fill("2024-10-01")
    page.get_by_label("Author").select_option(label="Julia Munroe — Policy Officer")
    page.get_by_role("button", name="Save").click()
    page.get_by_label("Heading").fill("World Metropolitan Day in Dakar")
    page.get_by_label("Text", exact=True).fill(
        "<p>The first World Metropolitan Day in Africa.</p><script>x()</script>"
    )
    page.get_by_label("Featured member initiative").fill("Dakar")  # a search as one types
    page.get_by_role("radio", name="Dakar", exact=True).check()
    page.get_by_role("button", name="Add the section").click()
    expect(page.get_by_role("heading", name="World Metropolitan Day in Dakar")).to_be_visible()
    # and send it
    page.get_by_role("button", name="Send to 1 confirmed subscriber").click()
    # a confirmation asks first, naming the issue and how many will get it
    expect(page.locator("h1")).to_have_text("Send #1 “Leading a Just Transition” to 1 subscriber?")
    page.get_by_role("button", name="Send to 1 subscriber").click()
    # then the confirmed address, and only it, received the issue
    expect(page.locator("#issue-status")).to_have_text("Sent")
    expect(page.locator("#deliveries tbody tr")).to_have_count(1)
    expect(page.locator("#deliveries tbody tr[data-status=sent]")).to_contain_text("ana@example.org")
    screenshot(page, "sent")
    assert [message.to for message in mailoutbox] == [["ana@example.org"]]
    assert "<script>" not in mailoutbox[0].alternatives[0][0]
    # when Ana follows the unsubscribe link in her mail
    link = re.search(r"https?://\S+/comms/newsletter/unsubscribe/\S+/", mailoutbox[0].body).group(0)
    reader = new_page()
    reader.goto(link)
    reader.get_by_role("button", name="Unsubscribe").click()
    # then she is unsubscribed
    expect(reader.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    from metrohub.comms.models import Subscriber

    assert Subscriber.objects.get(email="ana@example.org").status == "unsubscribed"
