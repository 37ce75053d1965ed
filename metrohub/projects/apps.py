from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "metrohub.projects"
    label = "projects"
    verbose_name = "Partnership projects"
