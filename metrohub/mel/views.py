"""The reconciliation: every figure a document declared for a year, beside what the records compute."""

from django.shortcuts import render
from django.utils import timezone

from metrohub.core.access import permission
from metrohub.core.models import DeclaredFigure
from metrohub.mel.metrics import reconcile
from metrohub.network.permissions import registry_rule


@permission(registry_rule)
def reconciliation(request):
    years = list(DeclaredFigure.objects.order_by("-period").values_list("period", flat=True).distinct())
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.now().year))
    except ValueError:
        year = years[0] if years else timezone.now().year
    rows = reconcile(period=year)
    context = {
        "year": year,
        "years": years,
        "rows": rows,
        "differences": sum(1 for row in rows if not row.agrees),
    }
    return render(request, "mel/reconciliation.html", context)
