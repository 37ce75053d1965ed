from django.urls import path, re_path

from metrohub.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    re_path(r"^events\.(?P<fmt>csv|xlsx|json)$", views.event_export, name="event_export"),
    path("events.ics", views.calendar_ical, name="calendar_ical"),
    path("add/", views.event_edit, name="event_add"),
    path("<int:event_pk>/", views.event_detail, name="event_detail"),
    path("<int:event_pk>/event.ics", views.event_ical, name="event_ical"),
    path("<int:event_pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:event_pk>/outcomes/add/", views.outcome_add, name="outcome_add"),
    path("<int:event_pk>/panels/add/", views.panel_add, name="panel_add"),
    path("<int:event_pk>/registrations/", views.registrations, name="registrations"),
    path("panels/<int:panel_pk>/", views.panel_compose, name="panel_compose"),
    path("panels/<int:panel_pk>/speakers/add/", views.speaker_add, name="speaker_add"),
    path("speakers/<int:speaker_pk>/remove/", views.speaker_remove, name="speaker_remove"),
    path(
        "registrations/<int:registration_pk>/cancel/", views.registration_cancel, name="registration_cancel"
    ),
]
