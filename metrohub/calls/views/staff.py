"""The secretariat's pages: calls (list, detail, edit, questions, rubric), applications (list and
exports) and the decision table of a call."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
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
from metrohub.core.form_pages import action, form_errors_text, form_page
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


def _add_or_remove(request, call: Call, *, model, form_class, add, remove, added: str, removed: str):
    """Add a question or criterion with the posted form, or take one away (`remove`)."""

    def change():
        if request.POST.get("remove"):
            remove(get_object_or_404(model, pk=request.POST["remove"], call=call))
            return removed
        form = form_class(request.POST)
        if not form.is_valid():
            raise DomainError(form_errors_text(form))
        add(form.cleaned_data)
        return added

    return action(
        request, change, success_message=lambda message: message, back=reverse("calls:call", args=[call.pk])
    )


@permission(manager_rule)
def call_questions(request, call_pk: int):
    """Add a question (or, with `remove`, take one away)."""
    call = get_object_or_404(Call, pk=call_pk)
    return _add_or_remove(
        request,
        call,
        model=Question,
        form_class=QuestionForm,
        add=lambda data: services.question_add(actor=request.user, call=call, **data),
        remove=lambda question: services.question_remove(actor=request.user, question=question),
        added=_("The question was added."),
        removed=_("The question was removed."),
    )


@permission(manager_rule)
def call_criteria(request, call_pk: int):
    """Add a criterion of the rubric (or, with `remove`, take one away)."""
    call = get_object_or_404(Call, pk=call_pk)
    return _add_or_remove(
        request,
        call,
        model=Criterion,
        form_class=CriterionForm,
        add=lambda data: services.criterion_add(actor=request.user, call=call, **data),
        remove=lambda criterion: services.criterion_remove(actor=request.user, criterion=criterion),
        added=_("The criterion was added."),
        removed=_("The criterion was removed."),
    )


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
