from django.urls import path

from metrohub.reports.views import staff

app_name = "reports"

urlpatterns = [
    path("", staff.index, name="index"),
    path("<int:year>/", staff.report, name="annual_report"),
    path("<int:year>/pdf/", staff.report_pdf_view, name="annual_report_pdf"),
    path("<int:year>/sources/", staff.sources, name="sources"),
]
