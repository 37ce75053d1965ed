from django.apps import AppConfig


class FuturesConfig(AppConfig):
    name = "metrohub.futures"
    label = "futures"
    verbose_name = "Metro Futures"
