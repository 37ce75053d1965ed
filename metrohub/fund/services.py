"""Every write to the funds. Pages, the API, the loader and the demo generator come through here.

The rule that matters most: a grant is never above its call's maximum nor above what the fund
has left uncommitted (raised − committed). `grant_award` checks both inside one transaction that
holds a lock on the fund's row, so two awards at the same moment are made one after the other
and the second sees the first.
"""

import datetime as dt
from decimal import Decimal

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metrohub.calls.models import Application, Call
from metrohub.calls.services import call_create, criterion_add, question_add
from metrohub.calls.workflow import Status
from metrohub.core.context_processors import network
from metrohub.core.errors import DomainError
from metrohub.core.history import delete_as, save_as
from metrohub.core.models import ActionLine, ThematicPriority
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM, acting_user, ensure_allowed
from metrohub.finance.models import Agreement
from metrohub.finance.money import to_eur
from metrohub.finance.services import GRANT_KINDS
from metrohub.fund.models import Contribution, Fund, Grant, GrantAgreement, ProgressReport, Tranche
from metrohub.fund.permissions import can_manage_funds


def _eur(amount: Decimal) -> str:
    return f"EUR {amount:,.2f}"


class FundExhausted(DomainError):
    def __init__(self, *, fund: Fund, requested: Decimal, available: Decimal) -> None:
        super().__init__(
            _(
                "%(requested)s is more than the %(available)s “%(fund)s” has left uncommitted: "
                "the grant was refused."
            )
            % {"requested": _eur(requested), "available": _eur(available), "fund": fund.name}
        )


class AboveCap(DomainError):
    def __init__(self, *, call: Call, requested: Decimal, cap: Decimal) -> None:
        super().__init__(
            _("%(requested)s is above the most “%(call)s” grants (%(cap)s): the grant was refused.")
            % {"requested": _eur(requested), "call": call.title, "cap": _eur(cap)}
        )


@transaction.atomic
def fund_create(*, actor, name: str, theme: str, regions=(), **fields) -> Fund:
    ensure_allowed(actor, can_manage_funds)
    if Fund.objects.filter(name=name).exists():
        raise DomainError(_("A fund named “%(name)s” already exists.") % {"name": name})
    fund = save_as(Fund(name=name, theme=theme, **fields), actor)
    fund.regions.set(regions)
    return fund


@transaction.atomic
def contribution_record(
    *,
    actor,
    fund: Fund,
    agreement: Agreement,
    pledged_on: dt.date | None = None,
    source: str = "",
    synthetic: bool = False,
) -> Contribution:
    """Earmark an agreement's money for a fund: the donor is the agreement's partner, the pledge
    its amount, in its currency and in EUR at the pledge date's rate (or, when the date is not on
    record, at the rate of the agreement's year's end). What the donor pays in is recorded once, as
    the agreement's income (`finance.services.instalment_receive`), and the fund reads it there."""
    ensure_allowed(actor, can_manage_funds)
    agreement = Agreement.objects.select_for_update().select_related("partner").get(pk=agreement.pk)
    if agreement.kind not in GRANT_KINDS:
        raise DomainError(
            _("“%(title)s” is not a funding agreement: it brings the fund no money.")
            % {"title": agreement.title}
        )
    if agreement.retired_on:
        raise DomainError(
            _("“%(title)s” was retired: its money goes to no fund.") % {"title": agreement.title}
        )
    if agreement.amount is None:
        raise DomainError(
            _("“%(title)s” states no amount: record the agreement's amount first.")
            % {"title": agreement.title}
        )
    if Contribution.objects.filter(agreement=agreement).exists():
        raise DomainError(
            _("“%(title)s” is already earmarked for a fund: an agreement's money is counted once.")
            % {"title": agreement.title}
        )
    if pledged_on and pledged_on.year != agreement.year:
        raise DomainError(_("The pledge date falls outside its year."))
    pledged = Money(agreement.amount, agreement.currency)
    pledged_eur = to_eur(
        pledged, on=pledged_on or dt.date(agreement.year, 12, 31)
    )  # refuses, before any write, without a rate
    contribution = Contribution(
        fund=fund,
        agreement=agreement,
        donor=agreement.partner,
        currency=pledged.currency,
        pledged=pledged.amount,
        pledged_eur=pledged_eur,
        year=agreement.year,
        pledged_on=pledged_on,
        source=source or agreement.source,
        synthetic=synthetic,
    )
    try:
        with transaction.atomic():
            return save_as(contribution, actor)
    except IntegrityError as exc:
        raise DomainError(
            _("“%(title)s” is already earmarked for a fund: an agreement's money is counted once.")
            % {"title": agreement.title}
        ) from exc


