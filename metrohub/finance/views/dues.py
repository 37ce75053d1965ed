"""The dues cycle's pages for the finance team: fee rules by category, region and population
band; decisions that waive or reduce; issuing the year's dues after a preview; invoice and
credit-note documents; mailing invoices and reminders; credit notes."""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext

from metrohub.core.access import permission
from metrohub.core.confirm import Confirmation
from metrohub.core.exports import as_attachment
from metrohub.core.form_pages import action, form_page
from metrohub.core.lists import Column, Listing
from metrohub.core.money import Money
from metrohub.finance.dues import services as dues
from metrohub.finance.dues.documents import PdfUnavailable, credit_note_pdf, invoice_pdf
from metrohub.finance.dues.forms import (
    CreditNoteForm,
    DecisionFilter,
    DecisionForm,
    FeeCorrectForm,
    FeeFilter,
    FeeForm,
    IssueForm,
    RetireForm,
)
from metrohub.finance.dues.selectors import dues_preview, unpaid_for_reminder
from metrohub.finance.models import CreditNote, DuesDecision, DuesRun, FeeSchedule, Invoice
from metrohub.finance.permissions import (
    credit_note_document_rule,
    finance_manager_rule,
    finance_rule,
    invoice_document_rule,
)
from metrohub.finance.views.staff import finance_context

FEE_CELLS = "finance/dues_fees.html"

FEES = Listing(
    name="fee-schedule",
    # Live rules only, unless the filter asks for the retired ones too.
    queryset=lambda request: FeeSchedule.objects.select_related("region").filter(
        **({} if request.GET.get("retired") else {"retired_on__isnull": True})
    ),
    filterset=FeeFilter,
    default_sort="-year",
    sorts={"region": "region__order"},
    columns=[
        Column("year", _l("Year"), sort="year", numeric=True),
        Column("category", _l("Category"), value="get_category_display", sort="category"),
        Column("region", _l("Region"), value=lambda f: f.region.label if f.region else _("All regions")),
        Column(
            "band",
            _l("Population band"),
            value=lambda f: f.get_population_band_display() if f.population_band else _("Any population"),
            sort="population_band",
        ),
        Column("amount", _l("Amount"), sort="amount", numeric=True, cell=f"{FEE_CELLS}#amount"),
        Column("currency", _l("Currency"), on_page=False),
        Column("retired", _l("Retired"), value="retired_on", cell=f"{FEE_CELLS}#retired"),
        Column("retired_reason", _l("Reason for retiring"), on_page=False),
    ],
)

fees, _fees_export = FEES.views(permission(finance_rule), FEE_CELLS, finance_context)


@permission(finance_manager_rule)
def fee_add(request):
    return form_page(
        request,
        FeeForm,
        save=lambda data: dues.fee_create(
            actor=request.user,
            year=data["year"],
            category=data["category"],
            region=data["region"],
            population_band=data["population_band"],
            amount=Money(data["amount"], data["currency"]),
        ),
        template="finance/dues_fee_form.html",
        context={"title": _("Add a fee rule"), **finance_context(request)},
        error_status=400,
        success_url=reverse("finance:dues_fees"),
        success_message=_("The fee rule was added."),
    )


def _fee_page(request, fee, *, form=None, retire_form=None, status=200):
    context = {
        "fee": fee,
        "form": form or FeeCorrectForm(initial={"amount": fee.amount, "currency": fee.currency}),
        "retire_form": retire_form or RetireForm(),
        "history": fee.history.select_related("history_user")[:20],
        **finance_context(request),
    }
    return render(request, "finance/dues_fee.html", context, status=status)


@permission(finance_rule)
def fee(request, fee_pk: int):
    return _fee_page(request, get_object_or_404(FeeSchedule.objects.select_related("region"), pk=fee_pk))


@permission(finance_manager_rule)
def fee_correct(request, fee_pk: int):
    found = get_object_or_404(FeeSchedule.objects.select_related("region"), pk=fee_pk)
    back = reverse("finance:dues_fee", args=[found.pk])
    return form_page(
        request,
        FeeCorrectForm,
        post_only=back,
        save=lambda data: dues.fee_correct(
            actor=request.user, fee=found, amount=Money(data["amount"], data["currency"])
        ),
        render_page=lambda form, status: _fee_page(request, found, form=form, status=status),
        error_status=400,
        success_url=back,
        success_message=_("The fee rule was corrected."),
    )


