"""The secretariat's pages: calls (list, detail, edit, questions, rubric), applications (list and
exports) and the decision table of a call."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from metrohub.calls import services
from metrohub.calls.forms import (
    ApplicationFilter,
    CallFilter,
    CallForm,
    CriterionForm,
    NoteForm,
    QuestionForm,
)
from metrohub.calls.models import Call, Criterion, Question
from metrohub.calls.permissions import calls_rule, can_manage_calls, manager_rule
from metrohub.calls.selectors import application_list, call_list, decision_table
from metrohub.calls.workflow import STEPS, Status
from metrohub.core.access import permission
from metrohub.core.errors import DomainError
from metrohub.core.lists import Column, Listing

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
        "counts": {label: call.applications.filter(status=value).count() for value, label in Status.choices},
    }
    return render(request, "calls/call.html", context)


@permission(manager_rule)
def call_edit(request, call_pk: int | None = None):
    call = get_object_or_404(Call, pk=call_pk) if call_pk else None
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        regions = data.pop("eligible_regions")
        try:
            if call is None:
                call = services.call_create(actor=request.user, regions=regions, **data)
            else:
                services.call_update(actor=request.user, call=call, regions=regions, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The call was saved."))
            return redirect("calls:call", call_pk=call.pk)
    return render(
        request, "calls/call_form.html", {"form": form, "call": call}, status=400 if form.errors else 200
    )


@permission(manager_rule)
def call_questions(request, call_pk: int):
    """Add a question (or, with `remove`, take one away)."""
    call = get_object_or_404(Call, pk=call_pk)
    if request.method == "POST":
        try:
            if request.POST.get("remove"):
                question = get_object_or_404(Question, pk=request.POST["remove"], call=call)
                services.question_remove(actor=request.user, question=question)
                messages.success(request, _("The question was removed."))
            else:
                form = QuestionForm(request.POST)
                if not form.is_valid():
                    raise DomainError(" ".join(e for errors in form.errors.values() for e in errors))
                services.question_add(actor=request.user, call=call, **form.cleaned_data)
                messages.success(request, _("The question was added."))
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("calls:call", call_pk=call.pk)


@permission(manager_rule)
def call_criteria(request, call_pk: int):
    """Add a criterion of the rubric (or, with `remove`, take one away)."""
    call = get_object_or_404(Call, pk=call_pk)
    if request.method == "POST":
        try:
            if request.POST.get("remove"):
                criterion = get_object_or_404(Criterion, pk=request.POST["remove"], call=call)
                services.criterion_remove(actor=request.user, criterion=criterion)
                messages.success(request, _("The criterion was removed."))
            else:
                form = CriterionForm(request.POST)
                if not form.is_valid():
                    raise DomainError(" ".join(e for errors in form.errors.values() for e in errors))
                services.criterion_add(actor=request.user, call=call, **form.cleaned_data)
                messages.success(request, _("The criterion was added."))
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("calls:call", call_pk=call.pk)


@permission(calls_rule)
def applications(request):
    return APPLICATIONS.render(request, "calls/applications.html")


@permission(calls_rule)
def applications_export(request, fmt: str):
    return APPLICATIONS.export(request, fmt)


@permission(calls_rule)
def decisions(request, call_pk: int):
    call = get_object_or_404(Call.objects.prefetch_related("criteria"), pk=call_pk)
    reviewers, rows = decision_table(call)
    context = {
        "call": call,
        "reviewers": reviewers,
        "rows": rows,
        "steps": DECISION_STEPS,
        "can_manage": can_manage_calls(request.user),
        "note_form": NoteForm(),
    }
    return render(request, "calls/decisions.html", context)
