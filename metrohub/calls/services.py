"""Every write to calls and applications. Pages, the API, the demo generator and the fund's
services come through here.

`actor` is the user acting, or SYSTEM for metrohub itself (the demo data). Each service checks
everything before its first write, so a refusal changes nothing.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from metrohub.calls import eligibility
from metrohub.calls.answers import clean_answers
from metrohub.calls.files import check_upload
from metrohub.calls.models import (
    Application,
    Assignment,
    Attachment,
    Call,
    Criterion,
    Question,
    Review,
    Score,
    Transition,
)
from metrohub.calls.permissions import (
    can_apply,
    can_assign_reviewers,
    can_edit_application,
    can_manage_calls,
    can_score,
    can_take,
)
from metrohub.calls.workflow import DECISIONS, REVIEWABLE, STEPS, Status
from metrohub.core.errors import DomainError, NotAllowed
from metrohub.core.history import delete_as, save_as
from metrohub.core.metrics import percentage
from metrohub.core.permissions import acting_user, ensure_allowed, is_system

CALL_FIELDS = {
    "title", "description", "programme", "fund", "themes", "action_lines", "opens_at", "closes_at",
    "published", "requires_good_standing", "eligible_categories", "one_application_per_organisation",
    "allowed_file_types", "max_file_size_mb", "max_amount", "synthetic",
}  # fmt: skip


def _check_fund_cap(call: Call) -> None:
    """A call on a fund has a maximum amount, within the fund's largest grant (its default)."""
    if call.fund_id and call.max_amount is None:
        call.max_amount = call.fund.max_grant
    if call.fund_id and call.max_amount is None:
        raise DomainError(_("A call on a fund needs its maximum amount."))
    if call.fund_id and call.fund.max_grant is not None and call.max_amount > call.fund.max_grant:
        raise DomainError(
            _("The call's maximum is above the fund's largest grant (EUR %(cap)s).")
            % {"cap": f"{call.fund.max_grant:,.2f}"}
        )
    if call.fund_id and call.programme != Call.Programme.FUND:
        raise DomainError(_("A call on a fund belongs to the programme “fund”."))


# Calls, their questions and rubric


@transaction.atomic
def call_create(*, actor, regions=(), **fields) -> Call:
    ensure_allowed(actor, can_manage_calls)
    unknown = set(fields) - CALL_FIELDS
    if unknown:
        raise TypeError(f"Unknown call fields: {sorted(unknown)}")
    call = Call(**fields)
    _check_fund_cap(call)
    save_as(call, actor)
    call.eligible_regions.set(regions)
    return call


@transaction.atomic
def call_update(*, actor, call: Call, regions=None, **fields) -> Call:
    ensure_allowed(actor, can_manage_calls)
    call = Call.objects.select_for_update().get(pk=call.pk)
    for name, value in fields.items():
        if name not in CALL_FIELDS:
            raise TypeError(f"Unknown call field: {name}")
        setattr(call, name, value)
    _check_fund_cap(call)
    save_as(call, actor)
    if regions is not None:
        call.eligible_regions.set(regions)
    return call


def _not_started(call: Call) -> None:
    if call.applications.exclude(status=Status.DRAFT).exists():
        raise DomainError(
            _("Applications were already submitted to this call: its form and rubric stay as they are.")
        )


