"""The calls API: open calls for anyone, applications only for those who may see them."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from metrohub.calls import services
from metrohub.calls.tests.factories import make_application, make_call
from metrohub.calls.workflow import Status
from metrohub.network.tests.factories import make_user


def test_anyone_lists_the_open_calls_but_not_the_others(client, db):
    make_call(title="Open call")
    now = timezone.now()
    make_call(title="Past call", opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(days=1))
    titles = [c["title"] for c in client.get("/api/v1/calls").json()["items"]]
    assert titles == ["Open call"]


def test_a_closed_call_is_refused_to_the_public_but_shown_to_staff(client, db):
    now = timezone.now()
    past = make_call(
        title="Past call", opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(days=1)
    )
    assert client.get(f"/api/v1/calls/{past.pk}").status_code == 403
    client.force_login(make_user("programs"))
    assert client.get(f"/api/v1/calls/{past.pk}").json()["title"] == "Past call"


def test_a_call_explains_eligibility_to_a_focal_point(client, focal_point, lab_call):
    client.force_login(focal_point)
    detail = client.get(f"/api/v1/calls/{lab_call.pk}").json()
    assert [q["label"] for q in detail["questions"]] == ["What is the project?", "Role"]
    assert detail["your_eligibility"][0]["ok"] is True


def test_applications_are_scoped_to_what_the_caller_may_see(
    client, lab_call, city, other_city, programs_staff
):
    mine = make_application(lab_call, city, status=Status.IN_REVIEW)
    theirs = make_application(lab_call, other_city, status=Status.IN_REVIEW)
    reviewer = make_user("reviewer")
    services.assignment_create(actor=programs_staff, application=theirs, reviewer=reviewer)

    assert client.get("/api/v1/calls/applications").status_code == 403
    client.force_login(make_user("focal_point", organisation=city))
    assert [a["id"] for a in client.get("/api/v1/calls/applications").json()["items"]] == [mine.pk]
    assert client.get(f"/api/v1/calls/applications/{theirs.pk}").status_code == 403
    client.force_login(reviewer)
    assert [a["id"] for a in client.get("/api/v1/calls/applications").json()["items"]] == [theirs.pk]
    assert client.get(f"/api/v1/calls/applications/{mine.pk}").status_code == 403
    client.force_login(programs_staff)
    assert len(client.get("/api/v1/calls/applications").json()["items"]) == 2
    assert client.get(f"/api/v1/calls/applications/{mine.pk}").json()["transitions"][-1]["to"] == "in_review"


def test_a_fund_call_names_its_fund(client, db):
    from metrohub.fund.tests.factories import make_fund
    from metrohub.network.tests.factories import OrganisationFactory

    fund = make_fund(donor=OrganisationFactory(kind="partner"), name="Care Fund")
    call = make_call(fund=fund, max_amount=100_000)
    detail = client.get(f"/api/v1/calls/{call.pk}").json()
    assert (detail["fund"], Decimal(detail["max_amount"])) == ("Care Fund", 100_000)
    assert Decimal(client.get("/api/v1/fund/funds").json()[0]["raised"]) == 150_000
