"""Who may do what in communications.

The communications team (and administrators) write and send the newsletter, keep the subscriber
list, the publications, media figures and testimonials. Subscribers are personal data: only they
see the list, never the public nor the API. The newsletter archive, publications, media figures
and testimonials whose subject consented are public.
"""

from django.utils.translation import gettext as _

from metrohub.accounts.roles import Role
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles

COMMS_ROLES = frozenset({Role.COMMUNICATIONS, Role.ADMIN})


def can_manage_comms(user) -> Verdict:
    if _roles(user) & COMMS_ROLES:
        return ALLOWED
    return deny(_("Only the communications team and administrators work on communications."))


def comms_rule(user, **url_kwargs) -> Verdict:
    return can_manage_comms(user)
