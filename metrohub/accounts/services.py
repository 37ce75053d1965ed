"""Writes to accounts that are not the sign-in flows (django-allauth keeps those): the demo
accounts, and focal points by invitation.

Only metrohub itself sets up the demo accounts: the `demo_accounts` command passes SYSTEM."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metrohub.accounts.models import Invitation, User
from metrohub.accounts.permissions import can_manage_focal_points, may_have_focal_point
from metrohub.accounts.roles import Role
from metrohub.core.errors import DomainError
from metrohub.core.history import save_as
from metrohub.core.permissions import deny, ensure, ensure_allowed


def _nobody(actor):
    # No person is allowed this: demo accounts come from the command, under demo settings only.
    return deny("Demo accounts are set up by the demo_accounts command only.")


@transaction.atomic
def demo_account_ensure(*, actor, username: str, role: str, organisation, password: str) -> User:
    """The demo account `username` with one role (and organisation); its password is set once."""
    ensure_allowed(actor, _nobody)
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(password)
    user.organisation = organisation
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return user


# Focal points, by invitation ----------------------------------------------------------------------
#
# membership staff invite → the task worker mails the link (a fresh token, kept hashed) → the person
# opens it, sets a password and becomes the organisation's focal point. Staff may send again
# (a new link; the old one stops working), withdraw, or remove a focal point. Each step saves the
# invitation through save_as, so its history names who took it.


class InvitationLinkInvalid(DomainError):
    """The link is unknown, used, withdrawn or expired: nothing happens. `status` is the HTTP answer."""

    def __init__(self, message: str, *, status: int = 404) -> None:
        super().__init__(message)
        self.status = status


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _refuse_taken_address(email: str, organisation) -> None:
    """An address may open one account, tied to one organisation: the invitation may not move an
    account from another city, nor turn a secretariat account into a focal point."""
    for user in User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)):
        if user.is_active and user.organisation_id not in (None, organisation.pk):
            raise DomainError(
                _("%(email)s is already tied to the account of another organisation (%(other)s).")
                % {"email": email, "other": user.organisation}
            )
        if user.is_active and user.roles - {Role.FOCAL_POINT}:
            raise DomainError(
                _("%(email)s belongs to an account of the secretariat or a reviewer.") % {"email": email}
            )
        if user.is_active and user.is_focal_point_of(organisation.pk):
            raise DomainError(
                _("%(email)s is already a focal point of %(organisation)s.")
                % {"email": email, "organisation": organisation}
            )


def _queue_delivery(*, actor, invitation: Invitation, base_url: str, language: str) -> None:
    from metrohub.accounts.tasks import deliver_invitation
    from metrohub.core.permissions import acting_user
    from metrohub.core.services import task_enqueue

    label = _("Invitation of %(email)s as focal point of %(organisation)s") % {
        "email": invitation.email,
        "organisation": invitation.organisation,
    }
    transaction.on_commit(
        lambda: task_enqueue(
            deliver_invitation,
            requested_by=acting_user(actor),
            subject=f"accounts.invitation:{invitation.pk}",
            label=label,
            invitation_id=invitation.pk,
            base_url=base_url,
            language=language,
        )
    )


@transaction.atomic
def invitation_send(*, actor, organisation, email: str, base_url: str, language: str = "en") -> Invitation:
    """Invite `email` to become a focal point of `organisation`; the mail leaves through the worker."""
    ensure_allowed(actor, can_manage_focal_points)
    email = email.strip()
    ensure(may_have_focal_point(organisation))
    _refuse_taken_address(email, organisation)
    if Invitation.objects.filter(
        organisation=organisation, email__iexact=email, status=Invitation.Status.PENDING
    ).exists():
        raise DomainError(
            _("%(email)s already has an invitation waiting: send it again from the list.") % {"email": email}
        )
    invitation = save_as(Invitation(organisation=organisation, email=email, invited_by=actor), actor)
    _queue_delivery(actor=actor, invitation=invitation, base_url=base_url, language=language)
    return invitation


def _pending(invitation_id: int) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation_id)
    if invitation.status != Invitation.Status.PENDING:
        raise DomainError(
            _("This invitation is no longer waiting (%(status)s).")
            % {"status": invitation.get_status_display().lower()}
        )
    return invitation


@transaction.atomic
def invitation_resend(*, actor, invitation: Invitation, base_url: str, language: str = "en") -> Invitation:
    """Send a new link (valid for the full period again); the link sent before stops working now."""
    ensure_allowed(actor, can_manage_focal_points)
    invitation = _pending(invitation.pk)
    ensure(may_have_focal_point(invitation.organisation))
    invitation.token_hash = None
    invitation.expires_at = None
    save_as(invitation, actor)
    _queue_delivery(actor=actor, invitation=invitation, base_url=base_url, language=language)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    """Withdraw a waiting invitation: its link stops working."""
    ensure_allowed(actor, can_manage_focal_points)
    invitation = _pending(invitation.pk)
    # The digest stays: whoever holds the link is told it was withdrawn, not that it never was.
    invitation.status = Invitation.Status.REVOKED
    invitation.closed_at = timezone.now()
    return save_as(invitation, actor)


@transaction.atomic
def invitation_deliver(*, actor, invitation_id: int, base_url: str, language: str) -> int:
    """Make the link's token, keep only its digest, and mail the link (run by the task worker,
    so the token never waits in the queue's records). A withdrawn invitation is not sent."""
    ensure_allowed(actor, can_manage_focal_points)
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation_id)
    if invitation.status != Invitation.Status.PENDING:
        return 0
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = token_digest(token)
    invitation.expires_at = now + dt.timedelta(days=settings.METROHUB_INVITATION_DAYS)
    invitation.sent_at = now
    invitation.times_sent += 1
    save_as(invitation, actor)
    link = base_url.rstrip("/") + reverse("accounts_invitation", args=[token])
    with translation.override(language):
        context = {"invitation": invitation, "link": link, "days": settings.METROHUB_INVITATION_DAYS}
        subject = render_to_string("account/email/invitation_subject.txt", context).strip()
        body = render_to_string("account/email/invitation.txt", context)
    # Sent inside the transaction: if the mail fails, the new token is not kept either.
    return send_mail(subject, body, None, [invitation.email])


