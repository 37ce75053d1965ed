"""Invoices and credit notes as PDF documents (WeasyPrint, as the annual report), written in the
member's language."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation

from metrohub.core.context_processors import network
from metrohub.core.system import weasyprint as load_weasyprint
from metrohub.core.system import weasyprint_missing
from metrohub.finance.models import CreditNote, Invoice

PRINT_CSS = Path(__file__).resolve().parent.parent / "static" / "finance" / "dues_pdf.css"


class PdfUnavailable(Exception):
    """This machine lacks WeasyPrint's system libraries; the message says how to add them."""


def _pdf(template: str, context: dict, *, language: str) -> bytes:
    reason = weasyprint_missing()
    if reason:
        raise PdfUnavailable(reason)
    weasyprint = load_weasyprint()
    with translation.override(language):
        html = render_to_string(
            template, {**context, **network(), "LANGUAGE_CODE": language, "now": timezone.localdate()}
        )
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))])


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as the member receives it, in its language."""
    context = {
        "invoice": invoice,
        "organisation": invoice.organisation,
        "payments": list(invoice.payments.all()),
        "credit_notes": list(invoice.credit_notes.all()),
    }
    return _pdf("finance/dues_invoice_pdf.html", context, language=invoice.organisation.language)


def credit_note_pdf(note: CreditNote) -> bytes:
    organisation = note.invoice.organisation
    context = {"note": note, "invoice": note.invoice, "organisation": organisation}
    return _pdf("finance/dues_credit_note_pdf.html", context, language=organisation.language)
