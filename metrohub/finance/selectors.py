"""Reads of the finance records that are more than a lookup."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from metrohub.finance.models import Agreement, IncomeLine, Instalment, Invoice


def agreement_detail() -> QuerySet[Agreement]:
    """Agreements with what one agreement's page shows: instalments with their ledger line, the
    reporting dates, the income received, the fund its money is earmarked for (if any)."""
    return Agreement.objects.select_related("partner", "fund_contribution__fund").prefetch_related(
        "reporting_dates",
        "income_lines",
        Prefetch("instalments", queryset=Instalment.objects.select_related("income_line")),
    )


@dataclass(frozen=True)
class AgreementMoney:
    expected: Decimal  # the instalments' total, in their (the agreement's) currency
    currency: str
    received_eur: Decimal  # the ledger's lines under the agreement
    received_lines: int
    outstanding: int  # instalments not yet received
    earmarked_for: object | None  # the fund (a fund.Contribution's fund), when the money is earmarked


def agreement_money(agreement: Agreement) -> AgreementMoney:
    """What an agreement brought in, from what `agreement_detail` fetched (no further query)."""
    instalments = list(agreement.instalments.all())
    lines = list(agreement.income_lines.all())
    contribution = getattr(agreement, "fund_contribution", None)
    return AgreementMoney(
        expected=sum((i.amount for i in instalments), start=Decimal(0)),
        currency=agreement.currency or (instalments[0].currency if instalments else ""),
        received_eur=sum((line.amount_eur for line in lines), start=Decimal(0)),
        received_lines=len(lines),
        outstanding=sum(1 for i in instalments if not hasattr(i, "income_line")),
        earmarked_for=contribution.fund if contribution is not None else None,
    )


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


YEARS_SHOWN = 5  # the dashboard's figures over time: the chosen year and the four before it


def years_up_to(year: int) -> list[int]:
    return list(range(year - YEARS_SHOWN + 1, year + 1))


@dataclass(frozen=True)
class IncomeYearRow:
    year: int
    source: IncomeLine.Source
    recorded: Decimal
    synthetic: Decimal


def income_by_source_and_year(year: int) -> list[IncomeYearRow]:
    """Income per year and source over the years up to `year`, in one query; the pairs with no
    income at all are left out."""
    years = years_up_to(year)
    sums = {
        (row["date__year"], row["source"], row["synthetic"]): row["total"]
        for row in IncomeLine.objects.filter(date__year__gte=years[0], date__year__lte=years[-1])
        .values("date__year", "source", "synthetic")
        .annotate(total=Sum("amount_eur"))
    }
    rows = [
        IncomeYearRow(
            year=each,
            source=source,
            recorded=sums.get((each, source.value, False), Decimal(0)),
            synthetic=sums.get((each, source.value, True), Decimal(0)),
        )
        for each in years
        for source in IncomeLine.Source
    ]
    return [row for row in rows if row.recorded or row.synthetic]


@dataclass(frozen=True)
class DuesYearRow:
    year: int
    issued: int
    paid: int
    waived: int
    open: int
    overdue: int
    synthetic: int


def dues_by_year(year: int, *, today: dt.date | None = None) -> list[DuesYearRow]:
    """Invoices issued each year up to `year` (cancelled ones are not counted), and how many of
    them are paid, waived, open and in arrears: counts, since invoices keep their currency."""
    years = years_up_to(year)
    counted = Invoice.objects.filter(year__gte=years[0], year__lte=years[-1]).exclude(
        status=Invoice.Status.CANCELLED
    )
    found = {
        row["year"]: row
        for row in counted.values("year").annotate(
            issued=Count("pk"),
            paid=Count("pk", filter=Q(status=Invoice.Status.PAID)),
            waived=Count("pk", filter=Q(status=Invoice.Status.WAIVED)),
            open=Count("pk", filter=Q(status=Invoice.Status.OPEN)),
            overdue=Count("pk", filter=overdue_filter(today)),
            synthetic=Count("pk", filter=Q(synthetic=True)),
        )
    }
    empty = {"issued": 0, "paid": 0, "waived": 0, "open": 0, "overdue": 0, "synthetic": 0}
    return [DuesYearRow(year=each, **{key: found.get(each, empty)[key] for key in empty}) for each in years]


@dataclass(frozen=True)
class ArrearsRow:
    region: str
    region_code: str
    invoices: int


def arrears_by_region(year: int, *, today: dt.date | None = None) -> list[ArrearsRow]:
    """The year's invoices in arrears, counted by their member's region (regions with none left out)."""
    return [
        ArrearsRow(
            region=gettext(name) if (name := row["organisation__region__name"]) else _("No region"),
            region_code=row["code"] or "",
            invoices=row["n"],
        )
        for row in Invoice.objects.filter(overdue_filter(today), year=year)
        .values("organisation__region__name", code=F("organisation__region__code"))
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__region__order")
    ]


# A member's standing, as the member portal explains it --------------------------------------------


def arrears_years(organisation_id: int, *, today: dt.date | None = None) -> list[int]:
    """The years whose dues the organisation has in arrears (calls' good-standing rule reads it too)."""
    return sorted(
        Invoice.objects.filter(overdue_filter(today), organisation_id=organisation_id).values_list(
            "year", flat=True
        )
    )


@dataclass(frozen=True)
class Standing:
    """Whether a member is in good standing, and why: `reasons` says what is wrong, or (when
    good) what makes it so. The rule is the calls' rule: an active membership, no dues in arrears."""

    good: bool
    reasons: list[str]
    arrears: list[Invoice]
    open: list[Invoice]


def member_standing(organisation, *, today: dt.date | None = None) -> Standing:
    from metrohub.network.models import MembershipPeriod

    today = today or timezone.localdate()
    name = organisation.name
    period = (
        MembershipPeriod.objects.filter(membership__organisation=organisation, end__isnull=True)
        .order_by("-start")
        .first()
    )
    invoices = list(Invoice.objects.filter(organisation=organisation, status=Invoice.Status.OPEN))
    arrears = sorted((i for i in invoices if i.due_on < today), key=lambda i: i.year)
    still_open = sorted((i for i in invoices if i.due_on >= today), key=lambda i: i.year)
    reasons = []
    if period is None:
        reasons.append(_("%(name)s is not a member of the network.") % {"name": name})
    elif period.status != MembershipPeriod.Status.ACTIVE:
        reasons.append(
            _("The membership of %(name)s is %(status)s.")
            % {"name": name, "status": period.get_status_display().lower()}
        )
    for invoice in arrears:
        reasons.append(
            _("The dues of %(year)s were due on %(due)s and %(balance)s is still unpaid.")
            % {
                "year": invoice.year,
                "due": date_format(invoice.due_on, "SHORT_DATE_FORMAT"),
                "balance": f"{invoice.currency} "
                + number_format(invoice.balance, 2, use_l10n=True, force_grouping=True),
            }
        )
    if reasons:
        return Standing(good=False, reasons=reasons, arrears=arrears, open=still_open)
    return Standing(
        good=True,
        reasons=[_("%(name)s is an active member with no dues in arrears.") % {"name": name}],
        arrears=[],
        open=still_open,
    )


def invoices_of_member(organisation_id: int) -> QuerySet[Invoice]:
    """A member's invoices, newest first, with their payments (its receipts)."""
    return (
        Invoice.objects.filter(organisation_id=organisation_id).prefetch_related("payments").order_by("-year")
    )
