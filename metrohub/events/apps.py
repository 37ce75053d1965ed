from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "metrohub.events"
    label = "events"
    verbose_name = "Events"
