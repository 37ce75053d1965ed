from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "metrohub.fund"
    label = "fund"
    verbose_name = "International Fund for Metropolises"
