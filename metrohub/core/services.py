"""Core's writes: the record beside each queued task (core/work.py), its progress, its retry."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.core import work
from metrohub.core.errors import DomainError
from metrohub.core.models import TaskProgress
from metrohub.core.permissions import acting_user, ensure_allowed


def task_enqueue(task, *args, requested_by=None, subject: str = "", label: str = "", **kwargs):
    """Queue `task(**kwargs)` and record what it is about and who asked (a user, or None for
    metrohub itself or an anonymous visitor). Call it once the change the task works on is
    committed (`transaction.on_commit`)."""
    result = task.enqueue(*args, **kwargs)
    result_id = work.result_uuid(result.id)
    if result_id is not None:
        TaskProgress.objects.update_or_create(
            result_id=result_id,
            defaults={"subject": subject[:100], "label": label[:300], "requested_by": requested_by},
        )
    return result


def task_progress(*, done: int, total: int | None = None) -> None:
    """Called by a running task: how far it has got. Outside the worker (a direct call), nothing."""
    result_id = work.current_result_id.get()
    if result_id is None:
        return
    TaskProgress.objects.update_or_create(result_id=result_id, defaults={"done": done, "total": total})


@transaction.atomic
def task_retry(*, actor, result_id) -> None:
    """Queue a failed task again (the app's own way, or the same task with the same arguments);
    the failed one is marked as retried, so it is retried once."""
    from django_tasks_db.models import DBTaskResult

    ensure_allowed(actor, work.can_retry, result_id=result_id)
    result = DBTaskResult.objects.select_for_update().filter(pk=result_id).first()
    if result is None or result.status != work.State.FAILED:
        raise DomainError(_("Only work that failed is retried."))
    progress, _created = TaskProgress.objects.select_for_update().get_or_create(result_id=result.pk)
    if progress.retried_at is not None:
        raise DomainError(_("This work was already retried."))
    progress.retried_at = timezone.now()
    progress.retried_by = acting_user(actor)
    progress.save(update_fields=["retried_at", "retried_by"])
    registered = work.REGISTRY[result.task_path]
    if registered.retry is not None:
        registered.retry(actor=actor, result=result)
        return
    task, args, kwargs = result.task, result.args_kwargs["args"], result.args_kwargs["kwargs"]
    subject, label = progress.subject, progress.label
    requested_by = acting_user(actor)
    transaction.on_commit(
        lambda: task_enqueue(task, *args, requested_by=requested_by, subject=subject, label=label, **kwargs)
    )
