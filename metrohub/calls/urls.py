from django.urls import path, re_path

from metrohub.calls.views import portal, public, staff

app_name = "calls"

urlpatterns = [
    path("", staff.calls, name="calls"),
    path("new/", staff.call_edit, name="call_create"),
    path("public/", public.call_list, name="public_calls"),
    path("public/<int:call_pk>/", public.call, name="public_call"),
    path("<int:call_pk>/", staff.call_detail, name="call"),
    path("<int:call_pk>/edit/", staff.call_edit, name="call_edit"),
    path("<int:call_pk>/questions/", staff.call_questions, name="call_questions"),
    path("<int:call_pk>/criteria/", staff.call_criteria, name="call_criteria"),
    path("<int:call_pk>/decisions/", staff.decisions, name="decisions"),
    path("<int:call_pk>/apply/", portal.apply, name="apply"),
    path("applications/", staff.applications, name="applications"),
    re_path(r"^applications\.(?P<fmt>csv|xlsx|json)$", staff.applications_export, name="applications_export"),
    path("applications/<int:application_pk>/", portal.application, name="application"),
    path("applications/<int:application_pk>/edit/", portal.application_edit, name="application_edit"),
    path("applications/<int:application_pk>/draft/", portal.application_autosave, name="autosave"),
    path("applications/<int:application_pk>/files/", portal.attachment_upload, name="attachment_upload"),
    path("applications/<int:application_pk>/assign/", staff.application_assign, name="application_assign"),
    path(
        "applications/<int:application_pk>/<slug:step>/",
        portal.application_transition,
        name="application_transition",
    ),
    path("files/<int:attachment_pk>/", portal.attachment, name="attachment"),
    path("reviews/", portal.assignments, name="assignments"),
    path("reviews/<int:assignment_pk>/", portal.assignment, name="assignment"),
    path("portal/", portal.portal, name="portal"),
]
