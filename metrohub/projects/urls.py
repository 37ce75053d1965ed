from django.urls import path, re_path

from metrohub.projects.views import public, staff

app_name = "projects"

urlpatterns = [
    path("", public.project_list, name="project_list"),
    re_path(r"^projects\.(?P<fmt>csv|xlsx|json)$", public.project_export, name="project_export"),
    path("add/", staff.project_edit, name="project_add"),
    path("<int:project_pk>/", public.project_detail, name="project_detail"),
    path("<int:project_pk>/edit/", staff.project_edit, name="project_edit"),
    path("<int:project_pk>/milestones/add/", staff.milestone_add, name="milestone_add"),
    path("milestones/<int:milestone_pk>/done/", staff.milestone_done, name="milestone_done"),
]
