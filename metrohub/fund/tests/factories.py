from decimal import Decimal

from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.fund import services
from metrohub.fund.models import Fund


def make_fund(*, donor, raised="150000", name=None, max_grant="100000") -> Fund:
    fund = services.fund_create(
        actor=SYSTEM,
        name=name or f"Test fund {Fund.objects.count() + 1}",
        theme="Local care systems",
        max_grant=Decimal(max_grant) if max_grant else None,
        target_amount=Decimal("2000000"),
        target_from=2025,
        target_until=2026,
    )
    services.contribution_record(
        actor=SYSTEM, fund=fund, donor=donor, pledged=Money(Decimal(raised), "EUR"), year=2024
    )
    return fund
