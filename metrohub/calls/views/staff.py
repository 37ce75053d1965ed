"""Calls pages for the secretariat: the calls and their questions, criteria and decisions,
the applications and their export, assigning reviewers."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from metrohub.calls import charts, services
from metrohub.calls.confirmations import question_removal
from metrohub.calls.forms import (
    ApplicationFilter,
    AssignForm,
    CallFilter,
    CallForm,
    CriterionForm,
    NoteForm,
    QuestionForm,
)
from metrohub.calls.models import Call, Criterion, Question
from metrohub.calls.permissions import (
    application_rule,
    calls_rule,
    can_assign_reviewers,
    can_manage_calls,
    manager_rule,
    steps_available,
)
from metrohub.calls.selectors import application_list, call_list, decision_table
from metrohub.calls.views.common import _application
from metrohub.calls.workflow import STEPS, Status, rubric_scored
from metrohub.core.access import permission
from metrohub.core.errors import DomainError
from metrohub.core.form_pages import action, form_errors_text, form_page
from metrohub.core.lists import Column, Listing
from metrohub.core.permissions import ensure
from metrohub.core.search_select import searching


@permission(application_rule)
def application_assign(request, application_pk: int):
    if searching(request.POST, "reviewer"):  # the Search button, without JavaScript: show the matches
        query = urlencode({"reviewer__q": request.POST.get("reviewer__q", "")[:100]})
        return redirect(reverse("calls:application", args=[application_pk]) + f"?{query}#assign")

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


DECISION_STEPS = [STEPS[code] for code in ("shortlist", "select", "waitlist", "decline")]


CALLS = Listing(
    name="calls",
    queryset=lambda request: call_list(),
    filterset=CallFilter,
    default_sort="-closes",
    tiebreak=("title", "pk"),
    columns=[
        Column("title", _l("Call"), sort="title", cell="calls/calls.html#title"),
        Column(
            "programme", _l("Programme"), value="get_programme_display", cell="calls/calls.html#programme"
        ),
        Column("fund", _l("Fund"), value="fund.name", on_page=False),
        Column("opens", _l("Opens"), value="opens_at", sort="opens_at", cell="calls/calls.html#opens"),
        Column("closes", _l("Closes"), value="closes_at", sort="closes_at", cell="calls/calls.html#closes"),
        Column("phase", _l("Phase"), cell="calls/calls.html#phase", in_export=False),
        Column(
            "submitted",
            _l("Applications submitted"),
            sort="submitted",
            numeric=True,
            cell="calls/calls.html#submitted",
        ),
    ],
)


APPLICATIONS = Listing(
    name="applications",
    queryset=lambda request: application_list(),
    filterset=ApplicationFilter,
    default_sort="-submitted",
    tiebreak=("organisation__name", "pk"),
    export_url="calls:applications_export",
    page_order=["organisation", "call", "status", "submitted", "amount"],
    columns=[
        Column("call", _l("Call"), value="call.title", sort="call__title"),
        Column(
            "organisation",
            _l("Organisation"),
            value="organisation.name",
            sort="organisation__name",
            cell="calls/applications.html#organisation",
        ),
        Column("region", _l("Region"), value="organisation.region.label", on_page=False),
        Column(
            "status",
            _l("Status"),
            value="get_status_display",
            sort="status",
            cell="calls/applications.html#status",
        ),
        Column(
            "submitted",
            _l("Submitted"),
            value=lambda a: a.submitted_at.isoformat(timespec="minutes") if a.submitted_at else "",
            sort="submitted_at",
            cell="calls/applications.html#submitted",
        ),
        Column(
            "amount",
            _l("Amount requested (EUR)"),
            heading=_l("Amount requested"),
            value="amount_requested",
            sort="amount_requested",
            numeric=True,
            cell="calls/applications.html#amount",
        ),
        Column(
            "synthetic", _l("Synthetic"), value=lambda a: _("synthetic") if a.synthetic else "", on_page=False
        ),
    ],
)


@permission(calls_rule)
def calls(request):
    return CALLS.render(request, "calls/calls.html", {"can_manage": can_manage_calls(request.user)})


@permission(calls_rule)
def call_detail(request, call_pk: int):
    call = get_object_or_404(
        Call.objects.select_related("fund").prefetch_related("eligible_regions"), pk=call_pk
    )
    context = {
        "call": call,
        "can_manage": can_manage_calls(request.user),
        "question_form": QuestionForm(),
        "criterion_form": CriterionForm(),
        "counts": _status_counts(call),
    }
    return render(request, "calls/call.html", context)


def _status_counts(call: Call) -> dict[str, int]:
    """How many of the call's applications are in each status (those with none left out), in the
    workflow's order, from one query."""
    found = dict(call.applications.values_list("status").annotate(n=Count("pk")).order_by())
    return {label: found[value] for value, label in Status.choices if found.get(value)}


