from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "metrohub.people"
    label = "people"
