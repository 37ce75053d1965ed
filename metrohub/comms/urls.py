from django.urls import path, re_path

from metrohub.comms.views import public, staff

app_name = "comms"

urlpatterns = [
    path("newsletter/", public.archive, name="archive"),
    path("newsletter/<int:issue_pk>/", public.archive_issue, name="archive_issue"),
    path("newsletter/subscribe/", public.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", public.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("publications/", public.publications, name="publications"),
    path("media/", public.media, name="media"),
    path("testimonials/", public.testimonials, name="testimonials"),
    path("issues/", staff.issue_list, name="issue_list"),
    path("issues/add/", staff.issue_edit, name="issue_add"),
    path("issues/<int:issue_pk>/", staff.issue_detail, name="issue_detail"),
    path("issues/<int:issue_pk>/edit/", staff.issue_edit, name="issue_edit"),
    path("issues/<int:issue_pk>/sections/add/", staff.section_add, name="section_add"),
    path("issues/<int:issue_pk>/send/", staff.issue_send, name="issue_send"),
    path("issues/<int:issue_pk>/preview/", staff.issue_preview, name="issue_preview"),
    path("issues/<int:issue_pk>/test/", staff.issue_test_send, name="issue_test_send"),
    path("subscribers/", staff.subscribers, name="subscribers"),
    re_path(r"^subscribers\.(?P<fmt>csv|xlsx|json)$", staff.subscribers_export, name="subscribers_export"),
    path("testimonials/manage/", staff.testimonial_list, name="testimonial_list"),
    path("testimonials/<int:testimonial_pk>/consent/", staff.testimonial_consent, name="testimonial_consent"),
]
