# Over 400 lines because the dues cycle's writes keep one room: the issuing, its bulk insert and its
# mail share the year's lock and its run, and a split would hand the lock across modules.
"""Every write of the dues cycle: fee rules, decisions, the year's issuing, credit notes, and the
mail of invoices and reminders. Each validates before its first write, so a refusal changes nothing.

The year's issuing is one transaction that first locks the year's live fee rows: two finance
staff issuing at the same moment queue one behind the other, and the second, once the first has
committed, finds every member invoiced and is told so (never an IntegrityError)."""

import datetime as dt
from decimal import Decimal

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metrohub.accounts.roles import Role
from metrohub.core.errors import DomainError
from metrohub.core.history import save_as
from metrohub.core.models import Region
from metrohub.core.money import Money
from metrohub.core.permissions import acting_user, ensure_allowed
from metrohub.core.services import task_enqueue
from metrohub.finance.dues.selectors import dues_preview, live_fees, unpaid_for_reminder
from metrohub.finance.models import CreditNote, Dispatch, DuesDecision, DuesRun, FeeSchedule, Invoice
from metrohub.finance.permissions import can_manage_finance
from metrohub.network.models import Organisation

MAIL_CHUNK = 500  # invoices per mail task: a failure is retried for these only, progress per task


def _same_rule(*, year, category, region, population_band, exclude_pk=None):
    rows = live_fees(year).filter(category=category, region=region, population_band=population_band)
    return rows.exclude(pk=exclude_pk).exists() if exclude_pk else rows.exists()


@transaction.atomic
def fee_create(
    *,
    actor,
    year: int,
    category: str,
    amount: Money,
    region: Region | None = None,
    population_band: str = "",
    synthetic: bool = False,
) -> FeeSchedule:
    """A new fee rule; one live rule per year, category, region and band."""
    ensure_allowed(actor, can_manage_finance)
    if amount.amount <= 0:
        raise DomainError(_("A fee must be more than zero."))
    if _same_rule(year=year, category=category, region=region, population_band=population_band):
        raise DomainError(
            _("%(year)s already has a fee for this category, region and population band: correct it instead.")
            % {"year": year}
        )
    fee = FeeSchedule(
        year=year,
        category=category,
        region=region,
        population_band=population_band,
        amount=amount.amount,
        currency=amount.currency,
        synthetic=synthetic,
    )
    return save_as(fee, actor)


@transaction.atomic
def fee_correct(*, actor, fee: FeeSchedule, amount: Money) -> FeeSchedule:
    """Correct a rule's amount; invoices already issued keep theirs (a credit note changes them)."""
    ensure_allowed(actor, can_manage_finance)
    fee = FeeSchedule.objects.select_for_update().get(pk=fee.pk)
    if fee.retired_on is not None:
        raise DomainError(_("This fee rule is retired: add a new one instead."))
    if amount.amount <= 0:
        raise DomainError(_("A fee must be more than zero."))
    fee.amount, fee.currency = amount.amount, amount.currency
    return save_as(fee, actor)


@transaction.atomic
def fee_retire(*, actor, fee: FeeSchedule, reason: str, on: dt.date | None = None) -> FeeSchedule:
    """Retire a rule: it prices no more invoices; the invoices it priced keep it."""
    ensure_allowed(actor, can_manage_finance)
    fee = FeeSchedule.objects.select_for_update().get(pk=fee.pk)
    if fee.retired_on is not None:
        raise DomainError(_("This fee rule is already retired."))
    if not reason.strip():
        raise DomainError(_("Retiring a fee rule needs its reason."))
    fee.retired_on, fee.retired_reason = on or timezone.localdate(), reason.strip()
    return save_as(fee, actor)


