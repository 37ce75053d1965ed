"""/api/v1/fund: each fund's figures (target, raised, committed, disbursed, available), public as
the annual report makes them."""

from decimal import Decimal

from ninja import Router, Schema

from metrohub.fund.models import Fund
from metrohub.fund.selectors import fund_summary

router = Router()


class FundSummaryOut(Schema):
    id: int
    name: str
    theme: str
    currency: str
    max_grant: Decimal | None
    target: Decimal | None
    target_from: int | None
    target_until: int | None
    raised: Decimal
    committed: Decimal
    disbursed: Decimal
    available: Decimal
    raised_toward_target: Decimal
    synthetic: bool


@router.get("/funds", response=list[FundSummaryOut], summary="Every fund's summary")
def list_funds(request):
    rows = []
    for fund in Fund.objects.order_by("name"):
        summary = fund_summary(fund)
        rows.append(
            {
                "id": fund.pk,
                "name": fund.name,
                "theme": fund.theme,
                "currency": fund.currency,
                "max_grant": fund.max_grant,
                "target": summary.target,
                "target_from": fund.target_from,
                "target_until": fund.target_until,
                "raised": summary.raised,
                "committed": summary.committed,
                "disbursed": summary.disbursed,
                "available": summary.available,
                "raised_toward_target": summary.toward_target,
                "synthetic": fund.synthetic,
            }
        )
    return rows
