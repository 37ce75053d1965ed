from django.urls import path, re_path

from metrohub.people.views import staff

app_name = "people"

urlpatterns = [
    path("", staff.staff_list, name="staff_list"),
    re_path(r"^staff\.(?P<fmt>csv|xlsx|json)$", staff.staff_export, name="staff_export"),
    path("staff/add/", staff.staff_edit, name="staff_add"),
    path("staff/<int:staff_pk>/", staff.staff_detail, name="staff_detail"),
    path("staff/<int:staff_pk>/edit/", staff.staff_edit, name="staff_edit"),
    path("levels/", staff.levels, name="levels"),
    path("levels/add/", staff.level_edit, name="level_add"),
    path("levels/<int:level_pk>/edit/", staff.level_edit, name="level_edit"),
    path("headcount/", staff.headcount_view, name="headcount"),
]
