from django.apps import AppConfig


class MelConfig(AppConfig):
    name = "metrohub.mel"
    label = "mel"
    verbose_name = "Monitoring, evaluation and learning"
