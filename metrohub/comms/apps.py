from django.apps import AppConfig


class CommsConfig(AppConfig):
    name = "metrohub.comms"
    label = "comms"
    verbose_name = "Communications"
