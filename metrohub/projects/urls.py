from django.urls import path, re_path

from metrohub.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    re_path(r"^projects\.(?P<fmt>csv|xlsx|json)$", views.project_export, name="project_export"),
    path("add/", views.project_edit, name="project_add"),
    path("<int:project_pk>/", views.project_detail, name="project_detail"),
    path("<int:project_pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:project_pk>/milestones/add/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:milestone_pk>/done/", views.milestone_done, name="milestone_done"),
]
