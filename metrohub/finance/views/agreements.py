"""Agreements with partners: a list with filters, sorting and exports, and one agreement's page."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from metrohub.core.access import permission
from metrohub.core.lists import Column, Listing
from metrohub.finance.forms import AgreementFilter
from metrohub.finance.models import Agreement
from metrohub.finance.permissions import agreements_rule
from metrohub.finance.selectors import agreement_detail
from metrohub.finance.views.common import finance_context

CELLS = "finance/agreements.html"
AGREEMENTS = Listing(
    name="agreements",
    queryset=lambda request: Agreement.objects.select_related("partner"),
    filterset=AgreementFilter,
    default_sort="partner",
    export_url="finance:agreements_export",
    columns=[
        Column("partner", _("Partner"), value="partner.name", sort="partner__name"),
        Column("title", _("Title"), heading=_("Agreement"), sort="title", cell=f"{CELLS}#title"),
        Column("kind", _("Kind"), value="get_kind_display", sort="kind"),
        Column("year", _("Year"), sort="year", numeric=True),
        Column("amount", _("Amount"), sort="amount", numeric=True, cell=f"{CELLS}#amount"),
        Column("currency", _("Currency"), on_page=False),
        Column(
            "recurrence",
            _("Recurrence"),
            value=lambda a: a.get_recurrence_display() if a.amount is not None else "",
            on_page=False,
        ),
        Column("start", _("From"), on_page=False),
        Column("end", _("Until"), on_page=False),
        Column("obligations", _("Obligations"), on_page=False),
        Column("source", _("Source"), cell=f"{CELLS}#source"),
    ],
)


@permission(agreements_rule)
def agreements(request):
    return AGREEMENTS.render(request, "finance/agreements.html", finance_context(request))


@permission(agreements_rule)
def agreements_export(request, fmt: str):
    return AGREEMENTS.export(request, fmt)


@permission(agreements_rule)
def agreement(request, agreement_pk: int):
    found = get_object_or_404(agreement_detail(), pk=agreement_pk)
    return render(request, "finance/agreement.html", {"agreement": found, **finance_context(request)})
