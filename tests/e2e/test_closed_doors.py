"""Closed doors explain themselves, in a real browser: an anonymous visitor who follows a link to
a staff page lands on the login page told what is behind it, who may see it, and where its
public side is."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_an_anonymous_visitor_is_told_what_is_behind_the_door(
    page, screenshot, django_db_serialized_rollback
):
    # when an anonymous visitor opens the annual report's working pages
    page.goto("/reports/2024/draft/")
    # then they land on the login page, told what is there and who may see it
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/reports/2024/draft/"))
    door = page.locator("#closed-door")
    expect(door).to_contain_text("The page you asked for is not public")
    expect(door).to_contain_text("The annual report as it is being prepared")
    expect(door).to_contain_text("open to the secretariat's staff only")
    screenshot(page, "reports")
    # and from the newsletter's staff pages, they are offered the public archive
    page.goto("/comms/issues/")
    door = page.locator("#closed-door")
    expect(door).to_contain_text("Only the communications team and administrators work on communications.")
    door.get_by_role("link", name="The newsletter archive").click()
    expect(page).to_have_url(re.compile(r"/comms/newsletter/$"))
    # on a phone the explanation comes before the form
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/fund/")
    box, form = page.locator("#closed-door").bounding_box(), page.locator("#id_login").bounding_box()
    assert box["y"] + box["height"] <= form["y"]
    assert box["width"] <= 375
    screenshot(page, "fund-phone")
