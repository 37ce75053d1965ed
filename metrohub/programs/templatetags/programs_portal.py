from django import template

from metrohub.programs.models import CohortMember
from metrohub.programs.selectors import labs_of_organisation

register = template.Library()


@register.inclusion_tag("programs/_portal_labs.html")
def portal_labs_for(organisation):
    """The labs an organisation takes part in, with its role and a link to each lab's survey."""
    roles = dict(CohortMember.Role.choices)
    labs = list(labs_of_organisation(organisation.pk))
    for lab in labs:
        lab.role_label = roles.get(lab.role, lab.role)
    return {"labs": labs}
