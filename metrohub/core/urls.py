from django.urls import path

from metrohub.core import work_pages

app_name = "work"
urlpatterns = [
    path("", work_pages.work_list, name="list"),
    path("<uuid:result_id>/", work_pages.work_detail, name="detail"),
    path("<uuid:result_id>/retry/", work_pages.work_retry, name="retry"),
]
