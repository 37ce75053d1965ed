"""The 2024 agreements with partners (and members giving in kind) from the annual report
(`metrohub/datasets/2024/agreements.csv`), matched to the registry by name, each citing the
report's section. Idempotent: an agreement already present (partner and title) is left as it is."""

from decimal import Decimal

from metrohub.core.datasets import cite, read_rows
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance import services
from metrohub.finance.models import Agreement
from metrohub.network.services import organisation_find


def load(year: int, document: str, report) -> None:
    for row in read_rows(year, "agreements.csv"):
        partner = organisation_find(row["partner"])
        if partner is None:
            raise ValueError(f"agreements.csv: “{row['partner']}” is not in the registry.")
        if Agreement.objects.filter(partner=partner, title=row["title"]).exists():
            continue
        services.agreement_create(
            actor=SYSTEM,
            partner=partner,
            kind=row["kind"],
            title=row["title"],
            year=int(row["year"]),
            amount=Money(Decimal(row["amount"]), row["currency"]) if row["amount"] else None,
            recurrence=row["recurrence"] or Agreement.Recurrence.ONCE,
            start=row["start"] or None,
            end=row["end"] or None,
            description=row["description"],
            obligations=row["obligations"],
            source=cite(document, row["section"]),
        )
        report.count("agreements")
