from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "metrohub.programs"
    label = "programs"
    verbose_name = "Programs: Solutions Labs, courses and training institutes"
