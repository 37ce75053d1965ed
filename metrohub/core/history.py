"""Who changed a record: every service saves through `save_as`, so history names the actor."""

from django.db import models


def save_as(instance: models.Model, actor, **kwargs) -> models.Model:
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor
    instance.full_clean()
    instance.save(**kwargs)
    return instance