def invitation_by_token(token: str) -> Invitation:
    """The invitation a link opens, or why it opens none. An unknown token and a guessed one get
    the same answer; only the holder of a real link learns that it expired or was used."""
    invitation = (
        Invitation.objects.select_related("organisation").filter(token_hash=token_digest(token)).first()
        if token
        else None
    )
    if invitation is None:
        raise InvitationLinkInvalid(_("This invitation link is not valid."))
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationLinkInvalid(_("This invitation link was already used or withdrawn."), status=410)
    if invitation.expires_at is None or invitation.expires_at <= timezone.now():
        raise InvitationLinkInvalid(
            _("This invitation link has expired: ask the secretariat to send it again."), status=410
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """The invited person sets their password (Django's validators) and becomes the focal point.
    The link is the credential: it is used once, and the invitation's history names the account."""
    found = invitation_by_token(token)
    # Locked and read again: of two submissions of one link, the second finds it used.
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=found.pk)
    if invitation.status != Invitation.Status.PENDING or invitation.token_hash != found.token_hash:
        raise InvitationLinkInvalid(_("This invitation link was already used or withdrawn."), status=410)
    organisation = invitation.organisation
    ensure(may_have_focal_point(organisation))
    _refuse_taken_address(invitation.email, organisation)
    user = (
        User.objects.filter(Q(email__iexact=invitation.email) | Q(username__iexact=invitation.email))
        .order_by("pk")
        .first()
    ) or User(username=invitation.email, email=invitation.email)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    user.set_password(password)
    user.organisation = organisation
    user.is_active = True
    save_as(user, user)
    user.groups.add(Group.objects.get(name=Role.FOCAL_POINT))
    invitation.status = Invitation.Status.ACCEPTED
    invitation.user = user
    invitation.closed_at = timezone.now()
    save_as(invitation, user)
    return user


@transaction.atomic
def focal_point_remove(*, actor, user: User, organisation) -> User:
    """Untie a focal point from the organisation; an account with no other role is closed, so its
    open sessions end at their next request. The invitation that made them records the end."""
    ensure_allowed(actor, can_manage_focal_points)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_focal_point_of(organisation.pk):
        raise DomainError(
            _("%(user)s is not a focal point of %(organisation)s.")
            % {"user": user.get_username(), "organisation": organisation}
        )
    user.groups.remove(Group.objects.get(name=Role.FOCAL_POINT))
    user.organisation = None
    user.__dict__.pop("roles", None)  # read again, without the role just removed
    if not user.roles:
        user.is_active = False
    save_as(user, actor)
    for invitation in Invitation.objects.select_for_update().filter(
        user=user, organisation=organisation, status=Invitation.Status.ACCEPTED
    ):
        invitation.status = Invitation.Status.ENDED
        invitation.closed_at = timezone.now()
        save_as(invitation, actor)
    return user
