"""The pages of events, communications and projects: no serious accessibility violation (axe-core),
on the real 2024 data, for the public and for staff."""

import pytest

from tests.e2e.conftest import enrol_totp
from tests.e2e.test_accessibility import serious_violations

pytestmark = pytest.mark.e2e

PUBLIC_PAGES = [
    "/events/",
    "/events/?panel=no_woman",
    "EVENT",
    "/comms/newsletter/",
    "/comms/newsletter/subscribe/",
    "/comms/publications/",
    "/comms/media/",
    "/comms/testimonials/",
    "/projects/",
    "PROJECT",
]
STAFF_PAGES = [
    "PANEL",
    "/comms/issues/",
    "/comms/issues/add/",
    "/comms/subscribers/",
    "/comms/testimonials/manage/",
]


def resolve(path: str) -> str:
    from metrohub.events.models import Event, Panel
    from metrohub.projects.models import Project

    return {
        "EVENT": f"/events/{Event.objects.get(title='World Metropolitan Day 2024 in Dakar').pk}/",
        "PROJECT": f"/projects/{Project.objects.get(slug='mget').pk}/",
        "PANEL": f"/events/panels/{Panel.objects.first().pk}/",
    }.get(path, path)


def test_public_pages_have_no_serious_accessibility_violation(page, data_2024):
    for path in PUBLIC_PAGES:
        page.goto(resolve(path))
        page.wait_for_load_state("networkidle")
        assert serious_violations(page) == [], path


def test_staff_pages_have_no_serious_accessibility_violation(page, data_2024, login):
    from metrohub.network.tests.factories import make_user

    enrol_totp(make_user("admin", username="ada"))
    page.goto("/accounts/login/")
    login(page, "ada")
    for path in STAFF_PAGES:
        page.goto(resolve(path))
        page.wait_for_load_state("networkidle")
        assert serious_violations(page) == [], path
