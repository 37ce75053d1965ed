"""The 2024 facts of the International Fund for Metropolises: the Local Care Systems fund, its
largest grant and its fundraising target (`fund-funds.csv`), and its donors' contributions
(`fund-contributions.csv`: each the money of one of finance's agreements, earmarked for the fund),
each citing the report's section. Idempotent."""

from decimal import Decimal

from metrohub.core.datasets import cite, read_rows
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance.models import Agreement
from metrohub.fund import services
from metrohub.fund.models import Contribution, Fund
from metrohub.network.services import organisation_find


def load(year: int, document: str, report) -> None:
    for row in read_rows(year, "fund-funds.csv"):
        if Fund.objects.filter(name=row["name"]).exists():
            continue
        services.fund_create(
            actor=SYSTEM,
            name=row["name"],
            theme=row["theme"],
            priority=row["priority"],
            description=row["description"],
            max_grant=Decimal(row["max_grant"]) if row["max_grant"] else None,
            target_amount=Decimal(row["target_amount"]) if row["target_amount"] else None,
            target_from=int(row["target_from"]) if row["target_from"] else None,
            target_until=int(row["target_until"]) if row["target_until"] else None,
            target_source=cite(document, row["target_section"]) if row["target_amount"] else "",
            source="; ".join(
                [
                    cite(document, row["section"]),
                    *([cite(document, row["max_grant_section"])] if row["max_grant"] else []),
                ]
            ),
        )
        report.count("funds")
    for row in read_rows(year, "fund-contributions.csv"):
        fund = Fund.objects.get(name=row["fund"])
        donor = organisation_find(row["donor"])
        if donor is None:
            raise ValueError(f"fund-contributions.csv: “{row['donor']}” is not in the registry.")
        if Contribution.objects.filter(fund=fund, donor=donor, year=int(row["year"])).exists():
            continue
        # The contribution is the agreement's money (finance loads the agreements first): one record.
        agreement = Agreement.objects.get(partner=donor, title=row["agreement"])
        if Money(agreement.amount, agreement.currency) != Money(Decimal(row["pledged"]), row["currency"]):
            raise ValueError(f"fund-contributions.csv: “{row['agreement']}” states another amount.")
        services.contribution_record(
            actor=SYSTEM, fund=fund, agreement=agreement, source=cite(document, row["section"])
        )
        report.count("fund contributions")
