"""Who may read the annual report pages.

The pages are the report as the records compute it today: a working draft, whose every figure
opens down to staff-only records (the registry, the income ledger, HR). They are for the
secretariat's staff. What is published is the PDF the secretariat generates and chooses to
release; it shows the staff annex's names and positions (public in the printed report) and no
HR detail (gender per person, contracts, locations).
"""

from django.utils.translation import gettext as _

from metrohub.accounts.roles import STAFF_ROLES, Role
from metrohub.core.permissions import ALLOWED, Verdict, deny


def can_view_report(user) -> Verdict:
    roles = getattr(user, "roles", frozenset()) if user is not None and user.is_authenticated else frozenset()
    if roles & STAFF_ROLES:
        return ALLOWED
    return deny(_("The annual report's working pages are open to the secretariat's staff only."))


def report_rule(user, **url_kwargs) -> Verdict:
    return can_view_report(user)


def can_publish_report(user) -> Verdict:
    """Approving the report for publication is the Secretary General's office's (administrators)."""
    roles = getattr(user, "roles", frozenset()) if user is not None and user.is_authenticated else frozenset()
    if Role.ADMIN in roles:
        return ALLOWED
    return deny(_("Publishing the annual report is for the administrators who approve it."))


def publish_rule(user, **url_kwargs) -> Verdict:
    return can_publish_report(user)
