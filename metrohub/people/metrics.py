"""HR metrics: the secretariat's headcount and its gender balance, computed from the staff records."""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from metrohub.core.metrics import Part, metric
from metrohub.people.models import StaffMember
from metrohub.people.selectors import UNKNOWN


def _staff_list(**params) -> str:
    return f"{reverse('people:staff_list')}?{urlencode(params)}"


def _by_gender(period: int) -> list[Part]:
    counts = dict(StaffMember.objects.in_post_during(period).values_list("gender").annotate(n=Count("pk")))
    parts = [
        Part(
            "gender",
            gender.value,
            str(gender.label),
            Decimal(counts.get(gender.value, 0)),
            _staff_list(in_post=period, gender=gender.value),
        )
        for gender in StaffMember.Gender
    ]
    parts.append(
        Part(
            "gender",
            UNKNOWN,
            _("Not on record"),
            Decimal(counts.get("", 0)),
            _staff_list(in_post=period, gender=UNKNOWN),
        )
    )
    return parts


@metric(
    key="people.staff.total",
    title="Staff of the Secretariat General",
    unit="people",
    records_url=lambda period: _staff_list(in_post=period),
    breakdown=_by_gender,
)
def staff_total(period: int):
    """Staff members in post at some time during the year (unknown dates count as in post)."""
    return StaffMember.objects.in_post_during(period)


@metric(
    key="people.staff.women",
    title="Women on the staff",
    unit="people",
    records_url=lambda period: _staff_list(in_post=period, gender="woman"),
)
def staff_women(period: int):
    """Staff in post during the year whose recorded gender is woman; unrecorded gender is not counted."""
    return StaffMember.objects.in_post_during(period).filter(gender=StaffMember.Gender.WOMAN)


@metric(
    key="people.staff.men",
    title="Men on the staff",
    unit="people",
    records_url=lambda period: _staff_list(in_post=period, gender="man"),
)
def staff_men(period: int):
    """Staff in post during the year whose recorded gender is man; unrecorded gender is not counted."""
    return StaffMember.objects.in_post_during(period).filter(gender=StaffMember.Gender.MAN)


@metric(
    key="people.staff.in_kind",
    title="Staff provided in kind",
    unit="people",
    records_url=lambda period: _staff_list(in_post=period, in_kind="yes"),
)
def staff_in_kind(period: int):
    """Staff in post during the year whom another organisation provides in kind."""
    return StaffMember.objects.in_post_during(period).filter(in_kind=True)
