"""A reviewer scores on the rubric's own scale, and every page shows the result on that scale."""

from django.urls import reverse

from metrohub.calls import services
from metrohub.calls.tests.factories import make_application, make_call
from metrohub.calls.workflow import Status


def _scored(lab_call, city, programs_staff, reviewer, score: int):
    application = make_application(lab_call, city, status=Status.IN_REVIEW)
    assignment = services.assignment_create(actor=programs_staff, application=application, reviewer=reviewer)
    services.conflict_declare(actor=reviewer, assignment=assignment, conflict=False)
    services.review_submit(
        actor=reviewer, assignment=assignment, scores={c.pk: score for c in lab_call.criteria.all()}
    )
    return application, assignment


def test_the_score_form_shows_the_scale(client, lab_call, city, programs_staff, reviewer):
    application = make_application(lab_call, city, status=Status.IN_REVIEW)
    assignment = services.assignment_create(actor=programs_staff, application=application, reviewer=reviewer)
    services.conflict_declare(actor=reviewer, assignment=assignment, conflict=False)
    client.force_login(reviewer)
    page = client.get(reverse("calls:assignment", args=[assignment.pk])).content.decode()
    assert "each criterion from 0 (lowest) to 5 (highest)" in page
    assert "Score from 0 (lowest) to 5 (highest)." in page
    assert 'max="5"' in page and 'min="0"' in page


def test_a_score_of_4_of_5_reads_4_of_5_not_80_of_100(client, lab_call, city, programs_staff, reviewer):
    application, assignment = _scored(lab_call, city, programs_staff, reviewer, 4)
    client.force_login(reviewer)
    listing = client.get(reverse("calls:assignments")).content.decode()
    assert "scored 4.0 / 5" in listing and "/ 100" not in listing
    page = client.get(reverse("calls:assignment", args=[assignment.pk])).content.decode()
    assert "Your current weighted score: 4.0 / 5." in page
    client.force_login(programs_staff)
    page = client.get(reverse("calls:application", args=[application.pk])).content.decode()
    assert "scored 4.0 / 5" in page
    decisions = client.get(reverse("calls:decisions", args=[lab_call.pk])).content.decode()
    assert "from 0 to 5" in decisions and "out of 100" not in decisions


def test_a_rubric_of_mixed_scales_shows_the_weighted_score_out_of_100(
    client, city, programs_staff, reviewer, db
):
    call = make_call(title="Mixed", criteria=False)
    from metrohub.core.permissions import SYSTEM

    services.criterion_add(actor=SYSTEM, call=call, name="Reach", weight=1, max_score=10)
    services.criterion_add(actor=SYSTEM, call=call, name="Cost", weight=1, max_score=5)
    _scored(call, city, programs_staff, reviewer, 5)  # 5/10 and 5/5: 75 out of 100
    client.force_login(reviewer)
    assert "scored 75.0 / 100" in client.get(reverse("calls:assignments")).content.decode()
