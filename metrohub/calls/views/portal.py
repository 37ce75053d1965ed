"""Calls pages for applicants and reviewers: the portal, applying, an application with its
steps, editing a draft and its files, the reviewer's assignments and scoring."""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from metrohub.calls import eligibility, services
from metrohub.calls.answers import display
from metrohub.calls.confirmations import step_confirmation
from metrohub.calls.forms import AssignForm, AttachmentForm, ConflictForm, NoteForm, answers_form, review_form
from metrohub.calls.models import Assignment, Attachment, Call
from metrohub.calls.permissions import (
    application_rule,
    apply_rule,
    assignment_rule,
    attachment_rule,
    can_assign_reviewers,
    can_award_grant,
    can_edit_application,
    can_score,
    can_take,
    can_view_calls,
    review_rule,
)
from metrohub.calls.selectors import (
    my_assignments,
    organisation_applications,
    portal_calls,
)
from metrohub.calls.views.common import _application
from metrohub.calls.workflow import STEPS, steps_from
from metrohub.core.access import permission
from metrohub.core.errors import DomainError
from metrohub.core.files import private_file_response
from metrohub.core.form_pages import action, attempt, form_page, submit


def _fund_context(request, application) -> dict:
    grant = getattr(application, "grant", None) if application.call.fund_id else None
    return {"grant": grant, "can_award": can_award_grant(request.user) and application.call.fund_id}


@permission(application_rule)
def application(request, application_pk: int):
    found = _application(application_pk)
    # what the workflow's guards read (`rubric_scored`), once for every step
    prefetch_related_objects([found], "assignments__review", "call__criteria")
    user = request.user
    questions = list(found.call.questions.all())
    staff = can_view_calls(user)
    context = {
        "application": found,
        "answers": [(q, display(q, found.answers.get(q.key))) for q in questions],
        "attachments": found.attachments.all(),
        "steps": [(step, can_take(user, found, step)) for step in steps_from(found.status)],
        "transitions": found.transitions.select_related("actor"),
        "can_edit": can_edit_application(user, found),
        "staff": staff,
        "eligibility": eligibility.evaluate(found.call, found.organisation),
        "note_form": NoteForm(),
        **_fund_context(request, found),
    }
    if staff:
        prefetch_related_objects([found.call], "criteria")  # the scores are shown on the rubric's scale
        context["assignments"] = found.assignments.select_related("reviewer", "review")
        if can_assign_reviewers(user):
            assigned = found.assignments.values("reviewer")
            context["assign_form"] = form = AssignForm(exclude=assigned)
            form.fields["reviewer"].widget.form_data = request.GET  # a search sent without JavaScript
    return render(request, "calls/application.html", context)


def _back(request, application_pk: int) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("calls:application", args=[application_pk])


@permission(application_rule)
def application_transition(request, application_pk: int, step: str):
    def note(data) -> str:
        form = NoteForm(data)
        return form.cleaned_data["note"] if form.is_valid() else ""

    def take():
        services.application_transition(
            actor=request.user, application=_application(application_pk), step=step, note=note(request.POST)
        )

    move = STEPS.get(step)
    return action(
        request,
        take,
        success_message=(
            _("Your application was submitted. We are sending you a confirmation.")
            if step == "submit"
            else (STEPS[step].done if step in STEPS else None)
        ),
        back=_back(request, application_pk),
        confirm=(
            (lambda data: step_confirmation(request.user, _application(application_pk), move, note(data)))
            if move is not None and move.one_way
            else None
        ),
    )


@permission(apply_rule)
def apply(request, call_pk: int):
    """Start a draft application of the focal point's organisation (POST)."""
    call = get_object_or_404(Call, pk=call_pk, published=True)
    return action(
        request,
        lambda: services.application_start(actor=request.user, call=call),
        success_message=_("Your draft was created: answer the questions, add files, then submit."),
        success_url=lambda draft: reverse("calls:application_edit", args=[draft.pk]),
        back=reverse("calls:portal"),
    )


def _answers_form(request, found):
    """The call's questions, bound to what was posted (or showing the draft as saved)."""
    initial = {**found.answers, "amount_requested": found.amount_requested}
    return answers_form(found.call, data=request.POST if request.method == "POST" else None, initial=initial)


def _save_answers(request, found, data: dict):
    data = dict(data)
    amount = data.pop("amount_requested", None)
    answers = {key: ("" if value is None else str(value)) for key, value in data.items()}
    return services.application_save(
        actor=request.user, application=found, answers=answers, amount_requested=amount
    )


def _edit_page(request, found, form, status: int = 200):
    context = {
        "application": found,
        "form": form,
        "attachment_form": AttachmentForm(),
        "attachments": found.attachments.all(),
        "eligibility": eligibility.evaluate(found.call, found.organisation),
    }
    return render(request, "calls/application_form.html", context, status=status)


def _keep_typed_answers(request, found):
    """Before a file button (upload, remove) acts, save the answers posted with it as the draft.
    None when saved (or none came); else the page again, every answer as typed, faults marked."""
    if "answers" not in request.POST:
        return None
    form = _answers_form(request, found)
    if submit(form, lambda data: _save_answers(request, found, data)).done:
        return None
    messages.error(request, _("Nothing was done with the file: first correct the answers marked."))
    return _edit_page(request, found, form, status=400)


