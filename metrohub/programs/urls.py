from django.urls import path, re_path

from metrohub.programs.views import courses, labs, staff, survey

app_name = "programs"

urlpatterns = [
    path("", labs.dashboard_view, name="dashboard"),
    path("labs/", labs.lab_list_view, name="lab_list"),
    path("labs/add/", staff.lab_add, name="lab_add"),
    path("labs/<int:lab_pk>/", labs.lab_detail, name="lab_detail"),
    path("labs/<int:lab_pk>/cohort/add/", staff.cohort_add, name="cohort_add"),
    path("labs/<int:lab_pk>/sessions/add/", staff.session_add, name="session_add"),
    path("labs/<int:lab_pk>/participants/add/", staff.participant_add, name="participant_add"),
    path("labs/<int:lab_pk>/survey/", staff.survey_edit, name="survey_edit"),
    path("labs/<int:lab_pk>/survey/answer/", survey.survey_answer, name="survey_answer"),
    path("sessions/<int:session_pk>/attendance/", staff.attendance_edit, name="attendance"),
    path("participants/", staff.participant_list_view, name="participant_list"),
    re_path(r"^participants\.(?P<fmt>csv|xlsx|json)$", staff.participant_export, name="participant_export"),
    path("institutes/", courses.institute_list, name="institute_list"),
    path("institutes/<int:institute_pk>/", courses.institute_detail, name="institute_detail"),
    path("courses/", courses.course_list, name="course_list"),
    path("courses/<int:course_pk>/", courses.course_detail, name="course_detail"),
    path("courses/<int:course_pk>/editions/add/", staff.edition_add, name="edition_add"),
]
