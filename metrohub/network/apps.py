from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "metrohub.network"
    label = "network"
