"""HR pages: the staff list and its exports, a staff member, the levels, the headcount."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from metrohub.core.access import permission
from metrohub.core.form_pages import edit_page
from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile
from metrohub.core.models import DeclaredFigure
from metrohub.people import charts, services
from metrohub.people.forms import LevelForm, StaffFilter, StaffForm
from metrohub.people.models import Level, StaffMember
from metrohub.people.permissions import can_manage_hr, hr_manage_rule, hr_view_rule
from metrohub.people.selectors import (
    headcount,
    headcount_over_time,
    levels_with_headcount,
    staff_directory,
)


def _yes_no(value: bool | None) -> str:
    return {True: _("yes"), False: _("no"), None: ""}[value]


CELLS = "people/staff_list.html"


STAFF = Listing(
    name="staff",
    queryset=lambda request: staff_directory(),
    filterset=StaffFilter,
    default_sort="name",
    tiebreak=("name", "pk"),
    export_url="people:staff_export",
    page_order=["name", "position", "level", "team", "location", "arrangement", "start"],
    columns=[
        Column("name", _l("Name"), sort="name", cell=f"{CELLS}#name"),
        Column("position", _l("Position"), sort="position"),
        Column("level", _l("Level"), value="level.name", sort="level__rank"),
        Column("team", _l("Team"), sort="team"),
        Column("city", _l("City"), on_page=False),
        Column("country", _l("Country"), on_page=False),
        Column(
            "location",
            _l("Location"),
            sort="outside_headquarters",
            cell=f"{CELLS}#location",
            in_export=False,
        ),
        Column(
            "outside_headquarters",
            _l("Outside headquarters"),
            value=lambda s: _yes_no(s.outside_headquarters),
            on_page=False,
        ),
        Column(
            "arrangement",
            _l("Work arrangement"),
            value="get_work_arrangement_display",
            sort="work_arrangement",
        ),
        Column("gender", _l("Gender"), value="get_gender_display", on_page=False),
        Column("start", _l("Start"), heading=_l("In post"), sort="start", cell=f"{CELLS}#dates"),
        Column("end", _l("End"), on_page=False),
        Column("in_kind", _l("Provided in kind"), value=lambda s: _yes_no(s.in_kind), on_page=False),
        Column("source", _l("Source"), on_page=False),
    ],
)


def _list_context(request) -> dict:
    return {"can_manage": can_manage_hr(request.user)}


staff_list, staff_export = STAFF.views(permission(hr_view_rule), "people/staff_list.html", _list_context)


@permission(hr_view_rule)
def staff_detail(request, staff_pk: int):
    staff = get_object_or_404(StaffMember.objects.select_related("level"), pk=staff_pk)
    history = staff.history.select_related("history_user").order_by("-history_date")[:50]
    return render(
        request,
        "people/staff_detail.html",
        {"member": staff, "history": history, "can_manage": can_manage_hr(request.user)},
    )


@permission(hr_manage_rule)
def staff_edit(request, staff_pk: int | None = None):
    return edit_page(
        request,
        StaffMember,
        staff_pk,
        StaffForm,
        create=lambda data: services.staff_create(actor=request.user, **data),
        update=lambda staff, changed: services.staff_update(actor=request.user, staff=staff, **changed),
        changed_only=True,
        template="people/staff_form.html",
        name="member",
        success_url=lambda saved: reverse("people:staff_detail", args=[saved.pk]),
        success_message=lambda saved: _("%(name)s was saved.") % {"name": saved.name},
    )


@permission(hr_view_rule)
def levels(request):
    return render(
        request,
        "people/levels.html",
        {"levels": levels_with_headcount(), "can_manage": can_manage_hr(request.user)},
    )


@permission(hr_manage_rule)
def level_edit(request, level_pk: int | None = None):
    return edit_page(
        request,
        Level,
        level_pk,
        LevelForm,
        create=lambda data: services.level_create(actor=request.user, **data),
        update=lambda level, changed: services.level_update(actor=request.user, level=level, **changed),
        changed_only=True,
        template="people/level_form.html",
        name="level",
        success_url=reverse("people:levels"),
        success_message=lambda saved: _("The level %(name)s was saved.") % {"name": saved.name},
    )


@permission(hr_view_rule)
def headcount_view(request):
    """Headcount and gender balance for the latest year with declared HR figures (or ?year=)."""
    latest = (
        DeclaredFigure.objects.filter(key__startswith="people.")
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    try:
        period = int(request.GET.get("year") or latest or 0)
    except ValueError:
        period = latest or 0
    if not 1900 <= period <= 2100:
        period = latest or 2024
    counts = headcount(period)
    over_time = headcount_over_time(period)
    return render(
        request,
        "people/headcount.html",
        {
            "period": period,
            "counts": counts,
            "figures": reconcile(period=period, prefix="people."),
            "gender_columns": charts.gender_columns(),
            "over_time": charts.table_rows(over_time),
            "over_time_spec": charts.headcount_over_time(over_time),
            "gender_rows": [
                (value, label, counts.by_gender[value]) for value, label in StaffMember.Gender.choices
            ],
            "arrangement_rows": [
                (value, label, counts.by_arrangement[value])
                for value, label in StaffMember.WorkArrangement.choices
            ],
        },
    )
