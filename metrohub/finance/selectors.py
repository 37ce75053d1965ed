"""Reads of the finance records that are more than a lookup."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from metrohub.finance.models import Agreement, IncomeLine, Invoice


def agreement_detail() -> QuerySet[Agreement]:
    """Agreements with what one agreement's page shows."""
    return Agreement.objects.select_related("partner").prefetch_related("reporting_dates", "income_lines")


def invoice_list(*, overdue: bool = False, today: dt.date | None = None) -> QuerySet[Invoice]:
    """Invoices with their member and its region; `overdue`: those in arrears only."""
    invoices = Invoice.objects.select_related("organisation", "organisation__region")
    return invoices.filter(overdue_filter(today)) if overdue else invoices


def overdue_filter(today: dt.date | None = None) -> Q:
    """Arrears: open invoices past their due date."""
    return Q(status=Invoice.Status.OPEN, due_on__lt=today or timezone.localdate())


def income_lines(year: int, *, synthetic: bool = False) -> QuerySet[IncomeLine]:
    return IncomeLine.objects.filter(date__year=year, synthetic=synthetic)


@dataclass(frozen=True)
class IncomeRow:
    source: IncomeLine.Source
    recorded: Decimal
    synthetic: Decimal


def income_by_source(year: int) -> list[IncomeRow]:
    """The year's income per source: from the records, and apart, from synthetic demo lines."""
    sums = {
        (row["source"], row["synthetic"]): row["total"]
        for row in IncomeLine.objects.filter(date__year=year)
        .values("source", "synthetic")
        .annotate(total=Sum("amount_eur"))
    }
    return [
        IncomeRow(
            source=source,
            recorded=sums.get((source.value, False), Decimal(0)),
            synthetic=sums.get((source.value, True), Decimal(0)),
        )
        for source in IncomeLine.Source
    ]


def dues_summary(year: int, *, today: dt.date | None = None) -> dict:
    """Counts and balances of a year's invoices (in EUR not summed: invoices keep their currency)."""
    invoices = Invoice.objects.filter(year=year)
    return {
        "by_status": [
            (Invoice.Status(status), count)
            for status, count in invoices.values("status").annotate(n=Count("pk")).values_list("status", "n")
        ],
        "overdue": invoices.filter(overdue_filter(today)).count(),
        "synthetic": invoices.filter(synthetic=True).exists(),
    }