@permission(finance_manager_rule)
def fee_retire(request, fee_pk: int):
    found = get_object_or_404(FeeSchedule, pk=fee_pk)
    back = reverse("finance:dues_fee", args=[found.pk])
    return form_page(
        request,
        RetireForm,
        post_only=back,
        save=lambda data: dues.fee_retire(actor=request.user, fee=found, reason=data["reason"]),
        render_page=lambda form, status: _fee_page(request, found, retire_form=form, status=status),
        error_status=400,
        success_url=back,
        success_message=_("The fee rule was retired."),
        confirm=lambda data: Confirmation(
            title=_("Retire the fee rule “%(fee)s”?") % {"fee": found},
            consequences=[
                _("It prices no more invoices; invoices already issued keep their amount."),
                _("Reason: %(reason)s") % {"reason": data["reason"]},
            ],
            button=_("Retire the rule"),
            style="danger",
            cancel=back,
        ),
    )


DECISIONS = Listing(
    name="dues-decisions",
    queryset=lambda request: DuesDecision.objects.select_related("organisation"),
    filterset=DecisionFilter,
    default_sort="-year",
    columns=[
        Column("year", _l("Year"), sort="year", numeric=True),
        Column("member", _l("Member"), value="organisation.name", sort="organisation__name"),
        Column("kind", _l("Kind"), value="get_kind_display", sort="kind"),
        Column("percent", _l("Reduction (%)"), value="percent", numeric=True),
        Column("reference", _l("Decision reference"), sort="reference"),
        Column("reason", _l("Reason")),
        Column("decided_on", _l("Decided on"), sort="decided_on"),
    ],
)

decisions, _decisions_export = DECISIONS.views(
    permission(finance_rule), "finance/dues_decisions.html", finance_context
)


@permission(finance_manager_rule)
def decision_add(request):
    return form_page(
        request,
        DecisionForm,
        save=lambda data: dues.dues_decision_record(actor=request.user, **data),
        template="finance/dues_fee_form.html",
        context={"title": _("Record a waiver or a reduction"), **finance_context(request)},
        error_status=400,
        success_url=reverse("finance:dues_decisions"),
        success_message=_("The decision was recorded."),
    )


def _issue_year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if 1900 <= year <= 2100 else timezone.localdate().year


@permission(finance_manager_rule)
def issue(request):
    """The year's dues: a preview (counts and totals by region and currency, the members left out
    and why), then a confirmation that issues every invoice in one step."""
    year = _issue_year(request)
    preview = dues_preview(year)

    def confirm(data):
        lines = [
            ngettext(
                "%(count)s invoice will be issued for %(year)s, due on %(due)s.",
                "%(count)s invoices will be issued for %(year)s, due on %(due)s.",
                len(preview.to_issue),
            )
            % {"count": len(preview.to_issue), "year": year, "due": data["due_on"].isoformat()},
            *[
                _("%(currency)s %(total)s over %(count)s invoices")
                % {"currency": row["currency"], "total": f"{row['total']:,.2f}", "count": row["count"]}
                for row in preview.currency_totals
            ],
            _("Each is mailed with its PDF to the member's focal points (follow it on /work/)."),
        ]
        if preview.no_rule:
            lines.append(
                ngettext(
                    "%(count)s member has no fee rule: it is not invoiced.",
                    "%(count)s members have no fee rule: they are not invoiced.",
                    len(preview.no_rule),
                )
                % {"count": len(preview.no_rule)}
            )
        return Confirmation(
            title=_("Issue the dues of %(year)s?") % {"year": year},
            consequences=lines,
            button=_("Issue the invoices"),
            refusal=None if preview.to_issue else _("Nothing new to issue for %(year)s.") % {"year": year},
            cancel=reverse("finance:dues_issue") + f"?year={year}",
        )

    initial = {
        "year": year,
        "issued_on": timezone.localdate(),
        "due_on": timezone.localdate().replace(month=3, day=31),
    }
    if initial["due_on"] < initial["issued_on"]:
        initial["due_on"] = initial["issued_on"] + dt.timedelta(days=60)
    return form_page(
        request,
        IssueForm,
        initial=initial,
        save=lambda data: dues.dues_issue(actor=request.user, **data),
        template="finance/dues_issue.html",
        context={
            "year": year,
            "preview": preview,
            "no_rule": preview.no_rule[:200],
            "runs": DuesRun.objects.filter(year=year).select_related("issued_by")[:10],
            **finance_context(request),
        },
        error_status=400,
        confirm=confirm,
        success_url=lambda run: reverse("finance:invoices") + f"?year={run.year}",
        success_message=lambda run: (
            ngettext(
                "%(count)s invoice was issued for %(year)s; its mail is queued.",
                "%(count)s invoices were issued for %(year)s; their mail is queued.",
                run.invoices,
            )
            % {"count": run.invoices, "year": run.year}
        ),
    )


