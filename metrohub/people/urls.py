from django.urls import path, re_path

from metrohub.people import views

app_name = "people"

urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    re_path(r"^staff\.(?P<fmt>csv|xlsx|json)$", views.staff_export, name="staff_export"),
    path("staff/add/", views.staff_edit, name="staff_add"),
    path("staff/<int:staff_pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:staff_pk>/edit/", views.staff_edit, name="staff_edit"),
    path("levels/", views.levels, name="levels"),
    path("levels/add/", views.level_edit, name="level_add"),
    path("levels/<int:level_pk>/edit/", views.level_edit, name="level_edit"),
    path("headcount/", views.headcount_view, name="headcount"),
]
