"""Finance pages for the secretariat: the dashboard, agreements, member dues and their
payments and waivers, income and exchange rates."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from metrohub.core.access import permission
from metrohub.core.form_pages import form_page, record_form
from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile
from metrohub.core.models import DeclaredFigure
from metrohub.core.money import Money
from metrohub.finance import charts, services
from metrohub.finance.forms import (
    AgreementFilter,
    ExchangeRateForm,
    IncomeFilter,
    InvoiceFilter,
    PaymentForm,
    WaiverForm,
)
from metrohub.finance.metrics import key_figures
from metrohub.finance.models import Agreement, ExchangeRate, IncomeLine, Invoice
from metrohub.finance.permissions import (
    agreements_rule,
    can_manage_finance,
    can_view_finance,
    finance_manager_rule,
    finance_rule,
)
from metrohub.finance.selectors import (
    arrears_by_region,
    dues_by_year,
    dues_summary,
    income_by_source,
    income_by_source_and_year,
    invoice_list,
    overdue_filter,
)

AGREEMENT_CELLS = "finance/agreements.html"


AGREEMENTS = Listing(
    name="agreements",
    queryset=lambda request: Agreement.objects.select_related("partner"),
    filterset=AgreementFilter,
    default_sort="partner",
    export_url="finance:agreements_export",
    columns=[
        Column("partner", _l("Partner"), value="partner.name", sort="partner__name"),
        Column("title", _l("Title"), heading=_l("Agreement"), sort="title", cell=f"{AGREEMENT_CELLS}#title"),
        Column("kind", _l("Kind"), value="get_kind_display", sort="kind"),
        Column("year", _l("Year"), sort="year", numeric=True),
        Column("amount", _l("Amount"), sort="amount", numeric=True, cell=f"{AGREEMENT_CELLS}#amount"),
        Column("currency", _l("Currency"), on_page=False),
        Column(
            "recurrence",
            _l("Recurrence"),
            value=lambda a: a.get_recurrence_display() if a.amount is not None else "",
            on_page=False,
        ),
        Column("start", _l("From"), on_page=False),
        Column("end", _l("Until"), on_page=False),
        Column("obligations", _l("Obligations"), on_page=False),
        Column("source", _l("Source"), cell=f"{AGREEMENT_CELLS}#source"),
    ],
)


def finance_context(request) -> dict:
    """Which of the finance tabs the user may open."""
    return {
        "can_view_finance": can_view_finance(request.user),
        "can_manage_finance": can_manage_finance(request.user),
    }


agreements, agreements_export = AGREEMENTS.views(
    permission(agreements_rule), "finance/agreements.html", finance_context
)


INVOICE_CELLS = "finance/invoices.html"


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
            cell=f"{INVOICE_CELLS}#member",
        ),
        Column("region", _l("Region"), value="organisation.region.label", sort="organisation__region__order"),
        Column("year", _l("Year"), sort="year", numeric=True),
        Column("amount", _l("Amount"), sort="amount", numeric=True, cell=f"{INVOICE_CELLS}#amount"),
        Column("currency", _l("Currency"), on_page=False),
        Column("paid", _l("Paid"), value="paid_amount", numeric=True, cell=f"{INVOICE_CELLS}#paid"),
        Column("issued", _l("Issued"), value="issued_on", on_page=False),
        Column("due", _l("Due"), value="due_on", sort="due_on", cell=f"{INVOICE_CELLS}#due"),
        Column(
            "status", _l("Status"), value="get_status_display", sort="status", cell=f"{INVOICE_CELLS}#status"
        ),
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


def _invoices_context(request) -> dict:
    return {
        **finance_context(request),
        "today": timezone.localdate(),
        "synthetic_present": Invoice.objects.filter(synthetic=True).exists(),
    }


invoices, invoices_export = INVOICES.views(
    permission(finance_rule), "finance/invoices.html", _invoices_context
)


def _invoice_page(request, invoice_pk: int, *, payment_form=None, waiver_form=None, status=200):
    invoice = get_object_or_404(
        Invoice.objects.select_related("organisation", "organisation__region").prefetch_related(
            "payments", "credit_notes", "dispatches"
        ),
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
    return record_form(
        request,
        Invoice,
        invoice_pk,
        PaymentForm,
        save=lambda invoice, data: services.payment_record(
            actor=request.user,
            invoice=invoice,
            amount=Money(data["amount"], data["currency"]),
            received_on=data["received_on"],
            method=data["method"],
        ),
        page=lambda form, status: _invoice_page(request, invoice_pk, payment_form=form, status=status),
        url=reverse("finance:invoice", args=[invoice_pk]),
        success_message=_("The payment was recorded."),
    )


@permission(finance_manager_rule)
def invoice_waive(request, invoice_pk: int):
    return record_form(
        request,
        Invoice,
        invoice_pk,
        WaiverForm,
        save=lambda invoice, data: services.invoice_waive(
            actor=request.user, invoice=invoice, reason=data["reason"]
        ),
        page=lambda form, status: _invoice_page(request, invoice_pk, waiver_form=form, status=status),
        url=reverse("finance:invoice", args=[invoice_pk]),
        success_message=_("The invoice was waived."),
    )


def _year(request) -> int:
    """The year asked for (1900–2100), else the latest with declared finance figures, else this year."""
    try:
        year = int(request.GET["year"])
    except (KeyError, ValueError):
        year = 0
    if 1900 <= year <= 2100:
        return year
    declared = (
        DeclaredFigure.objects.filter(key__startswith="finance.")
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    return declared or timezone.localdate().year


@permission(finance_rule)
def dashboard(request):
    year = _year(request)
    income = income_by_source(year)
    income_years, dues_years, arrears = (
        income_by_source_and_year(year),
        dues_by_year(year),
        arrears_by_region(year),
    )
    context = {
        "year": year,
        "figures": reconcile(period=year, prefix="finance."),
        "key_figures": key_figures(year),
        "income": income,
        "income_recorded": sum(row.recorded for row in income),
        "income_synthetic": sum(row.synthetic for row in income),
        "dues": dues_summary(year),
        "first_year": dues_years[0].year,
        "income_years": income_years,
        "income_years_spec": charts.income_by_source_and_year(
            income_years, years=[row.year for row in dues_years]
        ),
        "dues_years": dues_years,
        "dues_years_spec": charts.dues_paid_against_issued(dues_years),
        "arrears": arrears,
        "arrears_spec": charts.arrears_by_region(arrears),
        **finance_context(request),
    }
    return render(request, "finance/dashboard.html", context)


INCOME_CELLS = "finance/income.html"


INCOME = Listing(
    name="income",
    queryset=lambda request: IncomeLine.objects.select_related(
        "payment__invoice__organisation", "agreement__partner"
    ),
    filterset=IncomeFilter,
    default_sort="date",
    lead=("synthetic",),
    export_url="finance:income_export",
    columns=[
        Column("date", _l("Date"), sort="date", cell=f"{INCOME_CELLS}#date"),
        Column("source", _l("Source of income"), value="get_source_display", sort="source"),
        Column(
            "amount",
            _l("Amount (EUR)"),
            value="amount_eur",
            sort="amount_eur",
            numeric=True,
            cell=f"{INCOME_CELLS}#amount",
        ),
        Column(
            "from",
            _l("From"),
            value=lambda line: (
                line.payment.invoice.organisation.name if line.payment else line.agreement.partner.name
            ),
            cell=f"{INCOME_CELLS}#from",
        ),
        Column("description", _l("Description"), cell=f"{INCOME_CELLS}#description"),
        Column(
            "synthetic",
            _l("Synthetic"),
            value=lambda line: _("synthetic") if line.synthetic else "",
            on_page=False,
        ),
    ],
)


income, income_export = INCOME.views(permission(finance_rule), "finance/income.html", finance_context)


@permission(finance_rule)
def rates(request):
    return form_page(
        request,
        ExchangeRateForm,
        save=lambda data: services.exchange_rate_set(actor=request.user, **data),
        template="finance/rates.html",
        context=lambda form: {
            "rates": ExchangeRate.objects.order_by("currency", "-date")[:500],
            **finance_context(request),
        },
        error_status=400,
        success_url=reverse("finance:rates"),
        success_message=_("The exchange rate was recorded."),
    )
