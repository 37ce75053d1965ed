from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from metrohub.accounts.roles import STAFF_ROLES, Role


class User(AbstractUser):
    """A person who logs in. A focal point is tied to the one organisation they speak for."""

    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("For a member focal point: the organisation they speak for."),
    )

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.is_active:
            return frozenset()
        names = {group.name for group in self.groups.all()}
        if self.is_superuser:
            names.add(Role.ADMIN)
        return frozenset(names & set(Role.values))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_secretariat(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    def is_focal_point_of(self, organisation_id: int | None) -> bool:
        return (
            organisation_id is not None
            and Role.FOCAL_POINT in self.roles
            and self.organisation_id == organisation_id
        )
