"""Reads of the HR records that are more than a lookup."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from metrohub.people.models import Level, StaffMember, in_post

UNKNOWN = "unknown"  # the filter value that asks for records where the fact is not on record


def staff_directory() -> QuerySet[StaffMember]:
    """The staff, with their level, as the list shows them (its filters narrow them)."""
    return StaffMember.objects.select_related("level")


def levels_with_headcount() -> QuerySet[Level]:
    return Level.objects.annotate(
        headcount=Count("staff", filter=Q(staff__end__isnull=True), distinct=True)
    ).order_by("rank")


@dataclass(frozen=True)
class Headcount:
    period: int
    total: int
    by_gender: dict[str, int]
    unrecorded_gender: int
    by_arrangement: dict[str, int]
    outside_headquarters: int
    in_kind: int


def headcount(period: int) -> Headcount:
    """Staff in post during the year, counted in one query."""
    staff_in_post = StaffMember.objects.in_post_during(period)
    genders = {value: Count("pk", filter=Q(gender=value)) for value in StaffMember.Gender.values}
    arrangements = {
        value: Count("pk", filter=Q(work_arrangement=value)) for value in StaffMember.WorkArrangement.values
    }
    counts = staff_in_post.aggregate(
        total=Count("pk"),
        unrecorded=Count("pk", filter=Q(gender="")),
        arrangement_unknown=Count("pk", filter=Q(work_arrangement="")),
        outside=Count("pk", filter=Q(outside_headquarters=True)),
        in_kind=Count("pk", filter=Q(in_kind=True)),
        **{f"gender_{k}": v for k, v in genders.items()},
        **{f"arrangement_{k}": v for k, v in arrangements.items()},
    )
    return Headcount(
        period=period,
        total=counts["total"],
        by_gender={k: counts[f"gender_{k}"] for k in genders},
        unrecorded_gender=counts["unrecorded"],
        by_arrangement={
            **{k: counts[f"arrangement_{k}"] for k in arrangements},
            UNKNOWN: counts["arrangement_unknown"],
        },
        outside_headquarters=counts["outside"],
        in_kind=counts["in_kind"],
    )


YEARS_SHOWN = 5  # the headcount over time: the chosen year and the four before it


@dataclass(frozen=True)
class YearHeadcount:
    period: int
    total: int
    by_gender: dict[str, int]
    unrecorded_gender: int


def headcount_over_time(period: int) -> list[YearHeadcount]:
    """Staff in post each year up to `period` (oldest first), by gender, counted in one query."""
    years = range(period - YEARS_SHOWN + 1, period + 1)
    counts = StaffMember.objects.aggregate(
        **{f"total_{y}": Count("pk", filter=in_post(y)) for y in years},
        **{f"unrecorded_{y}": Count("pk", filter=in_post(y) & Q(gender="")) for y in years},
        **{
            f"gender_{value}_{y}": Count("pk", filter=in_post(y) & Q(gender=value))
            for value in StaffMember.Gender.values
            for y in years
        },
    )
    return [
        YearHeadcount(
            period=y,
            total=counts[f"total_{y}"],
            by_gender={value: counts[f"gender_{value}_{y}"] for value in StaffMember.Gender.values},
            unrecorded_gender=counts[f"unrecorded_{y}"],
        )
        for y in years
    ]
