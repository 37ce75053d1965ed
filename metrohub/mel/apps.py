from django.apps import AppConfig


class MelConfig(AppConfig):
    name = "metrohub.mel"
    label = "mel"
    verbose_name = "Monitoring, evaluation and learning"

    def ready(self) -> None:
        # Every app's `metrics.py` registers its metrics, as `admin.py` registers admin classes.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("metrics")
