"""HR metrics: the secretariat's headcount and its gender balance, computed from the staff records."""

from urllib.parse import urlencode

from django.urls import reverse

from metrohub.mel.metrics import metric
from metrohub.people.models import StaffMember


def _staff_list(**params) -> str:
    return f"{reverse('people:staff_list')}?{urlencode(params)}"


@metric(
    key="people.staff.total",
    title="Staff of the Secretariat General",
    unit="people",
    records_url=lambda period: _staff_list(in_post=period),
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
