"""Who changed a record: every service saves through `save_as` and deletes through `delete_as`, so
history names the actor."""

from collections.abc import Iterable

from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError


def _name_actor(instance: models.Model, actor) -> None:
    # SYSTEM and anonymous visitors are not users: their changes record no user.
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor


def save_as(instance: models.Model, actor, **kwargs) -> models.Model:
    _name_actor(instance, actor)
    instance.full_clean()
    instance.save(**kwargs)
    return instance


def _dependents(instance: models.Model, parts: Iterable[type[models.Model]]) -> list[str]:
    """The kinds of record, other than the instance's own `parts`, that its deletion would delete,
    change or is refused by."""
    allowed = {type(instance), *parts}
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    try:
        collector.collect([instance])
    except (ProtectedError, RestrictedError) as exc:
        return sorted({obj._meta.verbose_name for obj in exc.args[1]})

    def foreign(model) -> bool:
        return model not in allowed and not model._meta.auto_created  # many-to-many rows go with it

    found = {
        model._meta.verbose_name for model, objects in collector.data.items() if objects and foreign(model)
    }
    found |= {
        qs.model._meta.verbose_name for qs in collector.fast_deletes if foreign(qs.model) and qs.exists()
    }
    for (field, _value), updated in collector.field_updates.items():
        for objects in updated:
            exists = objects.exists() if hasattr(objects, "exists") else bool(objects)
            if exists and foreign(field.model):
                found.add(field.model._meta.verbose_name)
    return sorted(found)


def delete_as(instance: models.Model, actor, *, parts: Iterable[type[models.Model]] = ()) -> None:
    """Delete a record, and with it only its own `parts` (a call's questions, an issue's sections).
    A record that anything else depends on (applications, registrations, grants…) is kept, for
    their history: the refusal names what depends on it."""
    with transaction.atomic():
        dependents = _dependents(instance, parts)
        if dependents:
            raise DomainError(
                _("“%(record)s” is kept: %(dependents)s depend on it.")
                % {"record": instance, "dependents": ", ".join(str(name) for name in dependents)}
            )
        _name_actor(instance, actor)
        instance.delete()
