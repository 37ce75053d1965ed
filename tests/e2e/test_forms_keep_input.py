"""The application form keeps what was typed, in a real browser: a file uploaded mid-form, a
submission refused for one answer, and the draft that saves itself a moment after a change."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import serious_violations

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-forms")
PROJECT = "Shade and water fountains on school streets."


@pytest.fixture
def draft(live_server, django_db_serialized_rollback, focal_point):
    from metrohub.calls import services
    from metrohub.calls.models import Question
    from metrohub.calls.tests.factories import make_call
    from metrohub.core.permissions import SYSTEM

    call = make_call(title="Cool streets fund", max_amount=Decimal(80_000))
    services.question_add(actor=SYSTEM, call=call, label="How many people will it reach?", kind="number")
    assert call.questions.filter(kind=Question.Kind.NUMBER).exists()
    return services.application_start(actor=SYSTEM, call=call, organisation=focal_point.organisation)


def shoot(page, name: str) -> None:
    """Screenshots at 1280 and 375 px wide, for a person to look at."""
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_answers_survive_an_upload_and_a_refused_submission_and_save_themselves(
    page, draft, login, tmp_path, browser_errors
):
    browser_errors.allow(r"status of 400 \(Bad Request\)")  # the refused submission answers 400, on purpose
    edit = f"/calls/applications/{draft.pk}/edit/"
    page.goto(edit, timeout=60_000)  # the first page of a busy machine may be slow
    login(page, "focal")
    expect(page).to_have_url(re.compile(re.escape(edit) + "$"))

    # Half the form is answered, then a file is uploaded: the answers are still there.
    page.get_by_label("What is the project?").fill(PROJECT)
    page.get_by_label("Role").select_option("host")
    page.get_by_label("Amount requested (EUR)").fill("60000")
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(b"%PDF-1.4\n% a plan\n")
    page.set_input_files("#id_file", str(plan))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".alert-success")).to_contain_text("The file was added.")
    expect(page.get_by_role("link", name="plan.pdf")).to_be_visible()
    expect(page.get_by_label("What is the project?")).to_have_value(PROJECT)
    expect(page.get_by_label("Role")).to_have_value("host")
    expect(page.get_by_label("Amount requested (EUR)")).to_have_value("60000.00")
    shoot(page, "application-after-upload")

    # One answer is refused (more than the call grants): every answer stays, the fault is marked.
    reach = page.get_by_label("How many people will it reach?")
    reach.fill("12000")
    amount = page.get_by_label("Amount requested (EUR)")
    amount.fill("200000")
    page.get_by_role("button", name="Save and submit").click()
    expect(page.locator(".alert-danger")).to_contain_text("correct the answers marked")
    expect(amount).to_have_value("200000")
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_amount_requested + .form-text + .invalid-feedback")).to_contain_text(
        "above the most this call grants"
    )
    expect(reach).to_have_value("12000")
    expect(page.get_by_label("What is the project?")).to_have_value(PROJECT)
    expect(page.get_by_label("Role")).to_have_value("host")
    expect(page.get_by_label("What is the project?")).not_to_have_attribute("aria-invalid", "true")
    assert serious_violations(page) == [], "refused"
    shoot(page, "application-refused")

    # The amount is corrected; a moment later the draft saves itself, and a reload shows it all.
    amount.fill("75000")
    amount.blur()
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=8_000)
    page.goto(edit)  # a fresh visit: a reload would post the refused form again
    expect(page.get_by_label("Amount requested (EUR)")).to_have_value("75000.00")
    expect(page.get_by_label("How many people will it reach?")).to_have_value("12000")
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.amount_requested == 75000


def test_a_reviewer_is_found_as_one_types_and_scores_on_the_rubrics_scale(
    new_page, live_server, django_db_serialized_rollback, focal_point, programs_staff, reviewer, login
):
    from metrohub.calls.tests.factories import make_application, make_call
    from metrohub.calls.workflow import Status
    from metrohub.network.tests.factories import make_user
    from tests.e2e.conftest import enrol_totp

    for n in range(15):
        make_user("reviewer", username=f"rev-{n:02d}")
    enrol_totp(programs_staff)
    enrol_totp(reviewer)
    call = make_call(title="Cool streets lab")
    application = make_application(call, focal_point.organisation, status=Status.IN_REVIEW)

    # Staff type a few letters: the few matches appear, one is picked and assigned.
    page = new_page()
    path = f"/calls/applications/{application.pk}/"
    page.goto(path, timeout=60_000)
    login(page, programs_staff.username)
    page.get_by_label("Reviewer").fill("rit")
    expect(page.get_by_role("radio", name="rita")).to_be_visible()
    expect(page.locator("#id_reviewer-options input[type=radio]")).to_have_count(1)
    shoot(page, "search-field")
    page.get_by_role("radio", name="rita").check()
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".alert-success")).to_contain_text("rita was assigned")

    # The reviewer sees the scale, scores 4 of 5 everywhere, and reads 4.0 / 5.
    page = new_page()
    page.goto("/calls/reviews/", timeout=60_000)
    login(page, "rita")
    page.get_by_role("link", name=focal_point.organisation.name).click()
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Declare").click()
    expect(page.locator("#scale")).to_contain_text("from 0 (lowest) to 5 (highest)")
    for label in ("Relevance", "Feasibility"):
        page.get_by_label(re.compile(label)).fill("4")
    shoot(page, "review-form")
    page.get_by_role("button", name="Save my scores").click()
    expect(page.locator("table")).to_contain_text("scored 4.0 / 5")
