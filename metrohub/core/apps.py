from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "metrohub.core"
    label = "core"

    def ready(self) -> None:
        # Every app's `personal_data.py` declares its models' personal fields (core/privacy.py),
        # as `admin.py` registers admin classes.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("personal_data")
        # Every app's `metrics.py` registers its metrics in the registry (core/metrics.py).
        autodiscover_modules("metrics")
        # Every app's `tasks.py` registers its tasks' kinds and who may retry them (core/work.py);
        # the worker tells core which task it runs, so a task can report its progress.
        autodiscover_modules("tasks")
        from django_tasks.signals import task_finished, task_started

        from metrohub.core import work

        task_started.connect(work.on_task_started, dispatch_uid="core.work.started")
        task_finished.connect(work.on_task_finished, dispatch_uid="core.work.finished")

        # The admin's web-address fields assume https, as every form of ours does and as Django 6
        # will by default (until then, Django 5.2 warns for each form field made without it).
        # The admin classes are made by now (the admin discovers them before this app is ready);
        # inlines are made per request from the defaults.
        from django.contrib import admin
        from django.contrib.admin import options
        from django.db import models

        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.URLField] = {
            **options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.URLField],
            "assume_scheme": "https",
        }
        for model_admin in admin.site._registry.values():
            model_admin.formfield_overrides.setdefault(models.URLField, {})["assume_scheme"] = "https"
