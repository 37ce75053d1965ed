"""The funds in the open: anyone sees each fund's contributions, commitments, disbursements and
balance, and the grants it awarded — the figures the secretariat's own page computes, from the same
records. Synthetic (demo) records never show here."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from metrohub.core.access import public
from metrohub.fund.charts import fund_bars
from metrohub.fund.models import Contribution, Fund, Grant
from metrohub.fund.selectors import fund_summaries, fund_summary


def _real_funds():
    return Fund.objects.filter(synthetic=False)


@public
def fund_list(request):
    real = set(_real_funds().values_list("pk", flat=True))
    summaries = [summary for summary in fund_summaries() if summary.fund.pk in real]
    return render(request, "fund/public_funds.html", {"summaries": summaries})


@public
def fund(request, fund_pk: int):
    grants = (
        Grant.objects.filter(synthetic=False)
        .select_related("application__organisation", "application__call")
        .annotate(reports_in=Count("reports", filter=Q(reports__submitted_on__isnull=False)))
        .order_by("-awarded_at", "-pk")
    )
    fund = get_object_or_404(
        _real_funds().prefetch_related(
            "regions",
            Prefetch(
                "contributions",
                queryset=Contribution.objects.filter(synthetic=False).select_related("donor"),
                to_attr="real_contributions",
            ),
            Prefetch("grants", queryset=grants, to_attr="real_grants"),
        ),
        pk=fund_pk,
    )
    summary = fund_summary(fund)
    context = {"fund": fund, "summary": summary, "chart": fund_bars(summary)}
    return render(request, "fund/public_fund.html", context)
