"""Prospects and their pipeline: the public expression of interest, the staff's entry, each
step (workflow.STEPS) and the admission after a recorded Board decision."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.history import save_as
from metrohub.core.models import Region
from metrohub.core.permissions import acting_user, ensure_allowed
from metrohub.network import services as registry
from metrohub.network.membership.models import Prospect, ProspectMove
from metrohub.network.membership.workflow import STEPS, Stage, can_take
from metrohub.network.models import GoverningBody, Membership, MembershipPeriod
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
    region: Region | None = None,
) -> Prospect:
    """Move a prospect one step of the pipeline (workflow.STEPS); every move leaves a
    ProspectMove row naming who, when and why. Approval records the Board's decision; admission
    (prospect_admit) opens the membership."""
    if step not in STEPS:
        raise DomainError(_("There is no step “%(step)s”.") % {"step": step})
    move = STEPS[step]
    ensure_allowed(actor, can_manage_registry)
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
        prospect.region = region or prospect.region
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
