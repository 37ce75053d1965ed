"""HR pages: the staff list and its exports, a staff member, the levels, the headcount."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from metrohub.core.access import permission
from metrohub.core.exports import table_response
from metrohub.core.form_pages import bind, form_page
from metrohub.core.models import DeclaredFigure
from metrohub.core.pagination import paginate
from metrohub.mel.metrics import reconcile
from metrohub.people import services
from metrohub.people.forms import SORT_CHOICES, LevelForm, StaffFilterForm, StaffForm
from metrohub.people.models import Level, StaffMember
from metrohub.people.permissions import can_manage_hr, hr_manage_rule, hr_view_rule
from metrohub.people.selectors import headcount, levels_with_headcount, staff_directory


@dataclass
class StaffList:
    form: StaffFilterForm
    page: object
    queryset: object


def _staff_list_for(request) -> StaffList:
    form = StaffFilterForm(request.GET or None, levels=list(Level.objects.all()))
    filters = form.filters() if request.GET else {}
    queryset = staff_directory(**filters)
    page = paginate(request, queryset)
    return StaffList(form=form, page=page, queryset=queryset)


@permission(hr_view_rule)
def staff_list(request):
    return render(
        request,
        "people/staff_list.html",
        {"staff": _staff_list_for(request), "sorts": SORT_CHOICES, "can_manage": can_manage_hr(request.user)},
    )


def _columns() -> list[tuple[str, str]]:
    return [
        ("name", _("Name")),
        ("position", _("Position")),
        ("level", _("Level")),
        ("team", _("Team")),
        ("city", _("City")),
        ("country", _("Country")),
        ("outside_headquarters", _("Outside headquarters")),
        ("work_arrangement", _("Work arrangement")),
        ("gender", _("Gender")),
        ("start", _("Start")),
        ("end", _("End")),
        ("in_kind", _("Provided in kind")),
        ("source", _("Source")),
    ]


def _export_rows(queryset):
    yes_no = {True: _("yes"), False: _("no"), None: ""}
    for staff in queryset.iterator(chunk_size=2000):
        values = {
            "name": staff.name,
            "position": staff.position,
            "level": staff.level.name if staff.level else "",
            "team": staff.team,
            "city": staff.city,
            "country": staff.country,
            "outside_headquarters": yes_no[staff.outside_headquarters],
            "work_arrangement": staff.get_work_arrangement_display(),
            "gender": staff.get_gender_display(),
            "start": staff.start.isoformat() if staff.start else "",
            "end": staff.end.isoformat() if staff.end else "",
            "in_kind": yes_no[staff.in_kind],
            "source": staff.source,
        }
        yield [values[key] for key, _title in _columns()]


@permission(hr_view_rule)
def staff_export(request, fmt: str):
    return table_response(
        fmt,
        filename="metrohub-staff",
        header=[title for _key, title in _columns()],
        rows=_export_rows(_staff_list_for(request).queryset),
    )


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
    staff = get_object_or_404(StaffMember, pk=staff_pk) if staff_pk is not None else None
    form = bind(request, StaffForm, instance=staff)

    def save(data):
        if staff is None:
            return services.staff_create(actor=request.user, **data)
        return services.staff_update(
            actor=request.user, staff=staff, **{field: data[field] for field in form.changed_data}
        )

    return form_page(
        request,
        form,
        save=save,
        template="people/staff_form.html",
        context={"member": staff},
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
    level = get_object_or_404(Level, pk=level_pk) if level_pk is not None else None
    form = bind(request, LevelForm, instance=level)

    def save(data):
        if level is None:
            return services.level_create(actor=request.user, **data)
        return services.level_update(
            actor=request.user, level=level, **{field: data[field] for field in form.changed_data}
        )

    return form_page(
        request,
        form,
        save=save,
        template="people/level_form.html",
        context={"level": level},
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
    return render(
        request,
        "people/headcount.html",
        {
            "period": period,
            "counts": counts,
            "figures": reconcile(period=period, prefix="people."),
            "gender_rows": [
                (value, label, counts.by_gender[value]) for value, label in StaffMember.Gender.choices
            ],
            "arrangement_rows": [
                (value, label, counts.by_arrangement[value])
                for value, label in StaffMember.WorkArrangement.choices
            ],
        },
    )
