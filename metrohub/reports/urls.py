from django.urls import path

from metrohub.reports.views import staff

app_name = "reports"

urlpatterns = [
    path("", staff.index, name="index"),
    path("<int:year>/", staff.report, name="annual_report"),
    path("<int:year>/pdf/", staff.report_pdf_view, name="annual_report_pdf"),
    path("<int:year>/draft/", staff.draft, name="draft"),
    path("<int:year>/draft/pdf/", staff.draft_pdf, name="draft_pdf"),
    path("<int:year>/publish/", staff.publish, name="publish"),
    path("<int:year>/v<int:version>/", staff.version, name="version"),
    path("<int:year>/v<int:version>/pdf/", staff.version_pdf, name="version_pdf"),
    path("<int:year>/sources/", staff.sources, name="sources"),
]
