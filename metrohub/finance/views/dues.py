"""Membership dues: invoices with filters and arrears, one invoice, payments and waivers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.core.access import permission
from metrohub.core.errors import DomainError
from metrohub.core.models import Region
from metrohub.core.money import Money
from metrohub.finance import services
from metrohub.finance.forms import InvoiceFilterForm, PaymentForm, WaiverForm
from metrohub.finance.models import Invoice
from metrohub.finance.permissions import finance_manager_rule, finance_rule
from metrohub.finance.selectors import invoice_list, overdue_filter
from metrohub.finance.views.common import export, finance_context, listing

SORTS = [
    ("member", _("Member")),
    ("region", _("Region")),
    ("due", _("Due date")),
    ("-amount", _("Amount")),
    ("status", _("Status")),
]


def _invoices(request) -> dict:
    form = InvoiceFilterForm(request.GET or None, regions=list(Region.objects.all()))
    return listing(request, form=form, select=invoice_list)


@permission(finance_rule)
def invoices(request):
    context = _invoices(request)
    context.update(
        finance_context(request),
        today=timezone.localdate(),
        synthetic_present=Invoice.objects.filter(synthetic=True).exists(),
    )
    return render(request, "finance/invoices.html", context)


@permission(finance_rule)
def invoices_export(request, fmt: str):
    queryset = _invoices(request)["queryset"]
    today = timezone.localdate()
    header = [
        _("Member"), _("Region"), _("Year"), _("Amount"), _("Currency"), _("Paid"), _("Issued"), _("Due"),
        _("Status"), _("In arrears"), _("Synthetic"),
    ]  # fmt: skip
    rows = (
        [
            i.organisation.name,
            i.organisation.region.label if i.organisation.region else "",
            i.year,
            i.amount,
            i.currency,
            i.paid_amount,
            i.issued_on,
            i.due_on,
            i.get_status_display(),
            _("yes") if i.status == Invoice.Status.OPEN and i.due_on < today else "",
            _("synthetic") if i.synthetic else "",
        ]
        for i in queryset.iterator(chunk_size=2000)
    )
    return export(fmt, filename="metrohub-invoices", header=header, rows=rows)


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
    if request.method != "POST":
        return redirect("finance:invoice", invoice_pk=invoice_pk)
    target = get_object_or_404(Invoice, pk=invoice_pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.payment_record(
                actor=request.user,
                invoice=target,
                amount=Money(data["amount"], data["currency"]),
                received_on=data["received_on"],
                method=data["method"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The payment was recorded."))
            return redirect("finance:invoice", invoice_pk=invoice_pk)
    return _invoice_page(request, invoice_pk, payment_form=form, status=400)


@permission(finance_manager_rule)
def invoice_waive(request, invoice_pk: int):
    if request.method != "POST":
        return redirect("finance:invoice", invoice_pk=invoice_pk)
    target = get_object_or_404(Invoice, pk=invoice_pk)
    form = WaiverForm(request.POST)
    if form.is_valid():
        try:
            services.invoice_waive(actor=request.user, invoice=target, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The invoice was waived."))
            return redirect("finance:invoice", invoice_pk=invoice_pk)
    return _invoice_page(request, invoice_pk, waiver_form=form, status=400)
