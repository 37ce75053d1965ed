"""Activity per action line: the year's events, grants, publications, courses and projects counted
by the action line each is tagged with, on the MEL dashboard and in the annual report, each count
opening its records.

With the 2024 data: the Urban20 Summit's two events are AL 3 (the report's heading says so),
AVANTIA is AL 4 (its page carries that one tag); every other record of 2024 has no action line on
record (its page carries several tags or none), and is counted apart, never given one.
"""

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from metrohub.core.models import ActionLine
from metrohub.core.testing import assert_queries_constant
from metrohub.events.tests.factories import EventFactory
from metrohub.mel.tests.test_query_counts import DASHBOARD_BUDGET
from metrohub.projects.models import Project

KINDS = ["events", "grants", "publications", "courses", "projects"]


def activity(page: str) -> dict[str, tuple[int, str]]:
    """The table's counts as a reader sees them: "AL3 events" → (2, the page it opens)."""
    found = {}
    for name, url, value in re.findall(r'data-activity="([^"]+)" href="([^"]*)">(\d+)</a>', page):
        line, column = name.rsplit("-", 1)
        found[f"{line} {KINDS[int(column)]}"] = (int(value), html.unescape(url))
    return found


@pytest.fixture
def policy_client(client, staff_user):
    client.force_login(staff_user("policy"))
    return client


def test_the_dashboard_counts_2024s_activity_per_action_line(data_2024, policy_client):
    page = policy_client.get("/mel/?year=2024").content.decode()
    counts = activity(page)
    # the two U20 events under AL 3, AVANTIA under AL 4
    assert counts["AL3 events"] == (2, "/events/?year=2024&action_line=AL3")
    assert counts["AL4 projects"] == (1, "/projects/?year=2024&action_line=AL4")
    # the records whose action line no source states, apart
    assert counts["none events"] == (8, "/events/?year=2024&action_line=none")
    assert counts["none publications"][0] == counts["none courses"][0] == 1
    assert counts["none projects"][0] == 2
    # the year's totals: 10 events, no grant, 1 publication, 1 course, 3 projects
    assert [counts[f"all {kind}"][0] for kind in KINDS] == [10, 0, 1, 1, 3]
    assert 'data-activity-total="AL3">2<' in page and 'data-activity-total="all">15<' in page
    # and the chart beside the table draws the same counts
    assert 'id="activity-chart"' in page and 'aria-describedby="activity-table"' in page


def test_each_count_opens_its_records(data_2024, policy_client):
    counts = activity(policy_client.get("/mel/?year=2024").content.decode())
    events = policy_client.get(counts["AL3 events"][1]).content.decode()
    assert "Urban20 Summit 2024 in São Paulo" in events and "Urban20 Summit 2024 in Rio de Janeiro" in events
    assert "World Metropolitan Day 2024 in Dakar" not in events
    projects = policy_client.get(counts["AL4 projects"][1]).content.decode()
    assert "AVANTIA" in projects and "MGET" not in projects
    publications = policy_client.get(counts["none publications"][1]).content.decode()
    assert "Care Systems: A Toolkit for Local Policy-makers" in publications
    assert "Showing those of 2024, action line None on record." in publications
    courses = policy_client.get(counts["none courses"][1]).content.decode()
    assert "Metropolis Diploma in Internationalization for Local Authorities" in courses
    assert (
        "No publication on record."
        in policy_client.get("/comms/publications/?year=2024&action_line=AL2").content.decode()
    )
    assert policy_client.get(counts["all grants"][1]).status_code == 200


def test_a_record_tagged_through_its_form_moves_its_action_lines_count(data_2024, client, staff_user):
    # given the programs team, editing AVANTIA's page: the form offers the action line
    client.force_login(staff_user("programs"))
    avantia = Project.objects.get(slug="avantia")
    form = client.get(f"/projects/{avantia.pk}/edit/").content.decode()
    assert 'name="action_line"' in form and 'name="thematic_priority"' in form
    assert 'name="action_line"' in client.get("/events/add/").content.decode()
    # when an event of 2024 is tagged AL 2
    EventFactory(
        start=timezone.make_aware(dt.datetime(2024, 5, 1)), action_line=ActionLine.objects.get(code="AL2")
    )
    # then the dashboard counts it under AL 2, and its total grows by one
    client.force_login(staff_user("policy"))
    counts = activity(client.get("/mel/?year=2024").content.decode())
    assert counts["AL2 events"][0] == 1
    assert counts["all events"][0] == 11


def test_the_annual_report_has_the_activity_section(data_2024, policy_client):
    page = policy_client.get("/reports/2024/").content.decode()
    section = page[page.index('id="activity"') :]
    section = section[: section.index("</section>")]
    assert "Activity per action line" in section
    counts = activity(section)
    assert counts["AL3 events"] == (2, "/events/?year=2024&action_line=AL3")
    assert counts["AL4 projects"] == (1, "/projects/?year=2024&action_line=AL4")
    assert [counts[f"all {kind}"][0] for kind in KINDS] == [10, 0, 1, 1, 3]
    # the section's figures: the year's records of each kind, each opening them
    assert 'data-figure="projects.projects"' in section or "Partnership projects under way" in section


def test_the_dashboards_activity_costs_the_same_queries_for_few_or_many_records(db, policy_client):
    lines = list(ActionLine.objects.all())

    def grow():
        for number in range(10):
            EventFactory(start=timezone.make_aware(dt.datetime(2024, 3, 1)), action_line=lines[number % 5])
            Project.objects.create(
                slug=f"budget-{number}",
                acronym=f"B{number}",
                name="B",
                started_in=2024,
                action_line=lines[number % 5],
            )

    EventFactory(start=timezone.make_aware(dt.datetime(2024, 3, 1)), action_line=lines[0])
    # the dashboard's budget (mel/tests/test_query_counts.py) holds the activity's 6 queries
    assert_queries_constant(policy_client, "/mel/?year=2024", grow=grow, budget=DASHBOARD_BUDGET)