@transaction.atomic
def question_add(*, actor, call: Call, label: str, kind: str, required: bool = True, **fields) -> Question:
    ensure_allowed(actor, can_manage_calls)
    _not_started(call)
    if kind == Question.Kind.CHOICE and not [
        line for line in fields.get("choices", "").splitlines() if line.strip()
    ]:
        raise DomainError(_("A choice question needs its options, one per line."))
    order = fields.pop("order", None)
    if order is None:
        order = (call.questions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return save_as(
        Question(call=call, label=label, kind=kind, required=required, order=order, **fields), actor
    )


@transaction.atomic
def question_remove(*, actor, question: Question) -> None:
    ensure_allowed(actor, can_manage_calls)
    _not_started(question.call)
    question.delete()


@transaction.atomic
def criterion_add(
    *, actor, call: Call, name: str, weight: int = 1, max_score: int = 5, **fields
) -> Criterion:
    ensure_allowed(actor, can_manage_calls)
    if Review.objects.filter(assignment__application__call=call).exists():
        raise DomainError(_("Reviewers have already scored this call: its rubric stays as it is."))
    order = fields.pop("order", None)
    if order is None:
        order = (call.criteria.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    criterion = Criterion(call=call, name=name, weight=weight, max_score=max_score, order=order, **fields)
    return save_as(criterion, actor)


@transaction.atomic
def criterion_remove(*, actor, criterion: Criterion) -> None:
    ensure_allowed(actor, can_manage_calls)
    if criterion.scores.exists():
        raise DomainError(_("Reviewers have already scored this criterion: it stays."))
    criterion.delete()


# Applications


def _one_per_organisation(call: Call, organisation, *, exclude_pk=None) -> None:
    if not call.one_application_per_organisation:
        return
    others = Application.objects.filter(call=call, organisation=organisation).exclude(status=Status.WITHDRAWN)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise DomainError(
            _("%(name)s has already applied to “%(call)s”: this call takes one application per organisation.")
            % {"name": organisation.name, "call": call.title}
        )


def _open_and_eligible(call: Call, organisation) -> None:
    now = timezone.now()
    if not call.is_open(now):
        if now >= call.closes_at:
            raise DomainError(
                _("“%(call)s” closed on %(when)s: it takes no more applications.")
                % {
                    "call": call.title,
                    "when": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M %Z"),
                }
            )
        raise DomainError(_("“%(call)s” is not open for applications.") % {"call": call.title})
    verdict = eligibility.evaluate(call, organisation)
    if not verdict.eligible:
        raise DomainError(
            _("%(name)s is not eligible for “%(call)s”: %(reasons)s")
            % {"name": organisation.name, "call": call.title, "reasons": " ".join(verdict.reasons)}
        )


@transaction.atomic
def application_start(*, actor, call: Call, organisation=None, synthetic: bool = False) -> Application:
    """A draft application of the actor's organisation to an open call it is eligible for."""
    if not is_system(actor):  # the system names the organisation; a focal point applies for theirs
        ensure_allowed(actor, can_apply)
        organisation = actor.organisation
    call = Call.objects.select_for_update().get(pk=call.pk)  # two drafts at once cannot both pass
    _open_and_eligible(call, organisation)
    _one_per_organisation(call, organisation)
    application = save_as(
        Application(
            call=call, organisation=organisation, submitted_by=acting_user(actor), synthetic=synthetic
        ),
        actor,
    )
    return application


def _check_amount(call: Call, amount: Decimal | None) -> None:
    """A refusal names the amount's field, so that the form marks it."""
    if amount is not None and amount <= 0:
        raise AnswerErrors({"amount_requested": _("The amount requested must be more than zero.")})
    if amount is not None and call.max_amount is not None and amount > call.max_amount:
        reason = _("EUR %(amount)s is above the most this call grants (EUR %(cap)s).") % {
            "amount": f"{amount:,.2f}",
            "cap": f"{call.max_amount:,.2f}",
        }
        raise AnswerErrors({"amount_requested": reason})


class AnswerErrors(DomainError):
    """Answers that do not fit the questions; `errors` maps each question key to its problem."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(" ".join(errors.values()))


@transaction.atomic
def application_save(
    *, actor, application: Application, answers: dict, amount_requested: Decimal | None = None
) -> Application:
    """Save a draft's answers; required questions may still be blank."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    ensure_allowed(actor, can_edit_application, application)
    cleaned, errors = clean_answers(application.call.questions.all(), answers, complete=False)
    if errors:
        raise AnswerErrors(errors)
    _check_amount(application.call, amount_requested)
    application.answers, application.amount_requested = cleaned, amount_requested
    return save_as(application, actor)


@transaction.atomic
def attachment_add(*, actor, application: Application, upload) -> Attachment:
    application = Application.objects.select_for_update().get(pk=application.pk)
    ensure_allowed(actor, can_edit_application, application)
    call = application.call
    check_upload(upload, allowed=call.allowed_file_types, max_size=call.max_file_size)
    attachment = Attachment(
        application=application, name=upload.name[:200], size=upload.size, uploaded_by=acting_user(actor)
    )
    attachment.file.save(upload.name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    ensure_allowed(actor, can_edit_application, attachment.application)
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))


def _submission_checks(application: Application) -> None:
    call = application.call
    _open_and_eligible(call, application.organisation)
    _one_per_organisation(call, application.organisation, exclude_pk=application.pk)
    _cleaned, errors = clean_answers(call.questions.all(), application.answers, complete=True)
    if call.max_amount is not None and application.amount_requested is None:
        errors["amount_requested"] = _("Say how much the project asks for.")
    if errors:  # every fault at once, each on its field
        raise AnswerErrors(errors)
    _check_amount(call, application.amount_requested)


def application_submission_check(*, application: Application) -> None:
    """Raise what would stop the application's submission now (writes nothing): the page asks
    this before its confirmation, so that missing answers show on their fields."""
    _submission_checks(Application.objects.select_related("call", "organisation").get(pk=application.pk))


@transaction.atomic
def application_transition(*, actor, application: Application, step: str, note: str = "") -> Application:
    """Move an application one step of the workflow; every move leaves a Transition row."""
    if step not in STEPS:
        raise DomainError(_("There is no step “%(step)s”.") % {"step": step})
    move = STEPS[step]
    application = (
        Application.objects.select_for_update().select_related("call", "organisation").get(pk=application.pk)
    )
    ensure_allowed(actor, can_take, application, move)
    if application.status not in move.sources:
        raise DomainError(_("This step cannot be taken from the current state."))
    if move.target == Status.SUBMITTED:
        _submission_checks(application)
        application.submitted_at = timezone.now()
        if not is_system(actor):
            application.submitted_by = actor
    before = application.status
    application.status = move.target
    save_as(application, actor)
    Transition.objects.create(
        application=application,
        actor=acting_user(actor),
        from_status=before,
        to_status=move.target,
        note=note.strip(),
    )
    if move.target == Status.SUBMITTED or move.target in DECISIONS:
        from metrohub.calls.tasks import notice_queue

        notice_queue(actor=actor, application=application, event=move.target, language=get_language() or "en")
    return application


# Reviews


@transaction.atomic
def assignment_create(*, actor, application: Application, reviewer) -> Assignment:
    ensure_allowed(actor, can_assign_reviewers)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not reviewer.has_role("reviewer"):
        raise DomainError(_("%(user)s is not a reviewer.") % {"user": reviewer.get_username()})
    if application.status not in {Status.ELIGIBILITY_CHECKED, *REVIEWABLE}:
        raise DomainError(_("Reviewers are assigned once eligibility is checked, and until a decision."))
    if Assignment.objects.filter(application=application, reviewer=reviewer).exists():
        raise DomainError(
            _("%(user)s is already assigned to this application.") % {"user": reviewer.get_username()}
        )
    return save_as(
        Assignment(application=application, reviewer=reviewer, assigned_by=acting_user(actor)), actor
    )


@transaction.atomic
def conflict_declare(*, actor, assignment: Assignment, conflict: bool, note: str = "") -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.reviewer_id != actor.pk:
        raise NotAllowed(_("Only the reviewer assigned declares their conflicts of interest."))
    if assignment.conflict is not None:
        raise DomainError(_("You have already declared: ask the programmes team to change it."))
    if conflict and not note.strip():
        raise DomainError(_("Say briefly what the conflict of interest is."))
    assignment.conflict, assignment.conflict_note, assignment.declared_at = (
        conflict,
        note.strip(),
        timezone.now(),
    )
    return save_as(assignment, actor)


def weighted_score(pairs: list[tuple[Criterion, int]]) -> Decimal:
    """Each score as a share of its criterion's highest score, weighted, out of 100."""
    total_weight = sum(criterion.weight for criterion, _ in pairs)
    if not total_weight:
        return Decimal(0)
    points = sum(Decimal(criterion.weight) * score / criterion.max_score for criterion, score in pairs)
    return percentage(points, total_weight, places=2)


@transaction.atomic
def review_submit(*, actor, assignment: Assignment, scores: dict[int, int], comment: str = "") -> Review:
    """Score every criterion of the call's rubric (a second submission replaces the first)."""
    assignment = (
        Assignment.objects.select_for_update().select_related("application__call").get(pk=assignment.pk)
    )
    ensure_allowed(actor, can_score, assignment)
    criteria = list(assignment.application.call.criteria.all())
    if not criteria:
        raise DomainError(_("This call has no rubric yet: there is nothing to score."))
    pairs = []
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None or not 0 <= int(score) <= criterion.max_score:
            raise DomainError(
                _("Score “%(criterion)s” from 0 to %(max)d.")
                % {"criterion": criterion.name, "max": criterion.max_score}
            )
        pairs.append((criterion, int(score)))
    review = Review.objects.filter(assignment=assignment).first() or Review(assignment=assignment)
    review.comment, review.weighted_score = comment.strip(), weighted_score(pairs)
    save_as(review, actor)
    review.scores.all().delete()
    Score.objects.bulk_create(
        [Score(review=review, criterion=criterion, score=score) for criterion, score in pairs]
    )
    return review


@transaction.atomic
def call_delete(*, actor, call: Call) -> None:
    """Delete a call set up by mistake, with its questions and rubric; a call that has applications
    is kept (close it instead)."""
    ensure_allowed(actor, can_manage_calls)
    delete_as(call, actor, parts=(Question, Criterion))