@permission(manager_rule)
def call_edit(request, call_pk: int | None = None):
    call = get_object_or_404(Call, pk=call_pk) if call_pk else None

    def save(data):
        data = dict(data)
        regions = data.pop("eligible_regions")
        if call is None:
            return services.call_create(actor=request.user, regions=regions, **data)
        services.call_update(actor=request.user, call=call, regions=regions, **data)
        return call

    return form_page(
        request,
        CallForm,
        instance=call,
        save=save,
        template="calls/call_form.html",
        context={"call": call},
        error_status=400,
        success_url=lambda saved: reverse("calls:call", args=[saved.pk]),
        success_message=_("The call was saved."),
    )


def _add_or_remove(model, form_class, *, add, remove, added, removed, confirm=None):
    """The view that adds a question or criterion to a call with the posted form (`add(actor, call,
    cleaned_data)`), or takes one away (`remove(actor, record)`, with `remove=<pk>` posted; with
    `confirm(call, record)`, a confirmation first)."""

    @permission(manager_rule)
    def view(request, call_pk: int):
        call = get_object_or_404(Call, pk=call_pk)

        def change():
            if request.POST.get("remove"):
                remove(request.user, get_object_or_404(model, pk=request.POST["remove"], call=call))
                return removed
            form = form_class(request.POST)
            if not form.is_valid():
                raise DomainError(form_errors_text(form))
            add(request.user, call, form.cleaned_data)
            return added

        def confirmation(data):
            return confirm(call, get_object_or_404(model, pk=data.get("remove"), call=call))

        removing = request.POST.get("remove") or request.GET.get("remove")
        return action(
            request,
            change,
            success_message=lambda message: message,
            back=reverse("calls:call", args=[call.pk]),
            confirm=confirmation if confirm is not None and removing else None,
        )

    return view


# Add a question (or, with `remove`, take one away, after a confirmation).
call_questions = _add_or_remove(
    Question,
    QuestionForm,
    add=lambda actor, call, data: services.question_add(actor=actor, call=call, **data),
    remove=lambda actor, question: services.question_remove(actor=actor, question=question),
    added=_l("The question was added."),
    removed=_l("The question was removed."),
    confirm=question_removal,
)

# Add a criterion of the rubric (or, with `remove`, take one away).
call_criteria = _add_or_remove(
    Criterion,
    CriterionForm,
    add=lambda actor, call, data: services.criterion_add(actor=actor, call=call, **data),
    remove=lambda actor, criterion: services.criterion_remove(actor=actor, criterion=criterion),
    added=_l("The criterion was added."),
    removed=_l("The criterion was removed."),
)


applications, applications_export = APPLICATIONS.views(permission(calls_rule), "calls/applications.html")


@permission(calls_rule)
def decisions(request, call_pk: int):
    call = get_object_or_404(Call.objects.prefetch_related("criteria"), pk=call_pk)
    reviewers, rows = decision_table(call)
    criteria = list(call.criteria.all())
    for row in rows:  # the decisions the workflow offers this user now (the call's criteria prefetched)
        row.application.call = call
        row.application.steps_now = steps_available(request.user, row.application, DECISION_STEPS)
        row.application.waiting = not rubric_scored(row.application) and any(
            row.application.status in step.sources for step in DECISION_STEPS if step.needs_scores
        )
    context = {
        "call": call,
        "criteria": criteria,
        "criteria_spec": charts.scores_per_criterion(criteria, rows),
        "reviewers": reviewers,
        "rows": rows,
        "steps": DECISION_STEPS,
        "can_manage": can_manage_calls(request.user),
        "note_form": NoteForm(),
    }
    return render(request, "calls/decisions.html", context)
