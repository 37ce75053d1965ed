from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "metrohub.reports"
    label = "reports"
    verbose_name = "Annual report"
