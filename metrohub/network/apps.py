from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "metrohub.network"
    label = "network"

    def ready(self):
        from metrohub.network import forms  # noqa: F401  (registers the organisations' search, core/search_select.py)
