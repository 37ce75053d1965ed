from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


class Invitation(models.Model):
    """An invitation, by e-mail, to become an organisation's focal point.

    The link's token is never stored: only its SHA-256 (`token_hash`), so a copy of the database
    or a backup opens no account. The token is made when the mail is sent (by the task worker),
    and sending again makes a new one: the older link stops working. Single use, and it expires.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Sent, not yet accepted")
        ACCEPTED = "accepted", _("Accepted: focal point")
        REVOKED = "revoked", _("Invitation withdrawn")
        ENDED = "ended", _("Focal point removed")

    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("link valid until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=0)
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="invitations_sent"
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    closed_at = models.DateTimeField(_("accepted, withdrawn or ended"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("focal point invitation")
        verbose_name_plural = _("focal point invitations")
        constraints = [
            # One live invitation per address and organisation: inviting again is "send again".
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=Q(status="pending"),
                name="one_pending_invitation_per_address_and_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"
