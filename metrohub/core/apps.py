from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "metrohub.core"
    label = "core"
