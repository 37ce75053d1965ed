"""Every write of the membership lifecycle: prospects and their pipeline, admission, the changes
of category and status, and renewal reminders. Pages, other apps and tasks all come through here.

Other apps call the status changes with a simple signature; finance suspends and reinstates for
arrears:

    membership_suspend(actor=SYSTEM, organisation=city, on=date, reason="arrears (2 years)")
    membership_reinstate(actor=SYSTEM, organisation=city, on=date, reason="dues paid")

A change never rewrites the past: it closes the open period on `on` and opens the next one
(network.services.membership_change), and history names the actor.
"""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metrohub.accounts.roles import Role
from metrohub.core.errors import DomainError
from metrohub.core.history import save_as
from metrohub.core.permissions import acting_user, ensure_allowed
from metrohub.core.services import task_progress
from metrohub.network import services as registry
from metrohub.network.membership.models import Prospect, ProspectMove, RenewalReminder
from metrohub.network.membership.workflow import STEPS, Stage, can_take
from metrohub.network.models import GoverningBody, Membership, MembershipPeriod, Organisation, Position
from metrohub.network.permissions import can_manage_registry

Status = MembershipPeriod.Status

# --- Prospects and their pipeline ------------------------------------------------------------------


def _clean_contact(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(_("Enter a valid email address.")) from exc
    return email


def _prospect(*, channel: str, name: str, contact_email: str, **fields) -> Prospect:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name the organisation."))
    prospect = Prospect(
        name=name,
        contact_email=_clean_contact(contact_email),
        channel=channel,
        stage=Stage.INTEREST,
        **fields,
    )
    if fields.get("country"):
        prospect.country = fields["country"].upper()
    return prospect


@transaction.atomic
def prospect_express_interest(
    *,
    name: str,
    kind: str,
    country: str,
    category: str,
    contact_name: str,
    contact_email: str,
    contact_title: str = "",
    message: str = "",
) -> Prospect:
    """An anonymous visitor's expression of interest, from the public form. Nothing else is
    written: the organisation enters the registry only when it is admitted."""
    prospect = _prospect(
        channel=Prospect.Channel.FORM,
        name=name,
        kind=kind,
        country=country,
        category=category,
        contact_name=contact_name.strip(),
        contact_email=contact_email,
        contact_title=contact_title.strip(),
        message=message.strip(),
    )
    save_as(prospect, None)  # an anonymous visitor: history records no user
    ProspectMove.objects.create(prospect=prospect, step="interest", to_stage=Stage.INTEREST, actor=None)
    return prospect


@transaction.atomic
def prospect_create(*, actor, name: str, contact_email: str, note: str = "", **fields) -> Prospect:
    """A prospect the secretariat enters itself (met at an event, a letter)."""
    ensure_allowed(actor, can_manage_registry)
    prospect = save_as(
        _prospect(channel=Prospect.Channel.STAFF, name=name, contact_email=contact_email, **fields), actor
    )
    ProspectMove.objects.create(
        prospect=prospect,
        step="interest",
        to_stage=Stage.INTEREST,
        actor=acting_user(actor),
        note=note.strip(),
    )
    return prospect


@transaction.atomic
def prospect_move(
    *,
    actor,
    prospect: Prospect,
    step: str,
    note: str = "",
    decision_on: dt.date | None = None,
    decision_body: GoverningBody | None = None,
    decision_reference: str = "",
    admitted_on: dt.date | None = None,
    category: str | None = None,
) -> Prospect:
    """Move a prospect one step of the pipeline (workflow.STEPS); every move leaves a
    ProspectMove row naming who, when and why. Approval records the Board's decision; admission
    (prospect_admit) opens the membership."""
    if step not in STEPS:
        raise DomainError(_("There is no step “%(step)s”.") % {"step": step})
    move = STEPS[step]
    prospect = Prospect.objects.select_for_update().get(pk=prospect.pk)
    if move.target == Stage.ADMITTED:
        _refuse_without_decision(prospect)
    ensure_allowed(actor, can_take, prospect, move)
    before = prospect.stage
    if move.needs_decision:
        missing = [
            label
            for label, value in [
                (_("the date of the decision"), decision_on),
                (_("the body that decided"), decision_body),
                (_("the decision's reference"), (decision_reference or "").strip()),
            ]
            if not value
        ]
        if missing:
            raise DomainError(
                _("Record the Board's decision first: %(missing)s is missing.")
                % {"missing": ", ".join(missing)}
            )
        if decision_on > timezone.localdate():
            raise DomainError(_("A decision cannot be dated in the future."))
        prospect.decision_on, prospect.decision_body = decision_on, decision_body
        prospect.decision_reference = decision_reference.strip()
    if move.target == Stage.DECLINED and not note.strip():
        raise DomainError(_("Say why the prospect is declined."))
    if move.target == Stage.ADMITTED:
        _admit(actor, prospect, on=admitted_on, category=category or prospect.category)
    prospect.stage = move.target
    save_as(prospect, actor)
    ProspectMove.objects.create(
        prospect=prospect,
        step=move.code,
        from_stage=before,
        to_stage=move.target,
        actor=acting_user(actor),
        note=note.strip(),
    )
    return prospect


def prospect_admit(
    *, actor, prospect: Prospect, on: dt.date, category: str | None = None, note: str = ""
) -> Prospect:
    """Admit an approved prospect: the registry gets (or links) its organisation and opens a
    membership period in its category from `on`. Refused without a recorded Board decision."""
    return prospect_move(
        actor=actor, prospect=prospect, step="admit", admitted_on=on, category=category, note=note
    )


def _refuse_without_decision(prospect: Prospect) -> None:
    if prospect.decision_on is None or prospect.decision_body_id is None or not prospect.decision_reference:
        raise DomainError(
            _("%(name)s cannot be admitted without a recorded Board decision (date, body and reference).")
            % {"name": prospect.name}
        )


def _decision_text(prospect: Prospect) -> str:
    return _("%(body)s decision %(reference)s of %(date)s") % {
        "body": prospect.decision_body.name,
        "reference": prospect.decision_reference,
        "date": prospect.decision_on.isoformat(),
    }


def _admit(actor, prospect: Prospect, *, on: dt.date | None, category: str) -> None:
    if on is None:
        raise DomainError(_("Give the date of admission."))
    if on < prospect.decision_on:
        raise DomainError(
            _("Admission cannot come before the Board's decision (%(date)s).")
            % {"date": prospect.decision_on}
        )
    if category not in MembershipPeriod.Category.values:
        raise DomainError(_("Choose the membership category."))
    organisation = (
        prospect.organisation
        or registry.organisation_find(prospect.name)
        or registry.organisation_create(
            actor=actor,
            name=prospect.name,
            kind=prospect.kind,
            country=prospect.country,
            region=prospect.region,
            source=_("admitted through the membership pipeline"),
        )
    )
    decision = _decision_text(prospect)
    membership = Membership.objects.filter(organisation=organisation).first()
    if membership is None:
        registry.membership_start(
            actor=actor,
            organisation=organisation,
            category=category,
            joined_year=on.year,
            start=on,  # dated: a figure of an earlier year never counts it
            source=decision,
            reason=_("Admitted"),
        )
    else:
        current = membership.periods.filter(end__isnull=True).first()
        if current is not None and current.status in (Status.ACTIVE, Status.SUSPENDED):
            raise DomainError(
                _("%(name)s already has an open membership period: it cannot have a second one.")
                % {"name": organisation.name}
            )
        registry.membership_change(
            actor=actor,
            membership=membership,
            on=on,
            category=category,
            status=Status.ACTIVE,
            source=decision,
            reason=_("Admitted again"),
        )
    prospect.organisation = organisation
    prospect.admitted_on = on


# --- Changes of category and status -----------------------------------------------------------------


def open_period(organisation: Organisation) -> MembershipPeriod | None:
    return (
        MembershipPeriod.objects.select_for_update()
        .filter(membership__organisation=organisation, end__isnull=True)
        .select_related("membership")
        .first()
    )


def _change(actor, organisation, *, on, allowed_from, refusal, reason, status=None, category=None):
    ensure_allowed(actor, can_manage_registry)
    if on is None:
        raise DomainError(_("Give the date of the change."))
    current = open_period(organisation)
    if current is None or current.status not in allowed_from:
        raise DomainError(refusal % {"name": organisation.name})
    return registry.membership_change(
        actor=actor,
        membership=current.membership,
        on=on,
        status=status,
        category=category,
        reason=(reason or "").strip(),
    )


@transaction.atomic
def membership_change_category(
    *, actor, organisation: Organisation, on: dt.date, category: str, reason: str = ""
):
    """A member moves from full to associate, or back."""
    if category not in MembershipPeriod.Category.values:
        raise DomainError(_("Choose the membership category."))
    return _change(
        actor,
        organisation,
        on=on,
        category=category,
        reason=reason,
        allowed_from={Status.ACTIVE, Status.SUSPENDED},
        refusal=_("%(name)s is not a member: only a member changes category."),
    )


@transaction.atomic
def membership_suspend(*, actor, organisation: Organisation, on: dt.date, reason: str):
    """Suspend an active member from `on`, for `reason` (the rule applied: "arrears", ...)."""
    if not (reason or "").strip():
        raise DomainError(_("Say why the membership is suspended (the rule applied)."))
    return _change(
        actor,
        organisation,
        on=on,
        status=Status.SUSPENDED,
        reason=reason,
        allowed_from={Status.ACTIVE},
        refusal=_("%(name)s is not an active member: only an active member can be suspended."),
    )


@transaction.atomic
def membership_reinstate(*, actor, organisation: Organisation, on: dt.date, reason: str = ""):
    """Reinstate a suspended (or lapsed) member from `on`."""
    return _change(
        actor,
        organisation,
        on=on,
        status=Status.ACTIVE,
        reason=reason or _("Reinstated"),
        allowed_from={Status.SUSPENDED, Status.LAPSED},
        refusal=_("%(name)s is not suspended: there is nothing to reinstate."),
    )


@transaction.atomic
def membership_withdraw(*, actor, organisation: Organisation, on: dt.date, reason: str = ""):
    """The member leaves the network from `on` (its letter of withdrawal)."""
    return _change(
        actor,
        organisation,
        on=on,
        status=Status.WITHDRAWN,
        reason=reason,
        allowed_from={Status.ACTIVE, Status.SUSPENDED, Status.LAPSED},
        refusal=_("%(name)s is not a member: there is nothing to withdraw from."),
    )


@transaction.atomic
def membership_lapse(*, actor, organisation: Organisation, on: dt.date, reason: str = ""):
    """The membership lapses from `on` (not renewed)."""
    return _change(
        actor,
        organisation,
        on=on,
        status=Status.LAPSED,
        reason=reason,
        allowed_from={Status.ACTIVE, Status.SUSPENDED},
        refusal=_("%(name)s is not a member: only a member's membership lapses."),
    )


# --- Renewal reminders --------------------------------------------------------------------------------


def reminder_recipients(organisation: Organisation) -> list[str]:
    """The organisation's focal points: people in an open focal-point position, and the accounts
    tied to it with the focal-point role."""
    from metrohub.accounts.models import User

    emails = set(
        Position.objects.filter(
            organisation=organisation,
            role=Position.Role.FOCAL_POINT,
            end__isnull=True,
            person__erased_at__isnull=True,
        )
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )
    emails |= set(
        User.objects.filter(organisation=organisation, groups__name=Role.FOCAL_POINT, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(emails)


@transaction.atomic
def reminders_send(*, actor, year: int, organisations: Sequence[Organisation], language: str = "en"):
    """Queue a renewal reminder for `year` to each selected member; each is recorded per member
    (who asked, when) and sent by the task queue, which records to whom and when it went."""
    from metrohub.network.tasks import reminders_queue

    ensure_allowed(actor, can_manage_registry)
    if not organisations:
        raise DomainError(_("Select the members to remind."))
    members = set(
        MembershipPeriod.objects.active_during(year)
        .filter(membership__organisation__in=organisations)
        .values_list("membership__organisation_id", flat=True)
    )
    strangers = [o.name for o in organisations if o.pk not in members]
    if strangers:
        raise DomainError(
            _("Not a member in %(year)s: %(names)s. Nothing was sent.")
            % {"year": year, "names": ", ".join(sorted(strangers))}
        )
    reminders = [
        save_as(RenewalReminder(organisation=o, year=year, requested_by=acting_user(actor)), actor)
        for o in organisations
    ]
    reminders_queue(actor=actor, year=year, reminder_ids=[r.pk for r in reminders], language=language)
    return reminders


def reminders_deliver(*, reminder_ids: Sequence[int], language: str = "en") -> int:
    """Send each queued reminder (the task's body); returns how many went. One reminder's
    record is saved as soon as its mail is sent, so a failure part-way keeps what was done."""
    from metrohub.core.permissions import SYSTEM

    reminders = list(
        RenewalReminder.objects.filter(
            pk__in=reminder_ids, status=RenewalReminder.Status.QUEUED
        ).select_related("organisation")
    )
    sent = 0
    for done, reminder in enumerate(reminders, start=1):
        to = reminder_recipients(reminder.organisation)
        if not to:
            reminder.status = RenewalReminder.Status.NO_ADDRESS
        else:
            with translation.override(language):
                context = {"organisation": reminder.organisation, "year": reminder.year}
                subject = _("Renewing your Metropolis membership for %(year)s") % {"year": reminder.year}
                send_mail(subject, render_to_string("network/email/renewal_reminder.txt", context), None, to)
            reminder.status, reminder.sent_at, reminder.recipients = (
                RenewalReminder.Status.SENT,
                timezone.now(),
                ", ".join(to)[:1000],
            )
            sent += 1
        save_as(reminder, SYSTEM)
        task_progress(done=done, total=len(reminders))
    return sent