@transaction.atomic
def dues_decision_record(
    *,
    actor,
    organisation: Organisation,
    year: int,
    kind: str,
    reason: str,
    reference: str,
    decided_on: dt.date,
    percent: Decimal | None = None,
) -> DuesDecision:
    """A waiver or a reduction of a member's dues for a year, decided before they are issued."""
    ensure_allowed(actor, can_manage_finance)
    if not reason.strip() or not reference.strip():
        raise DomainError(_("A decision needs its reason and its reference."))
    if kind == DuesDecision.Kind.REDUCTION and (percent is None or not 0 < percent < 100):
        raise DomainError(_("A reduction is a share of the fee between 0 and 100%."))
    if kind == DuesDecision.Kind.WAIVER:
        percent = None
    if Invoice.objects.filter(organisation=organisation, year=year).exists():
        raise DomainError(
            _("The dues of %(year)s of %(name)s are already invoiced: issue a credit note instead.")
            % {"year": year, "name": organisation.name}
        )
    if DuesDecision.objects.filter(organisation=organisation, year=year).exists():
        raise DomainError(
            _("%(name)s already has a decision on its dues of %(year)s.")
            % {"name": organisation.name, "year": year}
        )
    decision = DuesDecision(
        organisation=organisation,
        year=year,
        kind=kind,
        percent=percent,
        reason=reason.strip(),
        reference=reference.strip(),
        decided_on=decided_on,
    )
    return save_as(decision, actor)


def next_invoice_number(year: int, *, after: int = 0) -> int:
    """The next free sequence number of a year's invoices ("2025-00042" → 43)."""
    last = Invoice.objects.filter(year=year).exclude(number="").aggregate(m=Max("number"))["m"]
    return max(int(last.rsplit("-", 1)[1]) if last else 0, after) + 1


def _lock_year(year: int) -> list[int]:
    """Lock the year's live fee rows: the issuings of one year run one after the other."""
    return list(live_fees(year).select_for_update().order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def dues_issue(*, actor, year: int, issued_on: dt.date, due_on: dt.date, synthetic: bool = False) -> DuesRun:
    """Invoice every member active during `year` that has no invoice for it yet, at its fee rule
    (less a decision's reduction), in one step; members without a rule, or waived by decision,
    are left out (the preview lists them). A second run issues nothing new and says so. The
    invoices are mailed by the task queue once committed."""
    ensure_allowed(actor, can_manage_finance)
    if due_on < issued_on:
        raise DomainError(_("The due date cannot be before the date of issue."))
    _lock_year(year)
    preview = dues_preview(year)
    if not preview.to_issue:
        last = DuesRun.objects.filter(year=year).select_related("issued_by").first()
        if last is not None:
            raise DomainError(
                _(
                    "Nothing new to issue: the dues of %(year)s were issued on %(when)s by %(who)s "
                    "(invoices issued: %(count)s); every member with a fee rule has its invoice."
                )
                % {
                    "year": year,
                    "when": timezone.localtime(last.created_at).strftime("%Y-%m-%d %H:%M"),
                    "who": last.issued_by or _("metrohub"),
                    "count": last.invoices,
                }
            )
        raise DomainError(
            _("Nothing to issue for %(year)s: no member has a fee rule that applies.") % {"year": year}
        )
    run = save_as(
        DuesRun(
            year=year,
            issued_on=issued_on,
            due_on=due_on,
            invoices=len(preview.to_issue),
            issued_by=acting_user(actor),
        ),
        actor,
    )
    first = next_invoice_number(year)
    rows = [
        {
            "organisation_id": quote.organisation_id,
            "year": year,
            "number": f"{year}-{first + n:05d}",
            "amount": quote.amount,
            "currency": quote.currency,
            "fee_id": quote.fee.pk,
            "decision_id": quote.decision.pk if quote.decision else None,
            "run_id": run.pk,
            "issued_on": issued_on,
            "due_on": due_on,
            "status": Invoice.Status.OPEN.value,
            "paid_amount": Decimal(0),
            "credited_amount": Decimal(0),
            "waiver_reason": "",
            "synthetic": synthetic,
        }
        for n, quote in enumerate(preview.to_issue)
    ]
    try:
        with transaction.atomic():
            ids = _insert_with_history(rows, run=run, actor=actor)
    except IntegrityError as exc:  # an invoice issued one by one, outside the year's lock
        raise DomainError(
            _("Another invoice of %(year)s was issued meanwhile: look at the preview again.") % {"year": year}
        ) from exc
    transaction.on_commit(
        lambda: _enqueue_mail(ids, kind=Dispatch.Kind.INVOICE, actor=actor, label_year=year)
    )
    return run


def _insert_with_history(rows: list[dict], *, run: DuesRun, actor) -> list[int]:
    """Insert the invoices and their history rows with one COPY (PostgreSQL) or one `executemany`
    (SQLite) each: the ORM's bulk_create compiles every value of every row and, on SQLite, splits
    the rows into batches of 999 parameters, which for 10,000 invoices was most of the time taken
    (benchmarks/dues.py).
    The rows were built from the preview, which validated them as `invoice_issue` would."""
    from django.db import connection

    cache: dict = {}

    def prepared(field, value):
        if value is None or type(value) in (int, str):
            return value
        key = (field.attname, value)
        if key not in cache:
            cache[key] = field.get_db_prep_save(value, connection)
        return cache[key]

    def insert(model, values: list[dict]) -> None:
        fields = [f for f in model._meta.concrete_fields if f.attname in values[0]]
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        prepared_rows = ([prepared(f, row[f.attname]) for f in fields] for row in values)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: the fastest way in, constraints still checked
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in prepared_rows:
                        copy.write_row(row)
                return
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(prepared_rows))

    insert(Invoice, rows)
    ids = dict(Invoice.objects.filter(run=run).values_list("organisation_id", "pk"))
    now, user_id = timezone.now(), getattr(acting_user(actor), "pk", None)
    insert(
        Invoice.history.model,
        [
            {
                **row,
                "id": ids[row["organisation_id"]],
                "history_date": now,
                "history_change_reason": None,
                "history_type": "+",
                "history_user_id": user_id,
            }
            for row in rows
        ],
    )
    return sorted(ids.values())


