"""The calls' pages cost a fixed number of SQL queries, however many calls, applications and
reviews they show: each test counts a page's queries, adds rows, counts again (the style of
metrohub/network/tests/test_query_counts.py)."""

import pytest

from metrohub.calls import services
from metrohub.calls.models import Assignment
from metrohub.calls.tests.factories import make_application, make_call
from metrohub.calls.workflow import Status
from metrohub.core.permissions import SYSTEM
from metrohub.core.testing import assert_queries_constant
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user

# Queries per request, measured on SQLite (in brackets), plus a margin of 2. A page for the
# secretariat starts with 4: session, user, the user's groups, their second factor.
CALLS_BUDGET = 8  # (6)
CALL_BUDGET = 19  # (17) one count per status of the workflow
APPLICATIONS_BUDGET = 9  # (7)
APPLICATIONS_CSV_BUDGET = 8  # (6) one query streams every row
APPLICATION_BUDGET = 21  # (19) the guards read the reviews and the rubric once; the mail's status
DECISIONS_BUDGET = 12  # (10)
ASSIGNMENTS_BUDGET = 6  # (4)
PORTAL_BUDGET = 12  # (10) the city's standing (membership, dues) read once for every open call

pytestmark = pytest.mark.django_db


def add_cities(count: int, *, start: int = 0) -> list:
    cities = []
    for n in range(start, start + count):
        city = OrganisationFactory(name=f"Scale City {n:03d}", slug=f"scale-city-{n:03d}")
        MembershipFactory(organisation=city)
        cities.append(city)
    return cities


def add_applications(call, count: int, *, start: int = 0, status=Status.SUBMITTED) -> list:
    return [make_application(call, city, status=status) for city in add_cities(count, start=start)]


def add_reviews(applications, reviewers) -> None:
    """Each reviewer assigned to each application; the first of them scores it."""
    for application in applications:
        for n, reviewer in enumerate(reviewers):
            assignment = services.assignment_create(actor=SYSTEM, application=application, reviewer=reviewer)
            if n == 0:
                services.conflict_declare(actor=reviewer, assignment=assignment, conflict=False)
                scores = {criterion.pk: 4 for criterion in application.call.criteria.all()}
                services.review_submit(actor=reviewer, assignment=assignment, scores=scores)


@pytest.fixture
def staff_client(client, programs_staff):
    client.force_login(programs_staff)
    return client


def test_the_calls_list_costs_the_same_queries_for_2_or_30_calls(staff_client):
    # given two calls
    for _ in range(2):
        make_call(questions=False, criteria=False)

    def grow():
        for _ in range(28):
            make_call(questions=False, criteria=False)

    # when / then
    assert_queries_constant(staff_client, "/calls/", grow=grow, budget=CALLS_BUDGET)


def test_a_calls_page_costs_the_same_queries_with_more_applications(staff_client, lab_call):
    add_applications(lab_call, 2)
    assert_queries_constant(
        staff_client,
        f"/calls/{lab_call.pk}/",
        grow=lambda: add_applications(lab_call, 15, start=2),
        budget=CALL_BUDGET,
    )


def test_the_applications_list_costs_the_same_queries_for_3_or_33_applications(staff_client, lab_call):
    # given a few applications
    add_applications(lab_call, 3)

    # when many more come in
    page = assert_queries_constant(
        staff_client,
        "/calls/applications/",
        grow=lambda: add_applications(lab_call, 30, start=3),
        budget=APPLICATIONS_BUDGET,
    )

    # then the page shows one page of them
    assert page.count("Scale City ") == 25


def test_the_applications_export_streams_every_row_in_the_same_queries(staff_client, lab_call):
    add_applications(lab_call, 3)
    csv = assert_queries_constant(
        staff_client,
        "/calls/applications.csv",
        grow=lambda: add_applications(lab_call, 30, start=3),
        budget=APPLICATIONS_CSV_BUDGET,
    )
    assert len(csv.splitlines()) == 1 + 33


def test_an_applications_page_costs_the_same_queries_with_more_reviewers(staff_client, lab_call):
    # given an application in review with one reviewer
    [application] = add_applications(lab_call, 1, status=Status.IN_REVIEW)
    add_reviews([application], [make_user("reviewer")])

    # when / then more reviewers are assigned
    assert_queries_constant(
        staff_client,
        f"/calls/applications/{application.pk}/",
        grow=lambda: [
            services.assignment_create(actor=SYSTEM, application=application, reviewer=make_user("reviewer"))
            for _ in range(6)
        ],
        budget=APPLICATION_BUDGET,
    )


def test_the_decisions_table_costs_the_same_queries_for_more_applications_and_reviewers(
    staff_client, lab_call
):
    # given two applications in review, each scored by one of two reviewers
    reviewers = [make_user("reviewer") for _ in range(2)]
    add_reviews(add_applications(lab_call, 2, status=Status.IN_REVIEW), reviewers)

    def grow():
        more = reviewers + [make_user("reviewer") for _ in range(3)]
        add_reviews(add_applications(lab_call, 12, start=2, status=Status.IN_REVIEW), more)

    # when / then
    page = assert_queries_constant(
        staff_client, f"/calls/{lab_call.pk}/decisions/", grow=grow, budget=DECISIONS_BUDGET
    )
    assert page.count("Scale City ") >= 14


def test_a_reviewers_list_costs_the_same_queries_for_more_assignments(client, lab_call, reviewer):
    # given a reviewer with one assignment, scored
    add_reviews(add_applications(lab_call, 1, status=Status.IN_REVIEW), [reviewer])
    client.force_login(reviewer)

    # when / then more are assigned to them
    assert_queries_constant(
        client,
        "/calls/reviews/",
        grow=lambda: add_reviews(
            add_applications(lab_call, 10, start=1, status=Status.IN_REVIEW), [reviewer]
        ),
        budget=ASSIGNMENTS_BUDGET,
    )
    assert Assignment.objects.filter(reviewer=reviewer).count() == 11


def test_the_portal_costs_the_same_queries_for_more_calls_and_applications(client, city, focal_point):
    # given one open call and the city's application to it
    make_application(make_call(), city)
    client.force_login(focal_point)

    def grow():
        for _ in range(8):
            make_application(make_call(), city)

    # when / then
    assert_queries_constant(client, "/calls/portal/", grow=grow, budget=PORTAL_BUDGET)
