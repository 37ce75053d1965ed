from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "metrohub.calls"
    label = "calls"
    verbose_name = "Calls for applications"
