"""A reviewer's pages: their assignments, the declaration of conflicts, the scoring form."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from metrohub.calls import services
from metrohub.calls.answers import display
from metrohub.calls.forms import ConflictForm, review_form
from metrohub.calls.models import Assignment
from metrohub.calls.permissions import assignment_rule, can_score, review_rule
from metrohub.calls.selectors import my_assignments
from metrohub.core.access import permission
from metrohub.core.errors import DomainError
from metrohub.core.form_pages import attempt


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