def _enqueue_mail(ids: list[int], *, kind: str, actor, label_year: int) -> None:
    from metrohub.finance.tasks import send_dues_mail

    requested_by = acting_user(actor)
    for start in range(0, len(ids), MAIL_CHUNK):
        chunk = ids[start : start + MAIL_CHUNK]
        label = (
            _("Mail the invoices of %(year)s (%(count)s)")
            if kind == Dispatch.Kind.INVOICE
            else _("Mail reminders of unpaid dues (%(count)s)")
        ) % {"year": label_year, "count": len(chunk)}
        task_enqueue(
            send_dues_mail,
            requested_by=requested_by,
            subject=f"finance.dues:{label_year}",
            label=label,
            invoice_ids=chunk,
            kind=kind,
        )


@transaction.atomic
def invoice_mail(*, actor, invoice: Invoice) -> None:
    """Mail one invoice again (to its focal points, with its PDF), through the task queue."""
    ensure_allowed(actor, can_manage_finance)
    if invoice.status == Invoice.Status.CANCELLED:
        raise DomainError(_("A cancelled invoice is not mailed."))
    transaction.on_commit(
        lambda: _enqueue_mail([invoice.pk], kind=Dispatch.Kind.INVOICE, actor=actor, label_year=invoice.year)
    )


@transaction.atomic
def reminders_send(
    *, actor, year: int | None = None, today: dt.date | None = None, not_within_days: int | None = None
) -> int:
    """Queue a reminder to every member with an invoice in arrears (of `year`, or of any year);
    with `not_within_days`, invoices reminded that recently are left for later (the scheduled
    command runs daily). Each reminder is recorded on its invoice when sent. Returns how many."""
    ensure_allowed(actor, can_manage_finance)
    invoices = unpaid_for_reminder(year, today=today)
    if not_within_days is not None:
        since = timezone.now() - dt.timedelta(days=not_within_days)
        invoices = invoices.exclude(
            dispatches__kind=Dispatch.Kind.REMINDER, dispatches__failure="", dispatches__sent_at__gte=since
        )
    ids = list(invoices.values_list("pk", flat=True))
    if not ids and not_within_days is None:
        raise DomainError(_("No invoice is in arrears: there is no reminder to send."))
    if ids:
        transaction.on_commit(
            lambda: _enqueue_mail(ids, kind=Dispatch.Kind.REMINDER, actor=actor, label_year=year or 0)
        )
    return len(ids)


