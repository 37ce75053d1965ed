"""The secretariat's pages: calls (list, detail, edit, questions, rubric), applications (list and
exports) and the decision table of a call."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from metrohub.calls import services
from metrohub.calls.forms import (
    ApplicationFilterForm,
    CallFilterForm,
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
from metrohub.core.exports import table_response
from metrohub.core.pagination import paginate

DECISION_STEPS = [STEPS[code] for code in ("shortlist", "select", "waitlist", "decline")]


def _page(request, queryset):
    return paginate(request, queryset)


@permission(calls_rule)
def calls(request):
    form = CallFilterForm(request.GET or None)
    queryset = call_list(**(form.filters() if request.GET else {}))
    context = {"form": form, "page": _page(request, queryset), "can_manage": can_manage_calls(request.user)}
    return render(request, "calls/calls.html", context)


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


def _applications(request):
    form = ApplicationFilterForm(request.GET or None, calls=Call.objects.order_by("-closes_at"))
    return form, application_list(**(form.filters() if request.GET else {}))


@permission(calls_rule)
def applications(request):
    form, queryset = _applications(request)
    return render(request, "calls/applications.html", {"form": form, "page": _page(request, queryset)})


@permission(calls_rule)
def applications_export(request, fmt: str):
    queryset = _applications(request)[1]
    header = [
        _("Call"), _("Organisation"), _("Region"), _("Status"), _("Submitted"), _("Amount requested (EUR)"),
        _("Synthetic"),
    ]  # fmt: skip
    rows = (
        [
            a.call.title,
            a.organisation.name,
            a.organisation.region.label if a.organisation.region else "",
            a.get_status_display(),
            a.submitted_at.isoformat(timespec="minutes") if a.submitted_at else "",
            a.amount_requested if a.amount_requested is not None else "",
            _("synthetic") if a.synthetic else "",
        ]
        for a in queryset.iterator(chunk_size=2000)
    )
    return table_response(fmt, filename="metrohub-applications", header=header, rows=rows)


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
