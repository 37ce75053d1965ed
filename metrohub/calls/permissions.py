"""Who may do what with calls and applications. Each answer carries its reason.

Roles say what kind of thing a user may do; object rules narrow it: a focal point acts only on
their own organisation's applications, a reviewer sees only the applications assigned to them.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from metrohub.accounts.roles import STAFF_ROLES, Role
from metrohub.calls.workflow import CALL_MANAGERS, REVIEWABLE, Status, Step, rubric_scored, steps_from
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles


def _is_applicant(user, application) -> bool:
    return Role.FOCAL_POINT in _roles(user) and user.organisation_id == application.organisation_id


def _is_assigned(user, application) -> bool:
    return Role.REVIEWER in _roles(user) and application.assignments.filter(reviewer=user).exists()


def can_view_calls(user) -> Verdict:
    if _roles(user) & STAFF_ROLES:
        return ALLOWED
    return deny(_("Calls and their applications are open to the secretariat's staff only."))


def can_manage_calls(user) -> Verdict:
    if _roles(user) & CALL_MANAGERS:
        return ALLOWED
    return deny(_("Only the programmes team and administrators run calls."))


def can_apply(user) -> Verdict:
    if Role.FOCAL_POINT in _roles(user) and user.organisation_id:
        return ALLOWED
    return deny(_("Only a member's focal point applies to calls, for their own organisation."))


def can_view_application(user, application) -> Verdict:
    if _roles(user) & STAFF_ROLES or _is_applicant(user, application) or _is_assigned(user, application):
        return ALLOWED
    return deny(_("You can see your own organisation's applications, or those assigned to you, only."))


def can_edit_application(user, application) -> Verdict:
    if not _is_applicant(user, application):
        return deny(_("Only a focal point of the applying organisation edits its application."))
    if application.status != Status.DRAFT:
        return deny(_("This application was submitted: it can no longer be changed."))
    return ALLOWED


def can_take(user, application, step: Step) -> Verdict:
    if application.status not in step.sources:
        return deny(
            _("“%(step)s” cannot be taken from the state “%(status)s”.")
            % {"step": step.label, "status": application.get_status_display()}
        )
    if not (_roles(user) & step.roles or (step.applicant and _is_applicant(user, application))):
        return deny(_("You may not take the step “%(step)s” on this application.") % {"step": step.label})
    if step.needs_scores and not rubric_scored(application):
        return deny(
            _("“%(step)s” waits for the scores: no reviewer has scored this application yet.")
            % {"step": step.label}
        )
    return ALLOWED


def steps_available(user, application, steps=None) -> list[Step]:
    """The steps `user` may take on `application` now, as the workflow's data says (of `steps`,
    when given): the buttons a page offers."""
    candidates = steps_from(application.status) if steps is None else steps
    return [step for step in candidates if can_take(user, application, step)]


def can_assign_reviewers(user) -> Verdict:
    return can_manage_calls(user)


def can_score(user, assignment) -> Verdict:
    if assignment.reviewer_id != getattr(user, "pk", None) or Role.REVIEWER not in _roles(user):
        return deny(_("Only the reviewer assigned scores this application."))
    if assignment.conflict is None:
        return deny(_("Declare first whether you have a conflict of interest."))
    if assignment.conflict:
        return deny(_("You declared a conflict of interest: you cannot score this application."))
    if assignment.application.status not in REVIEWABLE:
        return deny(_("This application is not in review."))
    return ALLOWED


def can_review(user) -> Verdict:
    if Role.REVIEWER in _roles(user):
        return ALLOWED
    return deny(_("The review pages are for reviewers."))


# Who may award a grant from an application is the fund's rule, not calls': fund sits above calls
# (a grant is made from a selected application), so calls does not import it. Fund hands its rule
# over when it starts (`FundConfig.ready`); until then nobody may, and no page offers it.
def _nobody(user) -> Verdict:
    return Verdict(False)


_grant_award_rule: Callable[[object], Verdict] = _nobody


def grant_award_rule_set(rule: Callable[[object], Verdict]) -> None:
    global _grant_award_rule
    _grant_award_rule = rule


def can_award_grant(user) -> Verdict:
    return _grant_award_rule(user)


# Rules for views: (user, **url_kwargs) -> Verdict. An unknown record is refused like a forbidden
# one, so that a refusal does not tell which ids exist.


def calls_rule(user, **url_kwargs) -> Verdict:
    return can_view_calls(user)


def manager_rule(user, **url_kwargs) -> Verdict:
    return can_manage_calls(user)


def apply_rule(user, **url_kwargs) -> Verdict:
    return can_apply(user)


def review_rule(user, **url_kwargs) -> Verdict:
    return can_review(user)


def application_rule(user, *, application_pk, **url_kwargs) -> Verdict:
    from metrohub.calls.models import Application

    application = Application.objects.filter(pk=application_pk).first()
    if application is None:
        return deny(_("There is no such application, or you cannot see it."))
    return can_view_application(user, application)


def attachment_rule(user, *, attachment_pk, **url_kwargs) -> Verdict:
    from metrohub.calls.models import Attachment

    attachment = Attachment.objects.select_related("application").filter(pk=attachment_pk).first()
    if attachment is None:
        return deny(_("There is no such file, or you cannot see it."))
    return can_view_application(user, attachment.application)


def assignment_rule(user, *, assignment_pk, **url_kwargs) -> Verdict:
    from metrohub.calls.models import Assignment

    assignment = Assignment.objects.filter(pk=assignment_pk).first()
    if assignment is None or assignment.reviewer_id != getattr(user, "pk", None):
        return deny(_("There is no such assignment, or it is not yours."))
    return can_review(user)