@permission(application_rule)
def application_edit(request, application_pk: int):
    found = _application(application_pk)
    verdict = can_edit_application(request.user, found)
    if not verdict:
        messages.error(request, verdict.reason)
        return redirect("calls:application", application_pk=application_pk)
    submitting = "submit" in request.POST

    def save(data):
        _save_answers(request, found, data)
        if submitting:  # the answers are complete: ask to confirm the submission
            try:
                services.application_submission_check(application=found)
            except DomainError:
                messages.warning(request, _("Not submitted. Your answers were saved as a draft."))
                raise

    return form_page(
        request,
        _answers_form(request, found),
        save=save,
        render_page=lambda form, status: _edit_page(request, found, form, status),
        error_status=400,
        success_url=reverse("calls:application_transition", args=[found.pk, "submit"])
        if submitting
        else reverse("calls:application_edit", args=[found.pk]),
        success_message=_("Your draft was saved."),
    )


@permission(application_rule)
def application_autosave(request, application_pk: int):
    """The draft saved as the applicant types (htmx, a few seconds after a change): a line of status."""
    found = _application(application_pk)
    if request.method != "POST":
        return redirect("calls:application_edit", application_pk=application_pk)
    outcome = submit(_answers_form(request, found), lambda data: _save_answers(request, found, data))
    if outcome.done:
        now = date_format(localtime(), "TIME_FORMAT")
        message, saved = _("Draft saved at %(time)s.") % {"time": now}, True
    elif outcome.error is not None and not getattr(outcome.error, "errors", None):
        message, saved = outcome.error.message, False
    else:
        message, saved = _("Not saved yet: an answer does not fit its question."), False
    return render(request, "calls/_autosave.html", {"message": message, "saved": saved})


@permission(application_rule)
def attachment_upload(request, application_pk: int):
    found = _application(application_pk)
    if request.method == "POST" and (page := _keep_typed_answers(request, found)) is not None:
        return page
    return action(
        request,
        lambda data: services.attachment_add(actor=request.user, application=found, upload=data["file"]),
        form=AttachmentForm,
        invalid_message=_("Choose a file to upload."),
        success_message=_("The file was added."),
        back=reverse("calls:application_edit", args=[application_pk]),
    )


@permission(attachment_rule)
def attachment(request, attachment_pk: int):
    found = get_object_or_404(Attachment.objects.select_related("application"), pk=attachment_pk)
    if request.method == "POST" and "remove" in request.POST:
        if (page := _keep_typed_answers(request, _application(found.application_id))) is not None:
            return page
        attempt(
            request,
            lambda: services.attachment_remove(actor=request.user, attachment=found),
            success_message=_("The file was removed."),
        )
        return redirect("calls:application_edit", application_pk=found.application_id)
    return private_file_response(request, found.file, filename=found.name)


@permission(apply_rule)
def portal(request):
    organisation = request.user.organisation
    context = {
        "organisation": organisation,
        "calls": portal_calls(organisation),
        "applications": organisation_applications(organisation),
    }
    return render(request, "calls/portal.html", context)


@permission(review_rule)
def assignments(request):
    return render(request, "calls/assignments.html", {"assignments": my_assignments(request.user)})


@permission(assignment_rule)
def assignment(request, assignment_pk: int):
    found = get_object_or_404(
        Assignment.objects.select_related("application__call", "application__organisation"), pk=assignment_pk
    )
    application = found.application
    criteria = list(application.call.criteria.all())
    existing = getattr(found, "review", None)
    initial = {"comment": existing.comment} if existing else {}
    if existing:
        initial.update({f"c{score.criterion_id}": score.score for score in existing.scores.all()})
    conflict_form = ConflictForm(request.POST if "declare" in request.POST else None)
    form = review_form(criteria, data=request.POST if "score" in request.POST else None, initial=initial)
    status = 200

    def declare():
        if not conflict_form.is_valid():
            raise DomainError(_("Say whether you have a conflict of interest."))
        services.conflict_declare(
            actor=request.user,
            assignment=found,
            conflict=conflict_form.cleaned_data["conflict"],
            note=conflict_form.cleaned_data["note"],
        )

    def score():
        if not form.is_valid():
            raise DomainError(_("Give every criterion a score within its range."))
        data = form.cleaned_data
        scores = {c.pk: data[f"c{c.pk}"] for c in criteria}
        services.review_submit(actor=request.user, assignment=found, scores=scores, comment=data["comment"])

    if "declare" in request.POST:
        if attempt(request, declare, success_message=_("Your declaration was recorded.")).done:
            return redirect("calls:assignment", assignment_pk=found.pk)
        status = 400
    elif "score" in request.POST:
        if attempt(request, score, success_message=_("Your scores were saved.")).done:
            return redirect("calls:assignments")
        status = 400
    questions = list(application.call.questions.all())
    context = {
        "assignment": found,
        "application": application,
        "answers": [(q, display(q, application.answers.get(q.key))) for q in questions],
        "attachments": application.attachments.all(),
        "conflict_form": conflict_form,
        "form": form,
        "can_score": can_score(request.user, found),
        "review": existing,
    }
    return render(request, "calls/assignment.html", context, status=status)
