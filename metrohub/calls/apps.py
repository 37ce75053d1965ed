from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "metrohub.calls"
    label = "calls"
    verbose_name = "Calls for applications"

    def ready(self):
        from metrohub.calls import forms  # noqa: F401  (registers the reviewers' search, core/search_select.py)
