"""The finance dashboard, the income ledger and the exchange rates."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from metrohub.core.access import permission
from metrohub.core.form_pages import form_page
from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile
from metrohub.core.models import DeclaredFigure
from metrohub.finance import services
from metrohub.finance.forms import ExchangeRateForm, IncomeFilter
from metrohub.finance.models import ExchangeRate, IncomeLine
from metrohub.finance.permissions import finance_rule
from metrohub.finance.selectors import dues_summary, income_by_source
from metrohub.finance.views.common import finance_context


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


CELLS = "finance/income.html"
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
        Column("date", _l("Date"), sort="date", cell=f"{CELLS}#date"),
        Column("source", _l("Source of income"), value="get_source_display", sort="source"),
        Column(
            "amount",
            _l("Amount (EUR)"),
            value="amount_eur",
            sort="amount_eur",
            numeric=True,
            cell=f"{CELLS}#amount",
        ),
        Column(
            "from",
            _l("From"),
            value=lambda line: (
                line.payment.invoice.organisation.name if line.payment else line.agreement.partner.name
            ),
            cell=f"{CELLS}#from",
        ),
        Column("description", _l("Description"), cell=f"{CELLS}#description"),
        Column(
            "synthetic",
            _l("Synthetic"),
            value=lambda line: _("synthetic") if line.synthetic else "",
            on_page=False,
        ),
    ],
)


@permission(finance_rule)
def income(request):
    return INCOME.render(request, "finance/income.html", finance_context(request))


@permission(finance_rule)
def income_export(request, fmt: str):
    return INCOME.export(request, fmt)


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
