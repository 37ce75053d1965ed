"""The finance dashboard, the income ledger and the exchange rates."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.core.access import permission
from metrohub.core.errors import DomainError
from metrohub.core.metrics import reconcile
from metrohub.core.models import DeclaredFigure
from metrohub.finance import services
from metrohub.finance.forms import ExchangeRateForm, IncomeFilterForm
from metrohub.finance.models import ExchangeRate, IncomeLine
from metrohub.finance.permissions import finance_rule
from metrohub.finance.selectors import dues_summary, income_by_source
from metrohub.finance.views.common import export, finance_context, listing


def _year(request) -> int:
    """The year asked for, else the latest with declared finance figures, else this year."""
    try:
        return int(request.GET["year"])
    except (KeyError, ValueError):
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
    context = {
        "year": year,
        "figures": reconcile(period=year, prefix="finance."),
        "income": income,
        "income_recorded": sum(row.recorded for row in income),
        "income_synthetic": sum(row.synthetic for row in income),
        "dues": dues_summary(year),
        **finance_context(request),
    }
    return render(request, "finance/dashboard.html", context)


def select_income(*, year: int | None = None, source: str = "", sort: str = ""):
    lines = IncomeLine.objects.select_related("payment__invoice__organisation", "agreement__partner")
    if year:
        lines = lines.filter(date__year=year)
    if source:
        lines = lines.filter(source=source)
    return lines.order_by("synthetic", "date", "pk")


@permission(finance_rule)
def income(request):
    context = listing(request, form=IncomeFilterForm(request.GET or None), select=select_income)
    context.update(finance_context(request))
    return render(request, "finance/income.html", context)


@permission(finance_rule)
def income_export(request, fmt: str):
    queryset = listing(request, form=IncomeFilterForm(request.GET or None), select=select_income)["queryset"]
    header = [
        _("Date"),
        _("Source of income"),
        _("Amount (EUR)"),
        _("From"),
        _("Description"),
        _("Synthetic"),
    ]
    rows = (
        [
            line.date,
            line.get_source_display(),
            line.amount_eur,
            line.payment.invoice.organisation.name if line.payment else line.agreement.partner.name,
            line.description,
            _("synthetic") if line.synthetic else "",
        ]
        for line in queryset.iterator(chunk_size=2000)
    )
    return export(fmt, filename="metrohub-income", header=header, rows=rows)


@permission(finance_rule)
def rates(request):
    form = ExchangeRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exchange_rate_set(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The exchange rate was recorded."))
            return redirect("finance:rates")
    context = {
        "form": form,
        "rates": ExchangeRate.objects.order_by("currency", "-date")[:500],
        **finance_context(request),
    }
    return render(request, "finance/rates.html", context, status=400 if form.errors else 200)
