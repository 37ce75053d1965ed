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
    make_contribution(fund=fund, donor=donor, pledged=Money(Decimal(raised), "EUR"), year=2024)
    return fund


def make_contribution(*, fund, donor, pledged: Money, year: int, actor=SYSTEM, **kwargs):
    """A donor's funding agreement (finance) earmarked for the fund: the contribution is its money."""
    from metrohub.finance.models import Agreement
    from metrohub.finance.services import agreement_create

    agreement = agreement_create(
        actor=actor,
        partner=donor,
        kind=Agreement.Kind.FUNDING,
        title=f"Contribution {Agreement.objects.count() + 1} to {fund.name}",
        year=year,
        source="test",
        amount=pledged,
    )
    return services.contribution_record(actor=actor, fund=fund, agreement=agreement, **kwargs)
