from django.urls import path, re_path

from metrohub.events.views import portal, public, staff

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="event_list"),
    re_path(r"^events\.(?P<fmt>csv|xlsx|json)$", public.event_export, name="event_export"),
    path("events.ics", public.calendar_ical, name="calendar_ical"),
    path("add/", staff.event_edit, name="event_add"),
    path("<int:event_pk>/", public.event_detail, name="event_detail"),
    path("<int:event_pk>/event.ics", public.event_ical, name="event_ical"),
    path("<int:event_pk>/edit/", staff.event_edit, name="event_edit"),
    path("<int:event_pk>/outcomes/add/", staff.outcome_add, name="outcome_add"),
    path("<int:event_pk>/panels/add/", staff.panel_add, name="panel_add"),
    path("<int:event_pk>/registrations/", staff.registrations, name="registrations"),
    path("<int:event_pk>/register/", portal.register, name="register"),
    path("<int:event_pk>/attendance/", staff.attendance, name="attendance"),
    path("<int:event_pk>/invitations/", staff.invite, name="invite"),
    path("<int:event_pk>/reminders/", staff.reminders, name="reminders"),
    path("<int:event_pk>/feedback/", staff.feedback, name="feedback_summary"),
    path("feedback/<str:token>/", public.feedback, name="feedback"),
    path("panels/<int:panel_pk>/", staff.panel_compose, name="panel_compose"),
    path("panels/<int:panel_pk>/speakers/add/", staff.speaker_add, name="speaker_add"),
    path("speakers/<int:speaker_pk>/remove/", staff.speaker_remove, name="speaker_remove"),
    path(
        "registrations/<int:registration_pk>/cancel/", portal.registration_cancel, name="registration_cancel"
    ),
    path("registrations/<int:registration_pk>/attendance/", staff.attendance_mark, name="attendance_mark"),
]
