"""Membership dues: invoices with filters and arrears, one invoice, payments and waivers."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from metrohub.core.access import permission
from metrohub.core.form_pages import form_page
from metrohub.core.lists import Column, Listing
from metrohub.core.money import Money
from metrohub.finance import services
from metrohub.finance.forms import InvoiceFilter, PaymentForm, WaiverForm
from metrohub.finance.models import Invoice
from metrohub.finance.permissions import finance_manager_rule, finance_rule
from metrohub.finance.selectors import invoice_list, overdue_filter
from metrohub.finance.views.common import finance_context

CELLS = "finance/invoices.html"
INVOICES = Listing(
    name="invoices",
    queryset=lambda request: invoice_list(),
    filterset=InvoiceFilter,
    default_sort="member",
    export_url="finance:invoices_export",
    columns=[
        Column(
            "member",
            _l("Member"),
            value="organisation.name",
            sort="organisation__name",
            cell=f"{CELLS}#member",
        ),
        Column("region", _l("Region"), value="organisation.region.label", sort="organisation__region__order"),
        Column("year", _l("Year"), sort="year", numeric=True),
        Column("amount", _l("Amount"), sort="amount", numeric=True, cell=f"{CELLS}#amount"),
        Column("currency", _l("Currency"), on_page=False),
        Column("paid", _l("Paid"), value="paid_amount", numeric=True, cell=f"{CELLS}#paid"),
        Column("issued", _l("Issued"), value="issued_on", on_page=False),
        Column("due", _l("Due"), value="due_on", sort="due_on", cell=f"{CELLS}#due"),
        Column("status", _l("Status"), value="get_status_display", sort="status", cell=f"{CELLS}#status"),
        Column(
            "arrears",
            _l("In arrears"),
            value=lambda i: (
                _("yes") if i.status == Invoice.Status.OPEN and i.due_on < timezone.localdate() else ""
            ),
            on_page=False,
        ),
        Column(
            "synthetic", _l("Synthetic"), value=lambda i: _("synthetic") if i.synthetic else "", on_page=False
        ),
    ],
)


@permission(finance_rule)
def invoices(request):
    context = {
        **finance_context(request),
        "today": timezone.localdate(),
        "synthetic_present": Invoice.objects.filter(synthetic=True).exists(),
    }
    return INVOICES.render(request, "finance/invoices.html", context)


@permission(finance_rule)
def invoices_export(request, fmt: str):
    return INVOICES.export(request, fmt)


def _invoice_page(request, invoice_pk: int, *, payment_form=None, waiver_form=None, status=200):
    invoice = get_object_or_404(
        Invoice.objects.select_related("organisation", "organisation__region").prefetch_related("payments"),
        pk=invoice_pk,
    )
    context = {
        "invoice": invoice,
        "overdue": Invoice.objects.filter(overdue_filter(), pk=invoice.pk).exists(),
        "payment_form": payment_form or PaymentForm(initial={"currency": invoice.currency}),
        "waiver_form": waiver_form or WaiverForm(),
        **finance_context(request),
    }
    return render(request, "finance/invoice.html", context, status=status)


@permission(finance_rule)
def invoice(request, invoice_pk: int):
    return _invoice_page(request, invoice_pk)


@permission(finance_manager_rule)
def invoice_pay(request, invoice_pk: int):
    target = get_object_or_404(Invoice, pk=invoice_pk) if request.method == "POST" else None
    return form_page(
        request,
        PaymentForm,
        post_only=reverse("finance:invoice", args=[invoice_pk]),
        save=lambda data: services.payment_record(
            actor=request.user,
            invoice=target,
            amount=Money(data["amount"], data["currency"]),
            received_on=data["received_on"],
            method=data["method"],
        ),
        render_page=lambda form, status: _invoice_page(request, invoice_pk, payment_form=form, status=400),
        success_url=reverse("finance:invoice", args=[invoice_pk]),
        success_message=_("The payment was recorded."),
    )


@permission(finance_manager_rule)
def invoice_waive(request, invoice_pk: int):
    target = get_object_or_404(Invoice, pk=invoice_pk) if request.method == "POST" else None
    return form_page(
        request,
        WaiverForm,
        post_only=reverse("finance:invoice", args=[invoice_pk]),
        save=lambda data: services.invoice_waive(actor=request.user, invoice=target, reason=data["reason"]),
        render_page=lambda form, status: _invoice_page(request, invoice_pk, waiver_form=form, status=400),
        success_url=reverse("finance:invoice", args=[invoice_pk]),
        success_message=_("The invoice was waived."),
    )
