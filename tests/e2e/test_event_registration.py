"""World Metropolitan Day 2025, through pages only: the programs team creates the event, Dakar's
focal point adds and registers their people (the event fills, the third waits), on the day the
staff tick attendance on a phone, an attendee leaves feedback, and the staff read the summary.

The data holds no 2025 event, and 2025 is over by the time this runs: the test moves the clock
(time-machine, which the live server's thread sees too) to before the event, to its day, and to
after it. Session and CSRF cookies are made browser-session cookies for this test, so that a
cookie dated in 2025 is not thrown away by a browser living in the present."""

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.e2e.conftest import enrol_totp

pytestmark = pytest.mark.e2e

TITLE = "World Metropolitan Day 2025"
PEOPLE = [("Awa Diop", "awa.diop@dakar.example"), ("Moussa Sarr", "moussa.sarr@dakar.example")]
THIRD = ("Fatou Ba", "fatou.ba@dakar.example")
PHONE = {"width": 375, "height": 812}


def at(year, month, day, hour=10):
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=dt.UTC), tick=True)


@pytest.fixture
def users(data_2024, settings):
    from metrohub.network.models import Organisation
    from metrohub.network.tests.factories import make_user

    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    dakar = Organisation.objects.get(name="Dakar")
    make_user("focal_point", organisation=dakar, username="focal-dakar-e2e")
    enrol_totp(make_user("programs", username="pia"))
    return dakar


def log_in(new_page, login, username, path, phone=False):
    page = new_page()
    if phone:
        page.set_viewport_size(PHONE)
    page.goto(f"/accounts/login/?next={path}")
    login(page, username)
    return page


def test_dakar_registers_for_world_metropolitan_day_and_attendance_and_feedback_follow(
    new_page, login, users, screenshot
):
    from metrohub.events.models import Event, Feedback, Registration

    with at(2025, 9, 1):
        # given the programs team creates the 2025 day through the staff page, with two places
        staff = log_in(new_page, login, "pia", "/events/add/")
        staff.select_option("#id_kind", "network_day")
        staff.fill("#id_title", TITLE)
        staff.fill("#id_start", "2025-10-06T09:00")
        staff.fill("#id_end", "2025-10-06T18:00")
        staff.fill("#id_timezone", "Africa/Dakar")
        staff.fill("#id_capacity", "2")
        staff.get_by_role("button", name="Save").click()
        expect(staff.locator("main")).to_contain_text(f"“{TITLE}” was saved.")
        event = Event.objects.get(title=TITLE)

        # and Dakar's focal point records three of the city's people on its page
        focal = log_in(new_page, login, "focal-dakar-e2e", "/portal/")
        for name, email in [*PEOPLE, THIRD]:
            focal.get_by_role("link", name="Add a person").click()
            focal.get_by_label("Name").fill(name)
            focal.get_by_label("Email").fill(email)
            focal.get_by_label("Title").fill("Urban planner")
            focal.get_by_label("Role").select_option("staff")
            focal.get_by_role("button", name="Save").click()
            expect(focal.locator("main")).to_contain_text(name)

        # when the focal point registers two of them from the portal
        focal.goto("/portal/")
        focal.locator("#portal-events-title").scroll_into_view_if_needed()
        focal.get_by_role("link", name="Register people").first.click()
        expect(focal.get_by_role("heading", level=1)).to_contain_text(TITLE)
        for name, _email in PEOPLE:
            focal.get_by_label(name).check()
        focal.get_by_role("button", name="Register them").click()
        # then both have places, and the event is full
        expect(focal.locator("main")).to_contain_text("Awa Diop, Moussa Sarr are registered.")
        expect(focal.locator("#counts")).to_contain_text("2 of 2 places taken, 0 free")
        # when a third is registered, they go to the waiting list (not refused)
        focal.get_by_label(THIRD[0]).check()
        focal.get_by_role("button", name="Register them").click()
        expect(focal.locator("main")).to_contain_text("The event is full: Fatou Ba is on the waiting list.")
        expect(focal.locator("#our-registrations [data-status=waitlisted]")).to_contain_text(THIRD[0])
        screenshot(focal, "registered")
        statuses = dict(Registration.objects.filter(event=event).values_list("name", "status"))
        assert statuses == {"Awa Diop": "confirmed", "Moussa Sarr": "confirmed", "Fatou Ba": "waitlisted"}

    with at(2025, 10, 6, 11):
        # on the day, the staff tick attendance on a phone-sized page
        phone = log_in(new_page, login, "pia", f"/events/{event.pk}/attendance/", phone=True)
        expect(phone.locator("#present-count")).to_contain_text("0 of 2 confirmed people ticked as present.")
        for name, _email in PEOPLE:
            phone.get_by_role("button", name=f"Tick {name} as present").click()
            expect(phone.get_by_role("button", name=f"{name} is present: untick")).to_be_visible()
        # the count follows without reloading the page
        expect(phone.locator("#present-count")).to_contain_text("2 of 2 confirmed people ticked as present.")
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, "the attendance list scrolls sideways on a phone"
        screenshot(phone, "attendance-phone")
        ticked = Registration.objects.filter(event=event, attended=True)
        assert sorted(ticked.values_list("name", flat=True)) == ["Awa Diop", "Moussa Sarr"]
        assert {r.attendance_by.username for r in ticked} == {"pia"}
        # the ticks survive a reload, with who ticked
        phone.reload()
        expect(phone.locator("#present-count")).to_contain_text("2 of 2 confirmed people ticked as present.")
        expect(phone.locator("#attendance")).to_contain_text("ticked by pia")

    with at(2025, 10, 8):
        # after the event, an attendee leaves feedback through the link the portal gives
        focal = log_in(new_page, login, "focal-dakar-e2e", "/portal/")
        focal.get_by_role("link", name="Feedback form for Awa Diop").click()
        focal.get_by_role("group", name="Overall, how was the event?").get_by_label("Excellent").check()
        focal.get_by_role("group", name="Was it useful for your organisation's work?").get_by_label(
            "Yes"
        ).check()
        focal.get_by_label("Anything to tell the organisers? (optional)").fill("The debate on green jobs.")
        screenshot(focal, "feedback-form")
        focal.get_by_role("button", name="Send my feedback").click()
        expect(focal.locator("main")).to_contain_text("Thank you: your feedback is recorded.")
        assert Feedback.objects.get().registration.name == "Awa Diop"

        # and the staff see the summary, a chart beside its table
        staff = log_in(new_page, login, "pia", f"/events/{event.pk}/feedback/")
        expect(staff.locator("#feedback-summary")).to_contain_text("1 answers from 2 attendees.")
        expect(staff.locator("#feedback-summary")).to_contain_text("Average rating: 5.0 out of 5")
        expect(
            staff.locator("#feedback-ratings-chart svg, #feedback-ratings-chart canvas").first
        ).to_be_visible()
        expect(staff.locator("#feedback-by-rating")).to_contain_text("5 · Excellent")
        expect(staff.locator("#feedback-comments")).to_contain_text("The debate on green jobs.")
        screenshot(staff, "feedback-summary")
        # and the registrations list, filtered to the waiting list
        staff.goto(f"/events/{event.pk}/registrations/?status=waitlisted")
        expect(staff.locator("#registrations")).to_contain_text(THIRD[0])
        expect(staff.locator("#registrations")).not_to_contain_text(PEOPLE[0][0])
        expect(staff).to_have_url(re.compile(r"status=waitlisted"))
        screenshot(staff, "registrations-waiting")
