from django.urls import path

from metrohub.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.report, name="annual_report"),
    path("<int:year>/pdf/", views.report_pdf_view, name="annual_report_pdf"),
    path("<int:year>/sources/", views.sources, name="sources"),
]
