"""Every one-way action asks first, in a real browser: its confirmation page names what will
happen and to whom; Cancel changes nothing; Confirm acts. A decision is offered only once the
rubric is scored; a release that would change nothing is refused.

Over 200 lines because it walks every one-way action of the issue (#18) in one place."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import enrol_totp
from tests.e2e.test_futures import release  # noqa: F401  (the fixture: Metro Futures' release 1)

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(release):  # noqa: F811
    from metrohub.calls.models import Question
    from metrohub.calls.tests.factories import make_application, make_call, score_application
    from metrohub.calls.workflow import Status
    from metrohub.comms import services as comms
    from metrohub.comms.models import Subscriber
    from metrohub.core.permissions import SYSTEM
    from metrohub.fund.tests.factories import make_fund
    from metrohub.network.models import Organisation
    from metrohub.network.tests.factories import (
        MembershipFactory,
        OrganisationFactory,
        PositionFactory,
        make_user,
    )

    def member(name):
        organisation = OrganisationFactory(name=name, slug=name.lower())
        MembershipFactory(organisation=organisation)
        return organisation

    cairo, lima, accra = member("Cairo"), member("Lima"), member("Accra")
    donor = OrganisationFactory(name="Donor", slug="donor", kind=Organisation.Kind.PARTNER)
    fund = make_fund(donor=donor, name="International Fund", raised="200000")
    grants = make_call(fund=fund, max_amount=100_000, title="Care grants")
    chosen = make_application(grants, cairo, status=Status.IN_REVIEW, amount=75_000)
    score_application(chosen)
    unscored = make_application(grants, lima, status=Status.IN_REVIEW, amount=50_000)
    lab = make_call(title="Water lab")
    draft = make_application(lab, accra)
    empty_call = make_call(title="Heat lab")
    Question.objects.filter(call=empty_call, label="Role").update(label="Your role in the lab")
    issue = comms.issue_create(actor=SYSTEM, number=12, title="Newsletter 12", month=dt.date(2024, 12, 1))
    comms.section_add(actor=SYSTEM, issue=issue, heading="News", body="<p>News.</p>")
    for n in range(3):
        Subscriber.objects.create(email=f"reader{n}@example.org", status="confirmed")
    person = PositionFactory(organisation=lima, person__name="Rosa Quispe").person
    users = {
        "admin": make_user("admin", username="ada"),
        "focal": make_user("focal_point", organisation=accra, username="focal-accra"),
    }
    users["admin"].email = "ada@example.org"
    users["admin"].save()
    for user in users.values():
        enrol_totp(user)
    return {
        "chosen": chosen, "unscored": unscored, "draft": draft, "empty_call": empty_call,
        "issue": issue, "person": person, "score": score_application,
    }  # fmt: skip


def _status(application) -> str:
    application.refresh_from_db()
    return application.status


def test_every_one_way_action_asks_first(new_page, world, login, screenshot, mailoutbox, settings):
    from metrohub.calls.models import Question
    from metrohub.comms.models import Issue
    from metrohub.fund.models import Grant
    from metrohub.futures.models import Release
    from metrohub.futures.tests.helpers import revise_an_observation
    from metrohub.network.models import Person

    def shoot(page, name):
        screenshot(page, name)
        page.set_viewport_size({"width": 375, "height": 800})
        screenshot(page, f"{name}-375")
        page.set_viewport_size({"width": 1280, "height": 800})

    # The focal point submits the draft: the confirmation names the call; Cancel keeps the draft.
    draft = world["draft"]
    page = new_page()
    page.set_default_timeout(30_000)  # the machine running the suite may be busy
    page.goto(f"/calls/applications/{draft.pk}/")
    login(page, "focal-accra")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("h1")).to_have_text("Submit the application of Accra to “Water lab”?")
    expect(page.locator("#consequences")).to_contain_text("can no longer be changed")
    shoot(page, "confirm-submit")
    page.get_by_role("link", name="Cancel").click()
    assert _status(draft) == "draft"
    page.get_by_role("button", name="Submit", exact=True).click()
    page.get_by_role("button", name="Submit the application").click()
    expect(page.locator(".alert-success")).to_contain_text("Your application was submitted")
    assert _status(draft) == "submitted"
    # then withdraws it: asked first too
    page.get_by_role("button", name="Withdraw").click()
    expect(page.locator("h1")).to_have_text("Withdraw the application of Accra from “Water lab”?")
    shoot(page, "confirm-withdraw")
    page.get_by_role("link", name="Cancel").click()
    assert _status(draft) == "submitted"
    page.get_by_role("button", name="Withdraw").click()
    page.get_by_role("button", name="Withdraw the application").click()
    expect(page.locator("h1 .badge").first).to_have_text("Withdrawn")

    # Staff: no decision is offered before the rubric is scored.
    chosen, unscored = world["chosen"], world["unscored"]
    page = new_page()
    page.set_default_timeout(30_000)
    page.goto(f"/calls/{chosen.call_id}/decisions/")
    login(page, "ada")
    lima_row = page.locator("#decisions tr", has_text="Lima")
    expect(lima_row).to_contain_text("Waiting for the scores")
    expect(lima_row.get_by_role("button", name=re.compile("^(Select|Decline|Put on)"))).to_have_count(0)
    cairo_row = page.locator("#decisions tr", has_text="Cairo")
    expect(cairo_row.get_by_role("button", name=re.compile("^Select"))).to_be_visible()
    # Selecting Cairo asks first, with its score; Cancel changes nothing
    cairo_row.get_by_role("button", name=re.compile("^Select")).click()
    expect(page.locator("h1")).to_have_text("Select Cairo for “Care grants”?")
    expect(page.locator("#consequences")).to_contain_text("Mean score: 4.0 / 5, from 1 review.")
    shoot(page, "confirm-select")
    page.get_by_role("link", name="Cancel").click()
    assert _status(chosen) == "in_review"
    page.locator("#decisions tr", has_text="Cairo").get_by_role("button", name=re.compile("^Select")).click()
    page.get_by_role("button", name="Select Cairo").click()
    expect(page.locator("#decisions tr", has_text="Cairo")).to_contain_text("Selected")
    # once Lima is scored, Decline is offered, and asks first
    world["score"](unscored, score=1)
    page.reload()
    page.locator("#decisions tr", has_text="Lima").get_by_role("button", name=re.compile("^Decline")).click()
    expect(page.locator("h1")).to_have_text("Decline the application of Lima to “Care grants”?")
    shoot(page, "confirm-decline")
    page.get_by_role("link", name="Cancel").click()
    assert _status(unscored) == "in_review"
    page.locator("#decisions tr", has_text="Lima").get_by_role("button", name=re.compile("^Decline")).click()
    page.get_by_role("button", name="Decline the application").click()
    expect(page.locator("#decisions tr", has_text="Lima")).to_contain_text("Declined")

    # Awarding EUR 75,000 to Cairo names the fund's balance after it.
    page.goto(f"/fund/award/{chosen.pk}/")
    page.get_by_label("Amount (EUR)").fill("75000")
    page.get_by_role("button", name="Award", exact=True).click()
    expect(page.locator("h1")).to_have_text("Award EUR 75,000 to Cairo from International Fund?")
    expect(page.locator("#consequences")).to_contain_text("goes from EUR 200,000 to EUR 125,000")
    shoot(page, "confirm-award")
    page.get_by_role("link", name="Cancel").click()
    assert not Grant.objects.exists()
    page.goto(f"/fund/award/{chosen.pk}/")
    page.get_by_label("Amount (EUR)").fill("75000")
    page.get_by_role("button", name="Award", exact=True).click()
    page.get_by_role("button", name="Award EUR 75,000").click()
    expect(page.locator(".alert-success")).to_contain_text("Cairo was awarded EUR 75,000.00.")
    assert Grant.objects.get().amount == Decimal("75000")

    # Removing a question of an open call names it.
    call = world["empty_call"]
    page.goto(f"/calls/{call.pk}/")
    page.get_by_role("button", name="Remove Your role in the lab").click()
    expect(page.locator("h1")).to_have_text("Remove the question “Your role in the lab”?")
    shoot(page, "confirm-question")
    page.get_by_role("link", name="Cancel").click()
    assert Question.objects.filter(call=call, label="Your role in the lab").exists()
    page.get_by_role("button", name="Remove Your role in the lab").click()
    page.get_by_role("button", name="Remove the question").click()
    expect(page.locator(".alert-success")).to_contain_text("The question was removed.")
    assert not Question.objects.filter(call=call, label="Your role in the lab").exists()

    # Sending the newsletter: how many get it, a preview, a test to oneself; Cancel sends nothing.
    issue = world["issue"]
    page.goto(f"/comms/issues/{issue.pk}/")
    page.get_by_role("button", name="Send to 3 confirmed subscribers").click()
    expect(page.locator("h1")).to_have_text("Send #12 “Newsletter 12” to 3 subscribers?")
    expect(page.get_by_role("link", name="Preview the mail as subscribers will get it")).to_be_visible()
    shoot(page, "confirm-send")
    page.get_by_role("button", name="Send me a test").click()
    expect(page.locator(".alert-success")).to_contain_text("A test was sent to ada@example.org.")
    assert [(m.to, m.subject.startswith("[Test]")) for m in mailoutbox] == [(["ada@example.org"], True)]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    page.get_by_role("link", name="Cancel").click()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT and len(mailoutbox) == 1
    page.get_by_role("button", name="Send to 3 confirmed subscribers").click()
    page.get_by_role("button", name="Send to 3 subscribers").click()
    expect(page.locator("#issue-status")).to_have_text("Sent")
    assert len(mailoutbox) == 4

    # Erasing a person names them; Cancel keeps them.
    person = world["person"]
    page.goto(f"/registry/people/{person.pk}/erase/")
    expect(page.locator("h1")).to_have_text("Erase the data of Rosa Quispe?")
    shoot(page, "confirm-erase")
    page.get_by_role("link", name="Cancel").click()
    assert Person.objects.get(pk=person.pk).erased_at is None
    page.goto(f"/registry/people/{person.pk}/erase/")
    page.get_by_role("button", name="Erase for good").click()
    expect(page.locator(".alert-success")).to_contain_text("The person's data were erased.")
    assert Person.objects.get(pk=person.pk).erased_at is not None

    # Publishing: nothing changed since release 1, so it is refused with its reason.
    page.goto("/futures/manage/publish/")
    expect(page.locator("#confirmation-refusal")).to_contain_text("Nothing changed since release 1")
    expect(page.get_by_role("button", name="Yes, publish release 2")).to_have_count(0)
    expect(page.locator("#consequences")).not_to_contain_text("It is the first release.")
    shoot(page, "confirm-publish-empty")
    # after a correction, the summary says what changes; Cancel publishes nothing, Confirm does
    revise_an_observation()
    page.reload()
    expect(page.locator("#consequences")).to_contain_text(
        "Since release 1: 0 observations added, 1 changed, 0 removed."
    )
    shoot(page, "confirm-publish")
    page.get_by_role("link", name="Cancel").click()
    assert Release.objects.count() == 1
    page.goto("/futures/manage/publish/")
    page.get_by_role("button", name="Yes, publish release 2").click()
    expect(page.get_by_text("Release 2 is published.")).to_be_visible(timeout=20_000)
