"""The communications pages, public and staff, cost a fixed number of SQL queries, however many
issues, sections, subscribers, publications, campaigns and testimonials they show: each test counts a
page's queries, adds rows, counts again."""

import datetime as dt
from decimal import Decimal

import pytest

from metrohub.comms import models
from metrohub.comms.models import (
    Campaign,
    Channel,
    Delivery,
    Episode,
    Issue,
    Publication,
    Section,
    Subscriber,
    TrafficFigure,
    VideoSeries,
)
from metrohub.core.testing import assert_queries_constant
from metrohub.network.tests.factories import OrganisationFactory

# Queries per request, measured on SQLite (in brackets), plus a margin of 2. A page for the
# secretariat starts with 4: session, user, the user's groups, their second factor.
BUDGETS = {
    "/comms/newsletter/": 4,  # (2) anonymous: no session, user or groups
    "/comms/publications/": 5,  # (3)
    "/comms/media/": 8,  # (6)
    "/comms/testimonials/": 3,  # (1)
    "/comms/issues/": 9,  # (7)
    "/comms/subscribers/": 9,  # (7)
    "/comms/subscribers.csv": 7,  # (5) one query streams every row
    "/comms/testimonials/manage/": 7,  # (5)
}
ISSUE_BUDGET = 10  # (8)
ARCHIVE_ISSUE_BUDGET = 4  # (2) anonymous

pytestmark = pytest.mark.django_db


def add_issues(count: int, *, start: int = 0) -> list[Issue]:
    issues = []
    for n in range(start, start + count):
        issue = Issue.objects.create(
            number=n + 1,
            title=f"Scale Issue {n:03d}",
            month=dt.date(2000 + n // 12, 1 + n % 12, 1),
            status="sent",
        )
        add_sections(issue, 1)
        subscriber = Subscriber.objects.create(email=f"reader{n}@example.org", status="confirmed")
        Delivery.objects.create(issue=issue, subscriber=subscriber, email=subscriber.email, status="sent")
        issues.append(issue)
    return issues


def add_sections(issue: Issue, count: int) -> None:
    for n in range(count):
        Section.objects.create(
            issue=issue,
            heading=f"Section {n}",
            body="<p>News.</p>",
            featured_organisation=OrganisationFactory(),
        )


def add_records(count: int, *, start: int = 0) -> None:
    """Issues with their sections and deliveries, subscribers, publications with their traffic,
    channels, campaigns, video episodes and testimonials."""
    add_issues(count, start=start)
    series, _ = VideoSeries.objects.get_or_create(title="10 Minutes With the Mayor")
    for n in range(start, start + count):
        Subscriber.objects.create(email=f"scale{n}@example.org", status=["confirmed", "pending"][n % 2])
        publication = Publication.objects.create(kind="toolkit", title=f"Scale Toolkit {n:03d}")
        TrafficFigure.objects.create(
            publication=publication, label="views", value=Decimal(n), unit="views", period=2024
        )
        channel = Channel.objects.create(name=f"Channel {n}", platform="Video", period=2024, followers=n)
        Campaign.objects.create(name=f"Campaign {n}", channel=channel, views=n, start=dt.date(2024, 1, 1))
        Episode.objects.create(series=series, city=OrganisationFactory(), city_name=f"City {n}")
        models.Testimonial.objects.create(
            quote="Quoted.", person_name=f"Person {n}", city=OrganisationFactory(), consent="given"
        )


@pytest.fixture
def staff_client(client, communications_staff):
    client.force_login(communications_staff)
    return client


PUBLIC = ["/comms/newsletter/", "/comms/publications/", "/comms/media/", "/comms/testimonials/"]
STAFF = ["/comms/issues/", "/comms/subscribers/", "/comms/subscribers.csv", "/comms/testimonials/manage/"]


@pytest.mark.parametrize("url", PUBLIC)
def test_the_public_pages_cost_the_same_queries_for_2_or_30_records(client, url):
    add_records(2)
    assert_queries_constant(client, url, grow=lambda: add_records(28, start=2), budget=BUDGETS[url])


@pytest.mark.parametrize("url", STAFF)
def test_the_staff_pages_cost_the_same_queries_for_2_or_30_records(staff_client, url):
    add_records(2)
    assert_queries_constant(staff_client, url, grow=lambda: add_records(28, start=2), budget=BUDGETS[url])


def test_an_issues_pages_cost_the_same_queries_with_more_sections(client, staff_client):
    [issue] = add_issues(1)
    assert_queries_constant(
        staff_client, f"/comms/issues/{issue.pk}/", grow=lambda: add_sections(issue, 10), budget=ISSUE_BUDGET
    )
    client.logout()
    assert_queries_constant(
        client,
        f"/comms/newsletter/{issue.pk}/",
        grow=lambda: add_sections(issue, 10),
        budget=ARCHIVE_ISSUE_BUDGET,
    )
