from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "metrohub.core"
    label = "core"

    def ready(self) -> None:
        # Every app's `personal_data.py` declares its models' personal fields (core/privacy.py),
        # as `admin.py` registers admin classes.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("personal_data")
