from django.urls import path, re_path

from metrohub.comms import views

app_name = "comms"

urlpatterns = [
    path("newsletter/", views.archive, name="archive"),
    path("newsletter/<int:issue_pk>/", views.archive_issue, name="archive_issue"),
    path("newsletter/subscribe/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("publications/", views.publications, name="publications"),
    path("media/", views.media, name="media"),
    path("testimonials/", views.testimonials, name="testimonials"),
    path("issues/", views.issue_list, name="issue_list"),
    path("issues/add/", views.issue_edit, name="issue_add"),
    path("issues/<int:issue_pk>/", views.issue_detail, name="issue_detail"),
    path("issues/<int:issue_pk>/edit/", views.issue_edit, name="issue_edit"),
    path("issues/<int:issue_pk>/sections/add/", views.section_add, name="section_add"),
    path("issues/<int:issue_pk>/send/", views.issue_send, name="issue_send"),
    path("subscribers/", views.subscribers, name="subscribers"),
    re_path(r"^subscribers\.(?P<fmt>csv|xlsx|json)$", views.subscribers_export, name="subscribers_export"),
    path("testimonials/manage/", views.testimonial_list, name="testimonial_list"),
    path("testimonials/<int:testimonial_pk>/consent/", views.testimonial_consent, name="testimonial_consent"),
]