def _award_checks(application: Application, amount: Decimal, *, lock: bool) -> Fund:
    call = application.call
    if call.fund_id is None:
        raise DomainError(_("“%(call)s” is not a call of a fund: it awards no grant.") % {"call": call.title})
    if application.status != Status.SELECTED:
        raise DomainError(
            _("Only a selected application receives a grant; this one is %(status)s.")
            % {"status": application.get_status_display().lower()}
        )
    if amount <= 0:
        raise DomainError(_("A grant must be more than zero."))
    if call.max_amount is not None and amount > call.max_amount:
        raise AboveCap(call=call, requested=amount, cap=call.max_amount)
    # The lock: a second award on this fund waits here until the first one is committed.
    funds = Fund.objects.select_for_update() if lock else Fund.objects
    fund = funds.get(pk=call.fund_id)
    if fund.max_grant is not None and amount > fund.max_grant:
        raise AboveCap(call=call, requested=amount, cap=fund.max_grant)
    if Grant.objects.filter(application=application).exists():
        raise DomainError(_("This application already has its grant."))
    available = fund.available()
    if amount > available:
        raise FundExhausted(fund=fund, requested=amount, available=available)
    return fund


def grant_award_check(*, actor, application: Application, amount: Decimal) -> None:
    """Raise what would stop `grant_award` now, writing nothing (the confirmation page asks)."""
    ensure_allowed(actor, can_manage_funds)
    application = Application.objects.select_related("call", "organisation").get(pk=application.pk)
    _award_checks(application, amount, lock=False)


@transaction.atomic
def grant_award(
    *,
    actor,
    application: Application,
    amount: Decimal,
    synthetic: bool = False,
    action_line: ActionLine | None = None,
    thematic_priority: ThematicPriority | None = None,
) -> Grant:
    """Award a grant to a selected application from its call's fund; refuses to exceed the call's
    maximum or the fund's uncommitted balance."""
    ensure_allowed(actor, can_manage_funds)
    application = Application.objects.select_related("call", "organisation").get(pk=application.pk)
    fund = _award_checks(application, amount, lock=True)
    try:
        with transaction.atomic():
            return save_as(
                Grant(
                    application=application,
                    fund=fund,
                    amount=amount,
                    awarded_by=acting_user(actor),
                    synthetic=synthetic,
                    action_line=action_line,
                    thematic_priority=thematic_priority,
                ),
                actor,
            )
    except IntegrityError as exc:
        raise DomainError(_("This application already has its grant.")) from exc


@transaction.atomic
def agreement_sign(*, actor, grant: Grant, signed_on: dt.date, terms: str) -> GrantAgreement:
    ensure_allowed(actor, can_manage_funds)
    if not terms.strip():
        raise DomainError(_("Write the agreement's terms."))
    agreement = GrantAgreement.objects.filter(grant=grant).first() or GrantAgreement(grant=grant)
    agreement.signed_on, agreement.terms = signed_on, terms.strip()
    return save_as(agreement, actor)


@transaction.atomic
def tranche_add(
    *, actor, grant: Grant, amount: Decimal, due_on: dt.date, paid_on: dt.date | None = None
) -> Tranche:
    """A tranche of a grant; all tranches together never exceed the grant."""
    ensure_allowed(actor, can_manage_funds)
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if amount <= 0:
        raise DomainError(_("A tranche must be more than zero."))
    left = grant.amount - grant.scheduled()
    if amount > left:
        raise DomainError(
            _("%(amount)s is more than the %(left)s of the grant not yet in a tranche.")
            % {"amount": _eur(amount), "left": _eur(left)}
        )
    return save_as(Tranche(grant=grant, amount=amount, due_on=due_on, paid_on=paid_on), actor)


@transaction.atomic
def tranche_pay(*, actor, tranche: Tranche, paid_on: dt.date) -> Tranche:
    ensure_allowed(actor, can_manage_funds)
    tranche = Tranche.objects.select_for_update().get(pk=tranche.pk)
    if tranche.paid_on:
        raise DomainError(_("This tranche was already paid."))
    if paid_on > timezone.localdate():
        raise DomainError(_("A payment cannot be recorded in the future."))
    tranche.paid_on = paid_on
    return save_as(tranche, actor)


