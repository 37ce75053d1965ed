from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "metrohub.finance"
    label = "finance"
