"""Agreements with partners: a list with filters, sorting and exports, and one agreement's page."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from metrohub.core.access import permission
from metrohub.finance.forms import AgreementFilterForm
from metrohub.finance.permissions import agreements_rule
from metrohub.finance.selectors import agreement_detail, agreement_list
from metrohub.finance.views.common import export, finance_context, listing
from metrohub.network.models import Organisation

SORTS = [("partner", _("Partner")), ("kind", _("Kind")), ("-year", _("Year")), ("-amount", _("Amount"))]


def _agreements(request) -> dict:
    partners = Organisation.objects.filter(agreements__isnull=False).distinct().order_by("name")
    form = AgreementFilterForm(request.GET or None, partners=partners)
    return listing(request, form=form, select=agreement_list)


@permission(agreements_rule)
def agreements(request):
    context = {**_agreements(request), **finance_context(request)}
    return render(request, "finance/agreements.html", context)


@permission(agreements_rule)
def agreements_export(request, fmt: str):
    queryset = _agreements(request)["queryset"]
    header = [
        _("Partner"), _("Kind"), _("Title"), _("Year"), _("Amount"), _("Currency"), _("Recurrence"),
        _("From"), _("Until"), _("Obligations"), _("Source"),
    ]  # fmt: skip
    rows = (
        [
            a.partner.name,
            a.get_kind_display(),
            a.title,
            a.year,
            a.amount if a.amount is not None else "",
            a.currency,
            a.get_recurrence_display() if a.amount is not None else "",
            a.start or "",
            a.end or "",
            a.obligations,
            a.source,
        ]
        for a in queryset.iterator(chunk_size=2000)
    )
    return export(fmt, filename="metrohub-agreements", header=header, rows=rows)


@permission(agreements_rule)
def agreement(request, agreement_pk: int):
    found = get_object_or_404(agreement_detail(), pk=agreement_pk)
    return render(request, "finance/agreement.html", {"agreement": found, **finance_context(request)})
