"""Composing a panel in a real browser: the gender balance is worked out again as speakers are
added and removed, without reloading the page, and warns when the panel has no woman or falls
below the network's threshold."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import enrol_totp

pytestmark = pytest.mark.e2e

PANEL = "World Urban Forum: “Scaling Impact, Sharing Platforms for Cities”"


@pytest.fixture
def programs_user(data_2024):
    from metrohub.network.tests.factories import make_user

    user = make_user("programs", username="pia")
    enrol_totp(user)
    return user


def test_composing_a_panel_shows_its_balance_live(page, login, programs_user, screenshot):
    from metrohub.events.models import Event

    event = Event.objects.get(title=PANEL)
    # given the 2024 panel of two speakers whose gender the report does not state
    page.goto(f"/accounts/login/?next=/events/{event.pk}/")
    login(page, "pia")
    expect(page.locator("[data-flag=no-woman]")).to_contain_text("No woman on this panel.")
    # when a programs officer opens the panel to compose it
    page.get_by_role("link", name="Compose this panel").click()
    compose_url = page.url
    balance = page.locator("#balance")
    expect(balance).to_contain_text("2 speakers")
    # and adds a woman: one in three is below the threshold of 40%
    page.get_by_role("textbox", name="Name", exact=True).fill("Amina Diallo")
    page.get_by_role("textbox", name="Title", exact=True).fill("Deputy Mayor")
    page.get_by_label("Gender").select_option("woman")
    page.get_by_role("button", name="Add the speaker").click()
    expect(balance).to_contain_text("3 speakers")
    expect(balance).to_contain_text("33% women")
    expect(page.locator("[data-flag=below-threshold]")).to_contain_text("threshold of 40%")
    # and a second woman: two in four, no warning
    page.get_by_role("textbox", name="Name", exact=True).fill("Lucía Pérez")
    page.get_by_label("Gender").select_option("woman")
    page.get_by_role("button", name="Add the speaker").click()
    expect(balance).to_contain_text("50% women")
    expect(page.locator("[data-flag]")).to_have_count(0)
    screenshot(page, "balanced")
    # when both women are removed, the panel is flagged again
    page.get_by_role("button", name="Remove Amina Diallo").click()
    expect(balance).to_contain_text("33% women")
    page.get_by_role("button", name="Remove Lucía Pérez").click()
    expect(page.locator("[data-flag=no-woman]")).to_be_visible()
    # then all of it happened on the same page, with htmx
    assert page.url == compose_url
    # and the event page flags the panel too
    page.get_by_role("link", name="Back to the event").click()
    expect(page.locator("[data-flag=no-woman]")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/events/{event.pk}/$"))
