from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "metrohub.network"
    label = "network"

    def ready(self):
        from metrohub.accounts.permissions import focal_point_organisation_rule
        from metrohub.network import forms  # noqa: F401  (registers the organisations' search, core/search_select.py)
        from metrohub.network.permissions import member_may_have_focal_point

        focal_point_organisation_rule(member_may_have_focal_point)
