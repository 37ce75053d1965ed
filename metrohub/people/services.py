"""Every write to the HR records. Pages, the loader and commands all come through here.

`actor` is the user acting, or SYSTEM for metrohub itself (the dataset loader).
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.history import delete_as, save_as
from metrohub.core.permissions import ensure_allowed
from metrohub.people.models import Level, StaffMember
from metrohub.people.permissions import can_manage_hr

LEVEL_FIELDS = {"name", "rank", "description", "criteria", "introduced_in", "source"}
STAFF_FIELDS = {
    "name",
    "position",
    "level",
    "team",
    "city",
    "country",
    "outside_headquarters",
    "location_source",
    "work_arrangement",
    "gender",
    "start",
    "end",
    "in_kind",
    "in_kind_from",
    "source",
}


def _refuse_unknown(fields: dict, known: set[str]) -> None:
    unknown = set(fields) - known
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})


def _tidy(fields: dict) -> dict:
    if "country" in fields:
        fields["country"] = (fields["country"] or "").strip().upper()
    for name in ("name", "position"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    return fields


@transaction.atomic
def level_create(*, actor, name: str, rank: int, **fields) -> Level:
    ensure_allowed(actor, can_manage_hr)
    _refuse_unknown(fields, LEVEL_FIELDS)
    if Level.objects.filter(name__iexact=name.strip()).exists():
        raise DomainError(_("There is already a level named “%(name)s”.") % {"name": name})
    if Level.objects.filter(rank=rank).exists():
        raise DomainError(_("Another level already has rank %(rank)s.") % {"rank": rank})
    return save_as(Level(name=name.strip(), rank=rank, **fields), actor)


@transaction.atomic
def level_update(*, actor, level: Level, **changes) -> Level:
    """Change a level; HR writes its promotion criteria here."""
    ensure_allowed(actor, can_manage_hr)
    _refuse_unknown(changes, LEVEL_FIELDS)
    level = Level.objects.select_for_update().get(pk=level.pk)
    if "rank" in changes and Level.objects.filter(rank=changes["rank"]).exclude(pk=level.pk).exists():
        raise DomainError(_("Another level already has rank %(rank)s.") % {"rank": changes["rank"]})
    for field, value in changes.items():
        setattr(level, field, value)
    return save_as(level, actor)


@transaction.atomic
def staff_create(*, actor, name: str, position: str, **fields) -> StaffMember:
    ensure_allowed(actor, can_manage_hr)
    _refuse_unknown(fields, STAFF_FIELDS)
    fields = _tidy({"name": name, "position": position, **fields})
    if not fields["name"]:
        raise DomainError(_("A staff member needs a name."))
    return save_as(StaffMember(**fields), actor)


@transaction.atomic
def staff_update(*, actor, staff: StaffMember, **changes) -> StaffMember:
    ensure_allowed(actor, can_manage_hr)
    _refuse_unknown(changes, STAFF_FIELDS)
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    for field, value in _tidy(changes).items():
        setattr(staff, field, value)
    return save_as(staff, actor)


@transaction.atomic
def level_delete(*, actor, level: Level) -> None:
    """Delete a level nobody holds; a level staff hold is kept."""
    ensure_allowed(actor, can_manage_hr)
    delete_as(level, actor)


@transaction.atomic
def staff_retire(*, actor, staff: StaffMember, end: dt.date) -> StaffMember:
    """A staff member leaves on `end`: the record is kept for the headcount of the years they
    worked, and no longer counts after."""
    ensure_allowed(actor, can_manage_hr)
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    if staff.end is not None:
        raise DomainError(_("%(name)s has already left.") % {"name": staff.name})
    staff.end = end
    return save_as(staff, actor)
