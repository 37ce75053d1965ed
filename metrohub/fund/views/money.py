"""Restricted money, traced: what an agreement earmarked for a fund brought in (the income
ledger's lines) and what the fund committed and paid out of it (its grants and tranches). The
page lives here because fund may read finance, not the other way round."""

from decimal import Decimal

from django.shortcuts import get_object_or_404, render

from metrohub.core.access import permission
from metrohub.core.metrics import percentage
from metrohub.finance.models import Agreement
from metrohub.finance.permissions import finance_rule
from metrohub.fund.selectors import fund_summary, grant_list


@permission(finance_rule)
def agreement_money(request, agreement_pk: int):
    agreement = get_object_or_404(
        Agreement.objects.select_related("partner", "fund_contribution__fund"), pk=agreement_pk
    )
    contribution = getattr(agreement, "fund_contribution", None)
    lines = agreement.income_lines.order_by("date", "pk")
    received = sum((line.amount_eur for line in lines), start=Decimal(0))
    context = {"agreement": agreement, "contribution": contribution, "lines": lines, "received": received}
    if contribution is not None:
        fund = contribution.fund
        summary = fund_summary(fund)
        # The fund pools its donors' money: each grant is paid from all of it, so this
        # agreement's part of what was committed and spent is its share of what was pledged.
        share = (
            percentage(contribution.pledged_eur, summary.raised, places=2) if summary.raised else Decimal(0)
        )
        context |= {
            "fund": fund,
            "summary": summary,
            "share": share,
            "committed_share": (summary.committed * share / 100).quantize(Decimal("0.01")),
            "disbursed_share": (summary.disbursed * share / 100).quantize(Decimal("0.01")),
            "grants": grant_list(fund=fund.pk).prefetch_related("tranches"),
        }
    return render(request, "fund/agreement_money.html", context)
