"""The member portal's money: a focal point sees their organisation's invoices, payments (its
receipts) and standing, and why it is or is not in good standing. Reading only.

These pages live in finance because finance may read the registry and the registry may not read
finance: the registry's portal page shows the summary through finance's template tag
(`{% portal_money_for organisation %}`, as calls and programs add their parts) and links here."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from metrohub.core.access import permission
from metrohub.finance.models import Invoice
from metrohub.finance.permissions import portal_invoice_rule, portal_money_rule
from metrohub.finance.selectors import invoices_of_member, member_standing


def invoice_pdf_url(invoice: Invoice) -> str:
    """The invoice's PDF: the dues' document view lets the member's own focal points through."""
    return reverse("finance:invoice_document", args=[invoice.pk])


@permission(portal_money_rule)
def money(request):
    organisation = request.user.organisation
    invoices = list(invoices_of_member(organisation.pk))
    today = timezone.localdate()
    for invoice in invoices:
        invoice.overdue = invoice.status == Invoice.Status.OPEN and invoice.due_on < today
    return render(
        request,
        "finance/portal_money.html",
        {"organisation": organisation, "invoices": invoices, "standing": member_standing(organisation)},
    )


@permission(portal_invoice_rule)
def invoice(request, invoice_pk: int):
    invoice = get_object_or_404(
        Invoice.objects.select_related("organisation").prefetch_related("payments"),
        pk=invoice_pk,
        organisation_id=request.user.organisation_id,
    )
    overdue = invoice.status == Invoice.Status.OPEN and invoice.due_on < timezone.localdate()
    return render(
        request,
        "finance/portal_invoice.html",
        {"invoice": invoice, "overdue": overdue, "pdf_url": invoice_pdf_url(invoice)},
    )