@transaction.atomic
def report_add(*, actor, grant: Grant, title: str, due_on: dt.date) -> ProgressReport:
    ensure_allowed(actor, can_manage_funds)
    if not title.strip():
        raise DomainError(_("Say what report is due."))
    return save_as(ProgressReport(grant=grant, title=title.strip(), due_on=due_on), actor)


@transaction.atomic
def report_receive(
    *, actor, report: ProgressReport, submitted_on: dt.date, summary: str = ""
) -> ProgressReport:
    ensure_allowed(actor, can_manage_funds)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.submitted_on:
        raise DomainError(_("This report was already received."))
    report.submitted_on, report.summary = submitted_on, summary.strip()
    return save_as(report, actor)


def reminders_send(*, today: dt.date | None = None, days_ahead: int = 14, language: str = "en") -> int:
    """Remind grantees of progress reports overdue or due within `days_ahead` days, once a day.
    Returns how many reminders were sent."""
    from metrohub.calls.tasks import recipients

    today = today or timezone.localdate()
    due = ProgressReport.objects.select_related(
        "grant__application__organisation", "grant__application__call"
    ).filter(submitted_on__isnull=True, due_on__lte=today + dt.timedelta(days=days_ahead))
    sent = 0
    for report in due.exclude(reminded_on=today):
        to = recipients(report.grant.application)
        if to:
            with translation.override(language):
                context = {"report": report, "overdue": report.due_on < today, **network()}
                subject = render_to_string("fund/email/reminder_subject.txt", context).strip()
                body = render_to_string("fund/email/reminder.txt", context)
            send_mail(subject, body, None, to)
            sent += 1
        ProgressReport.objects.filter(pk=report.pk).update(reminded_on=today)
    return sent


@transaction.atomic
def fund_copy(*, actor, fund: Fund, name: str, theme: str, priority: str = "", regions=()) -> Fund:
    """A new fund with this one's set-up for another theme or region: its calls (unpublished),
    their questions, rubric and eligibility. Not its money, not its applications."""
    ensure_allowed(actor, can_manage_funds)
    regions = list(regions)
    copy = fund_create(
        actor=actor,
        name=name,
        theme=theme,
        priority=priority or fund.priority,
        regions=regions or fund.regions.all(),
        description=fund.description,
        max_grant=fund.max_grant,
        synthetic=fund.synthetic,
    )
    copy.copied_from = fund
    copy.save(update_fields=["copied_from"])
    for call in fund.calls.prefetch_related("questions", "criteria", "eligible_regions"):
        new_call = call_create(
            actor=SYSTEM,
            regions=regions or call.eligible_regions.all(),
            title=f"{call.title} — {theme}",
            description=call.description,
            programme=call.programme,
            fund=copy,
            themes=list(call.themes),
            action_lines=list(call.action_lines),
            opens_at=call.opens_at,
            closes_at=call.closes_at,
            published=False,
            requires_good_standing=call.requires_good_standing,
            eligible_categories=list(call.eligible_categories),
            one_application_per_organisation=call.one_application_per_organisation,
            allowed_file_types=list(call.allowed_file_types),
            max_file_size_mb=call.max_file_size_mb,
            max_amount=call.max_amount,
            synthetic=call.synthetic,
        )
        new_call.copied_from = call
        new_call.save(update_fields=["copied_from"])
        for question in call.questions.all():
            question_add(
                actor=SYSTEM,
                call=new_call,
                label=question.label,
                kind=question.kind,
                required=question.required,
                help_text=question.help_text,
                choices=question.choices,
                order=question.order,
            )
        for criterion in call.criteria.all():
            criterion_add(
                actor=SYSTEM,
                call=new_call,
                name=criterion.name,
                description=criterion.description,
                weight=criterion.weight,
                max_score=criterion.max_score,
                order=criterion.order,
            )
    return copy


@transaction.atomic
def fund_delete(*, actor, fund: Fund) -> None:
    """Delete a fund set up by mistake; a fund with contributions, grants or calls is kept."""
    ensure_allowed(actor, can_manage_funds)
    delete_as(fund, actor)
