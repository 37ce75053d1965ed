"""The application workflow and its refusals: each refusal says why and changes nothing."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from metrohub.calls import services
from metrohub.calls.models import Application, Attachment, Review, Transition
from metrohub.calls.permissions import steps_available
from metrohub.calls.tests.factories import complete_answers, make_application, make_call, score_application
from metrohub.calls.workflow import STEPS, Status
from metrohub.core.errors import DomainError, NotAllowed
from metrohub.core.models import Region
from metrohub.finance.tests.factories import make_invoice
from metrohub.network.models import MembershipPeriod
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user

PDF = b"%PDF-1.4\n%test\n"


def _draft(call, focal_point):
    application = services.application_start(actor=focal_point, call=call)
    return services.application_save(
        actor=focal_point, application=application, answers=complete_answers(call)
    )


def test_a_focal_point_drafts_and_submits_and_is_told_by_email(
    lab_call, focal_point, django_capture_on_commit_callbacks
):
    # given a draft with every answer, by a focal point with an email address
    focal_point.email = "focal@dakar.example"
    focal_point.save()
    application = _draft(lab_call, focal_point)
    # when they submit it
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(actor=focal_point, application=application, step="submit")
    # then it is submitted, the move is logged, and they were told
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.submitted_by == focal_point
    move = Transition.objects.get(application=application)
    assert (move.actor, move.from_status, move.to_status) == (focal_point, Status.DRAFT, Status.SUBMITTED)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["focal@dakar.example"]
    assert "Solutions Lab: Water" in mail.outbox[0].subject


def test_the_decision_mail_is_written_in_the_language_of_the_decider(
    lab_call, city, programs_staff, django_capture_on_commit_callbacks
):
    from django.utils import translation

    make_user("focal_point", organisation=city, username="awa").__class__.objects.filter(
        username="awa"
    ).update(email="awa@dakar.example")
    application = make_application(lab_call, city, status=Status.IN_REVIEW)
    score_application(application)
    mail.outbox.clear()
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        services.application_transition(actor=programs_staff, application=application, step="select")
    assert mail.outbox[0].to == ["awa@dakar.example"]
    assert "Décision" in mail.outbox[0].subject


def test_a_late_submission_is_refused_and_changes_nothing(lab_call, focal_point):
    # given a complete draft
    application = _draft(lab_call, focal_point)
    # when it is submitted a minute after the call closed
    late = lab_call.closes_at + dt.timedelta(minutes=1)
    with time_machine.travel(late, tick=False), pytest.raises(DomainError, match="closed on"):
        services.application_transition(actor=focal_point, application=application, step="submit")
    # then it is still a draft and nothing was logged or mailed
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert not Transition.objects.exists()
    assert mail.outbox == []


def test_a_submission_a_minute_before_closing_is_accepted(lab_call, focal_point):
    application = _draft(lab_call, focal_point)
    with time_machine.travel(lab_call.closes_at - dt.timedelta(minutes=1)):
        services.application_transition(actor=focal_point, application=application, step="submit")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_an_ineligible_applicant_is_refused_with_the_reason(db):
    # given a call for Africa only, and a member city of Europe
    call = make_call(regions=[Region.objects.get(code="africa")])
    lisbon = OrganisationFactory(name="Lisbon Call", region=Region.objects.get(code="europe"))
    MembershipFactory(organisation=lisbon)
    focal = make_user("focal_point", organisation=lisbon)
    # when its focal point applies
    with pytest.raises(DomainError, match="open to organisations of: Africa"):
        services.application_start(actor=focal, call=call)
    # then no application exists
    assert not Application.objects.exists()


def test_dues_in_arrears_and_a_suspended_membership_are_explained(db):
    from metrohub.calls.eligibility import evaluate

    call = make_call()
    late = OrganisationFactory(name="Late Payer")
    MembershipFactory(organisation=late)
    make_invoice(late, year=2024)  # due on 31 March 2024, unpaid
    suspended = OrganisationFactory(name="Suspended City")
    MembershipFactory(organisation=suspended, period__status=MembershipPeriod.Status.SUSPENDED)
    outsider = OrganisationFactory(name="Not A Member")
    assert evaluate(call, late).reasons == ["Late Payer has membership dues in arrears (2024)."]
    assert evaluate(call, suspended).reasons == ["The membership of Suspended City is suspended."]
    assert evaluate(call, outsider).reasons == ["Not A Member is not a member of the network."]


def test_a_category_rule_is_explained(db, city):
    from metrohub.calls.eligibility import evaluate

    call = make_call(eligible_categories=["associate"])
    verdict = evaluate(call, city)
    assert not verdict.eligible
    assert verdict.reasons == ["This call is open to: Associate member."]


def test_a_second_application_is_refused_where_one_is_allowed(lab_call, focal_point):
    _draft(lab_call, focal_point)
    with pytest.raises(DomainError, match="one application per organisation"):
        services.application_start(actor=focal_point, call=lab_call)
    assert Application.objects.count() == 1


def test_several_applications_where_the_call_allows_them(db, focal_point):
    call = make_call(one_application_per_organisation=False)
    services.application_start(actor=focal_point, call=call)
    services.application_start(actor=focal_point, call=call)
    assert Application.objects.filter(call=call).count() == 2


def test_a_withdrawn_application_leaves_room_for_a_new_one(lab_call, focal_point):
    first = _draft(lab_call, focal_point)
    services.application_transition(actor=focal_point, application=first, step="withdraw")
    services.application_start(actor=focal_point, call=lab_call)
    assert Application.objects.filter(call=lab_call).count() == 2


def test_a_submission_with_a_required_answer_missing_is_refused(lab_call, focal_point):
    application = services.application_start(actor=focal_point, call=lab_call)
    with pytest.raises(services.AnswerErrors, match="needs an answer") as refused:
        services.application_transition(actor=focal_point, application=application, step="submit")
    assert "“What is the project?” needs an answer." in refused.value.message
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_an_answer_outside_the_choices_is_refused(lab_call, focal_point):
    application = services.application_start(actor=focal_point, call=lab_call)
    key = lab_call.questions.get(label="Role").key
    with pytest.raises(services.AnswerErrors, match="choose one of the options"):
        services.application_save(actor=focal_point, application=application, answers={key: "mayor"})
    application.refresh_from_db()
    assert application.answers == {}


def test_an_amount_above_the_calls_maximum_is_refused_at_submission(db, focal_point):
    call = make_call(programme="other", max_amount=50_000)
    application = services.application_start(actor=focal_point, call=call)
    with pytest.raises(DomainError, match="above the most this call grants"):
        services.application_save(
            actor=focal_point,
            application=application,
            answers=complete_answers(call),
            amount_requested=60_000,
        )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.exe", b"MZ\x90\x00", "not a file type this call accepts"),
        ("plan.pdf", b"MZ\x90\x00 an executable under another name", "does not contain what its name says"),
        ("big.pdf", PDF + b"0" * (1024 * 1024), "the largest file this call accepts is 1 MB"),
    ],
)
def test_an_attachment_of_the_wrong_type_or_size_is_refused(lab_call, focal_point, name, content, message):
    application = services.application_start(actor=focal_point, call=lab_call)
    with pytest.raises(DomainError, match=message):
        services.attachment_add(
            actor=focal_point, application=application, upload=SimpleUploadedFile(name, content)
        )
    assert not Attachment.objects.exists()


def test_an_attachment_of_an_allowed_type_is_kept(lab_call, focal_point, settings):
    application = services.application_start(actor=focal_point, call=lab_call)
    attachment = services.attachment_add(
        actor=focal_point, application=application, upload=SimpleUploadedFile("plan.pdf", PDF)
    )
    assert attachment.size == len(PDF)
    assert (settings.MEDIA_ROOT / attachment.file.name).read_bytes() == PDF


def test_a_submitted_application_cannot_be_edited(lab_call, focal_point):
    application = _draft(lab_call, focal_point)
    services.application_transition(actor=focal_point, application=application, step="submit")
    with pytest.raises(NotAllowed, match="can no longer be changed"):
        services.application_save(actor=focal_point, application=application, answers={})


def test_each_step_is_refused_to_the_roles_it_does_not_name(lab_call, city, other_city):
    application = make_application(lab_call, city, status=Status.SUBMITTED)
    focal_elsewhere = make_user("focal_point", organisation=other_city)
    own_focal = make_user("focal_point", organisation=city)
    for user in [focal_elsewhere, own_focal, make_user("finance"), make_user("reviewer"), make_user("hr")]:
        with pytest.raises(NotAllowed, match="You may not take the step “Confirm eligibility”"):
            services.application_transition(actor=user, application=application, step="check_eligibility")
    with pytest.raises(NotAllowed, match="You may not take the step “Withdraw”"):
        services.application_transition(actor=focal_elsewhere, application=application, step="withdraw")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert Transition.objects.filter(application=application).count() == 1


def test_a_step_from_the_wrong_state_is_refused(lab_call, city, programs_staff):
    application = make_application(lab_call, city, status=Status.SUBMITTED)
    with pytest.raises(NotAllowed, match="cannot be taken from the state"):
        services.application_transition(actor=programs_staff, application=application, step="select")


def test_the_whole_way_from_draft_to_selection_is_logged(lab_call, city, programs_staff, reviewer):
    application = make_application(lab_call, city, status=Status.SUBMITTED)
    for step in ["check_eligibility", "start_review", "shortlist", "select"]:
        if step == "select":
            score_application(application, reviewer=reviewer)
        application = services.application_transition(
            actor=programs_staff, application=application, step=step
        )
    moves = list(Transition.objects.filter(application=application).values_list("to_status", flat=True))
    assert moves == [
        Status.SUBMITTED,
        Status.ELIGIBILITY_CHECKED,
        Status.IN_REVIEW,
        Status.SHORTLISTED,
        Status.SELECTED,
    ]
    assert application.history.count() >= 5


def test_the_workflow_table_names_every_state_once_as_a_target():
    targets = {step.target for step in STEPS.values()}
    assert targets == set(Status.values) - {Status.DRAFT}


def test_a_reviewer_scores_after_declaring_no_conflict(lab_call, city, programs_staff, reviewer):
    application = make_application(lab_call, city, status=Status.IN_REVIEW)
    assignment = services.assignment_create(actor=programs_staff, application=application, reviewer=reviewer)
    relevance, feasibility = lab_call.criteria.all()
    with pytest.raises(NotAllowed, match="Declare first"):
        services.review_submit(
            actor=reviewer, assignment=assignment, scores={relevance.pk: 5, feasibility.pk: 1}
        )
    services.conflict_declare(actor=reviewer, assignment=assignment, conflict=False)
    review = services.review_submit(
        actor=reviewer, assignment=assignment, scores={relevance.pk: 5, feasibility.pk: 1}
    )
    # (3 × 5/5 + 1 × 1/5) / 4 × 100 = 80
    assert review.weighted_score == 80


def test_a_reviewer_who_declares_a_conflict_cannot_score(lab_call, city, programs_staff, reviewer):
    application = make_application(lab_call, city, status=Status.IN_REVIEW)
    assignment = services.assignment_create(actor=programs_staff, application=application, reviewer=reviewer)
    services.conflict_declare(
        actor=reviewer, assignment=assignment, conflict=True, note="I advised this city."
    )
    scores = {c.pk: 3 for c in lab_call.criteria.all()}
    with pytest.raises(NotAllowed, match="conflict of interest"):
        services.review_submit(actor=reviewer, assignment=assignment, scores=scores)
    assert not Review.objects.exists()


def test_a_reviewer_cannot_score_an_assignment_of_someone_else(lab_call, city, programs_staff, reviewer):
    application = make_application(lab_call, city, status=Status.IN_REVIEW)
    assignment = services.assignment_create(actor=programs_staff, application=application, reviewer=reviewer)
    services.conflict_declare(actor=reviewer, assignment=assignment, conflict=False)
    other = make_user("reviewer")
    with pytest.raises(NotAllowed, match="Only the reviewer assigned scores this application"):
        services.review_submit(
            actor=other, assignment=assignment, scores={c.pk: 3 for c in lab_call.criteria.all()}
        )


def test_a_score_out_of_range_is_refused(lab_call, city, programs_staff, reviewer):
    application = make_application(lab_call, city, status=Status.IN_REVIEW)
    assignment = services.assignment_create(actor=programs_staff, application=application, reviewer=reviewer)
    services.conflict_declare(actor=reviewer, assignment=assignment, conflict=False)
    with pytest.raises(DomainError, match="from 0 to 5"):
        services.review_submit(
            actor=reviewer, assignment=assignment, scores={c.pk: 6 for c in lab_call.criteria.all()}
        )
    assert not Review.objects.exists()


def test_only_reviewers_are_assigned(lab_call, city, programs_staff):
    application = make_application(lab_call, city, status=Status.IN_REVIEW)
    with pytest.raises(DomainError, match="is not a reviewer"):
        services.assignment_create(
            actor=programs_staff, application=application, reviewer=make_user("finance")
        )


def test_the_decision_table_puts_reviewers_side_by_side(lab_call, city, other_city, programs_staff, reviewer):
    from metrohub.calls.selectors import decision_table

    second = make_user("reviewer", username="sam")
    strong = make_application(lab_call, city, status=Status.IN_REVIEW)
    weak = make_application(lab_call, other_city, status=Status.IN_REVIEW)
    relevance, feasibility = lab_call.criteria.all()
    for application, scores in [(strong, (5, 5)), (weak, (1, 1))]:
        for user in (reviewer, second):
            assignment = services.assignment_create(
                actor=programs_staff, application=application, reviewer=user
            )
            services.conflict_declare(actor=user, assignment=assignment, conflict=False)
            services.review_submit(
                actor=user, assignment=assignment, scores={relevance.pk: scores[0], feasibility.pk: scores[1]}
            )
    reviewers, rows = decision_table(lab_call)
    assert [r.username for r in reviewers] == ["rita", "sam"]
    # On the rubric's own scale (0–5), not out of 100.
    assert [(row.application.organisation.name, row.mean) for row in rows] == [
        (city.name, 5),
        (other_city.name, 1),
    ]


def test_no_decision_is_offered_or_taken_before_the_rubric_is_scored(lab_call, city, programs_staff):
    application = make_application(lab_call, city, status=Status.IN_REVIEW)
    offered = [step.code for step in steps_available(programs_staff, application)]
    assert offered == ["shortlist"]
    for step in ["select", "decline", "waitlist"]:
        with pytest.raises(NotAllowed, match="waits for the scores: no reviewer has scored"):
            services.application_transition(actor=programs_staff, application=application, step=step)
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    # once a reviewer has scored it, the workflow offers the decisions
    score_application(application)
    offered = [step.code for step in steps_available(programs_staff, application)]
    assert offered == ["shortlist", "select", "waitlist", "decline"]
    services.application_transition(actor=programs_staff, application=application, step="decline")
    application.refresh_from_db()
    assert application.status == Status.DECLINED


def test_a_call_without_a_rubric_decides_without_scores(city, programs_staff):
    call = make_call(criteria=False)
    application = make_application(call, city, status=Status.IN_REVIEW)
    assert "select" in [step.code for step in steps_available(programs_staff, application)]
    services.application_transition(actor=programs_staff, application=application, step="select")
    application.refresh_from_db()
    assert application.status == Status.SELECTED
