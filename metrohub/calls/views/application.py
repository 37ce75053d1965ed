"""One application: its page with the steps the actor may take, the applicant's editing of a
draft and its files, and the assignment of reviewers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from metrohub.calls import eligibility, services
from metrohub.calls.answers import display
from metrohub.calls.forms import AssignForm, AttachmentForm, NoteForm, answers_form
from metrohub.calls.models import Application, Attachment, Call
from metrohub.calls.permissions import (
    application_rule,
    apply_rule,
    attachment_rule,
    can_assign_reviewers,
    can_award_grant,
    can_edit_application,
    can_take,
    can_view_calls,
)
from metrohub.calls.workflow import STEPS, steps_from
from metrohub.core.access import permission
from metrohub.core.errors import DomainError
from metrohub.core.files import private_file_response
from metrohub.core.form_pages import action, attempt, form_page
from metrohub.core.permissions import ensure


def _application(pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("call", "call__fund", "organisation", "submitted_by"), pk=pk
    )


def _fund_context(request, application) -> dict:
    grant = getattr(application, "grant", None) if application.call.fund_id else None
    return {"grant": grant, "can_award": can_award_grant(request.user) and application.call.fund_id}


@permission(application_rule)
def application(request, application_pk: int):
    found = _application(application_pk)
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
        context["assignments"] = found.assignments.select_related("reviewer", "review")
        if can_assign_reviewers(user):
            assigned = found.assignments.values("reviewer")
            context["assign_form"] = AssignForm(exclude=assigned)
    return render(request, "calls/application.html", context)


def _back(request, application_pk: int) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("calls:application", args=[application_pk])


@permission(application_rule)
def application_transition(request, application_pk: int, step: str):
    def take():
        form = NoteForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        services.application_transition(
            actor=request.user, application=_application(application_pk), step=step, note=note
        )

    return action(
        request,
        take,
        success_message=lambda _result: _("Done: %(step)s.") % {"step": STEPS[step].label},
        back=_back(request, application_pk),
    )


@permission(application_rule)
def application_assign(request, application_pk: int):
    def assign():
        found = _application(application_pk)
        ensure(can_assign_reviewers(request.user))
        form = AssignForm(request.POST)
        if not form.is_valid():
            raise DomainError(_("Choose a reviewer."))
        return services.assignment_create(
            actor=request.user, application=found, reviewer=form.cleaned_data["reviewer"]
        )

    return action(
        request,
        assign,
        success_message=lambda assignment: _("%(user)s was assigned.") % {"user": assignment.reviewer},
        back=reverse("calls:application", args=[application_pk]),
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


@permission(application_rule)
def application_edit(request, application_pk: int):
    found = _application(application_pk)
    verdict = can_edit_application(request.user, found)
    if not verdict:
        messages.error(request, verdict.reason)
        return redirect("calls:application", application_pk=application_pk)
    call = found.call
    initial = {**found.answers, "amount_requested": found.amount_requested}
    submitting = "submit" in request.POST

    def save(data):
        data = dict(data)
        amount = data.pop("amount_requested", None)
        answers = {key: ("" if value is None else str(value)) for key, value in data.items()}
        services.application_save(
            actor=request.user, application=found, answers=answers, amount_requested=amount
        )
        if submitting:
            services.application_transition(actor=request.user, application=found, step="submit")

    return form_page(
        request,
        answers_form(call, data=request.POST if request.method == "POST" else None, initial=initial),
        save=save,
        template="calls/application_form.html",
        context=lambda form: {
            "application": found,
            "attachment_form": AttachmentForm(),
            "attachments": found.attachments.all(),
            "eligibility": eligibility.evaluate(call, found.organisation),
        },
        error_status=400,
        success_url=reverse("calls:application" if submitting else "calls:application_edit", args=[found.pk]),
        success_message=_("Your application was submitted. We have sent you a confirmation.")
        if submitting
        else _("Your draft was saved."),
    )


@permission(application_rule)
def attachment_upload(request, application_pk: int):
    return action(
        request,
        lambda data: services.attachment_add(
            actor=request.user, application=_application(application_pk), upload=data["file"]
        ),
        form=AttachmentForm,
        invalid_message=_("Choose a file to upload."),
        success_message=_("The file was added."),
        back=reverse("calls:application_edit", args=[application_pk]),
    )


@permission(attachment_rule)
def attachment(request, attachment_pk: int):
    found = get_object_or_404(Attachment.objects.select_related("application"), pk=attachment_pk)
    if request.method == "POST" and "remove" in request.POST:
        attempt(
            request,
            lambda: services.attachment_remove(actor=request.user, attachment=found),
            success_message=_("The file was removed."),
        )
        return redirect("calls:application_edit", application_pk=found.application_id)
    return private_file_response(request, found.file, filename=found.name)
