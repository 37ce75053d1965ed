"""What the calls pages say before a one-way step (submitting, selecting, declining, withdrawing)
or removing a question: the confirmations of `core/confirm.py`."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metrohub.calls.permissions import can_take
from metrohub.calls.selectors import on_scale, rubric_top
from metrohub.calls.templatetags.calls import eur
from metrohub.calls.workflow import Status, Step
from metrohub.core.confirm import Confirmation


def _scores_line(application) -> str:
    scores = [a.review.weighted_score for a in application.assignments.all() if hasattr(a, "review")]
    if not scores:
        return _("No reviewer has scored it (the call has no rubric).")
    top = rubric_top(application.call.criteria.all())
    mean = on_scale(sum(scores) / len(scores), top)
    return ngettext(
        "Mean score: %(mean).1f / %(top)d, from %(count)d review.",
        "Mean score: %(mean).1f / %(top)d, from %(count)d reviews.",
        len(scores),
    ) % {"mean": mean, "top": top, "count": len(scores)}


def step_confirmation(user, application, step: Step, note: str = "") -> Confirmation:
    """The confirmation of a one-way step of the workflow, naming the application and the call."""
    names = {"organisation": application.organisation.name, "call": application.call.title}
    told = _("The applicant's focal point is told by email.")
    if step.target == Status.SUBMITTED:
        lines = []
        if application.amount_requested is not None:
            lines.append(_("Amount requested: %(amount)s.") % {"amount": eur(application.amount_requested)})
        lines += [
            _("Once submitted, the application can no longer be changed."),
            _("The programmes team receives it, and you receive a confirmation by email."),
        ]
        confirmation = Confirmation(
            title=_("Submit the application of %(organisation)s to “%(call)s”?") % names,
            consequences=lines,
            button=_("Submit the application"),
        )
    elif step.target == Status.WITHDRAWN:
        confirmation = Confirmation(
            title=_("Withdraw the application of %(organisation)s from “%(call)s”?") % names,
            consequences=[_("The application leaves the call for good: it cannot be submitted again.")],
            button=_("Withdraw the application"),
            style="danger",
        )
    elif step.target == Status.SELECTED:
        lines = [_scores_line(application), told]
        if application.call.fund_id:
            lines.append(
                _("A grant from %(fund)s can then be awarded.") % {"fund": application.call.fund.name}
            )
        confirmation = Confirmation(
            title=_("Select %(organisation)s for “%(call)s”?") % names,
            consequences=lines,
            button=_("Select %(organisation)s") % names,
            style="success",
        )
    else:
        confirmation = Confirmation(
            title=_("Decline the application of %(organisation)s to “%(call)s”?") % names,
            consequences=[_scores_line(application), told],
            button=_("Decline the application"),
            style="danger",
        )
    if note.strip():
        confirmation.consequences = [
            *confirmation.consequences,
            _("Your note is kept with the step: “%(note)s”") % {"note": note.strip()},
        ]
    verdict = can_take(user, application, step)
    if not verdict:
        confirmation.refusal = verdict.reason
    return confirmation


def question_removal(call, question) -> Confirmation:
    submitted = call.applications.exclude(status=Status.DRAFT).count()
    drafts = call.applications.filter(status=Status.DRAFT).count()
    lines = [
        _("The question “%(question)s” leaves the form of “%(call)s”.")
        % {"question": question.label, "call": call.title}
    ]
    if drafts:
        lines.append(
            ngettext(
                "It is no longer asked in the %(count)d draft application under way.",
                "It is no longer asked in the %(count)d draft applications under way.",
                drafts,
            )
            % {"count": drafts}
        )
    confirmation = Confirmation(
        title=_("Remove the question “%(question)s”?") % {"question": question.label},
        consequences=lines,
        button=_("Remove the question"),
        style="danger",
    )
    if submitted:
        confirmation.refusal = _(
            "Applications were already submitted to this call: its form and rubric stay as they are."
        )
    return confirmation
