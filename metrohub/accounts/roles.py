"""The roles of metrohub. A role is a Django group of the same code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBERSHIP = "membership", _("Membership")
    PROGRAMS = "programs", _("Programs")
    POLICY = "policy", _("Policy")
    COMMUNICATIONS = "communications", _("Communications")
    FINANCE = "finance", _("Finance")
    HR = "hr", _("Human resources")
    REVIEWER = "reviewer", _("Reviewer")
    FOCAL_POINT = "focal_point", _("Member focal point")


# The secretariat: people who work the records every day.
STAFF_ROLES = frozenset(
    {Role.ADMIN, Role.MEMBERSHIP, Role.PROGRAMS, Role.POLICY, Role.COMMUNICATIONS, Role.FINANCE, Role.HR}
)