@permission(finance_manager_rule)
def reminders(request):
    """Remind every member in arrears, after a confirmation saying how many."""
    unpaid = unpaid_for_reminder().count()
    return action(
        request,
        lambda: dues.reminders_send(actor=request.user),
        back=reverse("finance:invoices") + "?overdue=on",
        success_message=lambda count: (
            ngettext("%(count)s reminder is queued.", "%(count)s reminders are queued.", count)
            % {"count": count}
        ),
        confirm=Confirmation(
            title=_("Send reminders of unpaid dues?"),
            consequences=[
                ngettext(
                    "%(count)s invoice is in arrears: its member's focal points get a reminder.",
                    "%(count)s invoices are in arrears: each member's focal points get a reminder.",
                    unpaid,
                )
                % {"count": unpaid}
            ],
            button=_("Send the reminders"),
            warning=_("Each reminder is recorded on its invoice."),
            refusal=None if unpaid else _("No invoice is in arrears: there is no reminder to send."),
        ),
    )


def _pdf_response(render_pdf, record, name: str, request):
    try:
        pdf = render_pdf(record)
    except PdfUnavailable as exc:
        return render(request, "reports/pdf_unavailable.html", {"reason": str(exc)}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    as_attachment(response, name, "pdf")
    return response


@permission(invoice_document_rule)
def invoice_document(request, invoice_pk: int):
    invoice = get_object_or_404(
        Invoice.objects.select_related("organisation", "fee", "decision").exclude(
            status=Invoice.Status.CANCELLED
        ),
        pk=invoice_pk,
    )
    return _pdf_response(invoice_pdf, invoice, f"invoice-{invoice.number or invoice.pk}", request)


@permission(credit_note_document_rule)
def credit_note_document(request, note_pk: int):
    note = get_object_or_404(CreditNote.objects.select_related("invoice__organisation"), pk=note_pk)
    return _pdf_response(credit_note_pdf, note, f"credit-note-{note.number}", request)


@permission(finance_manager_rule)
def invoice_mail(request, invoice_pk: int):
    invoice = get_object_or_404(Invoice.objects.select_related("organisation"), pk=invoice_pk)
    back = reverse("finance:invoice", args=[invoice.pk])
    return action(
        request,
        lambda: dues.invoice_mail(actor=request.user, invoice=invoice),
        back=back,
        success_message=_("The invoice's mail is queued."),
        confirm=Confirmation(
            title=_("Mail invoice %(number)s again?") % {"number": invoice.number or invoice.pk},
            consequences=[
                _("It goes, with its PDF, to the focal points of %(name)s.")
                % {"name": invoice.organisation.name}
            ],
            button=_("Mail it"),
            warning=None,
        ),
    )


@permission(finance_manager_rule)
def credit_note_add(request, invoice_pk: int):
    invoice = get_object_or_404(Invoice.objects.select_related("organisation"), pk=invoice_pk)
    back = reverse("finance:invoice", args=[invoice.pk])
    return form_page(
        request,
        CreditNoteForm,
        save=lambda data: dues.credit_note_issue(actor=request.user, invoice=invoice, **data),
        template="finance/dues_fee_form.html",
        context={
            "title": _("Credit note on invoice %(number)s") % {"number": invoice.number or invoice.pk},
            "invoice": invoice,
            **finance_context(request),
        },
        error_status=400,
        success_url=back,
        success_message=lambda note: _("Credit note %(number)s was issued.") % {"number": note.number},
        confirm=lambda data: Confirmation(
            title=_("Issue a credit note of %(currency)s %(amount)s to %(name)s?")
            % {
                "currency": invoice.currency,
                "amount": f"{data['amount']:,.2f}",
                "name": invoice.organisation.name,
            },
            consequences=[_("Reason: %(reason)s") % {"reason": data["reason"]}],
            button=_("Issue the credit note"),
            cancel=back,
        ),
    )