def recipients_of(organisation_id: int) -> list[str]:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        organisation_id=organisation_id, is_active=True, groups__name=Role.FOCAL_POINT
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def dispatch_send(*, invoice_id: int, kind: str) -> Dispatch:
    """Mail one invoice or reminder with the invoice's PDF, in the member's language, and record it
    (a member without a focal point's address is recorded as not sent, with the reason). Run by
    the task queue as metrohub itself."""
    from metrohub.finance.dues.documents import invoice_pdf

    invoice = Invoice.objects.select_related("organisation").get(pk=invoice_id)
    to = recipients_of(invoice.organisation_id)
    if not to:
        return Dispatch.objects.create(
            invoice=invoice, kind=kind, failure=_("No focal point with an e-mail address.")
        )
    with translation.override(invoice.organisation.language):
        if kind == Dispatch.Kind.REMINDER:
            subject = _("Reminder: membership dues %(year)s unpaid (invoice %(number)s)")
            body = _(
                "Dear colleague,\n\nOur records show %(balance)s still due on invoice %(number)s "
                "for the membership dues of %(year)s of %(name)s (due on %(due)s). The invoice is attached."
            )
        else:
            subject = _("Membership dues %(year)s (invoice %(number)s)")
            body = _(
                "Dear colleague,\n\nPlease find attached invoice %(number)s for the membership dues "
                "of %(year)s of %(name)s: %(balance)s, due on %(due)s."
            )
        values = {
            "year": invoice.year,
            "number": invoice.number or invoice.pk,
            "name": invoice.organisation.name,
            "balance": f"{invoice.currency} {invoice.balance:,.2f}",
            "due": invoice.due_on.isoformat(),
        }
        message = EmailMessage(subject % values, body % values, None, to)
        message.attach(f"invoice-{values['number']}.pdf", invoice_pdf(invoice), "application/pdf")
    message.send()
    return Dispatch.objects.create(invoice=invoice, kind=kind, recipients=", ".join(to))


@transaction.atomic
def credit_note_issue(
    *,
    actor,
    invoice: Invoice,
    amount: Decimal,
    reason: str,
    reference: str = "",
    issued_on: dt.date | None = None,
) -> CreditNote:
    """A credit note: it reduces what the member owes on the invoice, never below zero."""
    ensure_allowed(actor, can_manage_finance)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != Invoice.Status.OPEN:
        raise DomainError(
            _("This invoice is %(status)s: it takes no credit note.")
            % {"status": invoice.get_status_display()}
        )
    if not reason.strip():
        raise DomainError(_("A credit note needs its reason."))
    if amount <= 0:
        raise DomainError(_("A credit note must be more than zero."))
    if amount > invoice.balance:
        raise DomainError(
            _("%(currency)s %(amount)s is more than the %(currency)s %(balance)s still due.")
            % {"currency": invoice.currency, "amount": f"{amount:,.2f}", "balance": f"{invoice.balance:,.2f}"}
        )
    issued_on = issued_on or timezone.localdate()
    prefix = f"CN-{issued_on.year}-"
    last = CreditNote.objects.filter(number__startswith=prefix).aggregate(m=Max("number"))["m"]
    number = f"{prefix}{(int(last.rsplit('-', 1)[1]) if last else 0) + 1:04d}"
    note = save_as(
        CreditNote(
            invoice=invoice,
            number=number,
            amount=amount,
            reason=reason.strip(),
            reference=reference.strip(),
            issued_on=issued_on,
        ),
        actor,
    )
    invoice.credited_amount += amount
    if invoice.balance == 0:
        invoice.status = Invoice.Status.PAID if invoice.paid_amount else Invoice.Status.CREDITED
    save_as(invoice, actor)
    return note
