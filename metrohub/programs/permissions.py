"""Who may see and change the programs' records. Each answer carries its reason.

Labs, their cohorts, sessions and aggregate figures are public; participants are personal data,
for the programs team and administrators only. A member's focal point answers the survey of a
lab their city took part in.
"""

from django.utils.translation import gettext as _

from metrohub.accounts.roles import Role
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles

PROGRAMS_MANAGERS = frozenset({Role.ADMIN, Role.PROGRAMS})


def can_manage_programs(user) -> Verdict:
    if _roles(user) & PROGRAMS_MANAGERS:
        return ALLOWED
    return deny(_("Only the programs team and administrators change the labs' records."))


def can_view_participants(user) -> Verdict:
    """Names, organisations and genders of participants are personal data."""
    if _roles(user) & PROGRAMS_MANAGERS:
        return ALLOWED
    return deny(_("Participants' details are open to the programs team and administrators only."))


def can_answer_survey(user, lab_id: int) -> Verdict:
    """A focal point answers for a lab their own city took part in."""
    from metrohub.programs.models import CohortMember

    if Role.FOCAL_POINT not in _roles(user) or not user.organisation_id:
        return deny(_("Surveys are answered by the focal points of the cities that took part."))
    if not CohortMember.objects.filter(lab_id=lab_id, organisation_id=user.organisation_id).exists():
        return deny(_("Your city did not take part in this lab."))
    return ALLOWED


# Rules for views: (user, **url_kwargs) -> Verdict.


def manage_rule(user, **url_kwargs) -> Verdict:
    return can_manage_programs(user)


def participants_rule(user, **url_kwargs) -> Verdict:
    return can_view_participants(user)


def survey_answer_rule(user, lab_pk: int, **url_kwargs) -> Verdict:
    return can_answer_survey(user, lab_pk)
