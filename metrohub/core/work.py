"""Background work a person can follow: what is queued, running, done or failed, and why.

The queue is django-tasks' (database backend, worker `manage.py db_worker`); its result record
(django_tasks_db's `DBTaskResult`) holds the status, times, arguments and traceback. Beside it,
`core.models.TaskProgress` holds what that record cannot say: the work in words, who asked for
it, how far it has got ("412 of 1,234 sent"), who retried it.

Each app's `tasks.py` registers its tasks (discovered at start, like `metrics.py`):

    work.register(send_issue, kind=work.Kind.NEWSLETTER, retry_rule=can_manage_comms)

and enqueues them through `core.services.task_enqueue(task, actor=..., subject=..., label=...)`,
so the work is named and tied to what it is about (`subject`, like "comms.issue:7", which the
status partial `{% work_status "comms.issue" issue.pk %}` reads). A task reports its progress
with `core.services.task_progress(done=..., total=...)`. A task enqueued any other way is still
listed, under its function's name.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from metrohub.core.permissions import ALLOWED, Verdict, deny


class Kind(models.TextChoices):
    MAIL = "mail", pgettext_lazy("background work", "Mail")
    NEWSLETTER = "newsletter", pgettext_lazy("background work", "Newsletter sending")
    PUBLISHING = "publishing", pgettext_lazy("background work", "Publishing")
    IMPORT = "import", pgettext_lazy("background work", "Import")
    REMINDER = "reminder", pgettext_lazy("background work", "Reminders")
    OTHER = "other", pgettext_lazy("background work", "Other work")


class State(models.TextChoices):
    """The four states a person sees (django-tasks' READY, RUNNING, SUCCESSFUL, FAILED)."""

    QUEUED = "READY", pgettext_lazy("background work", "Queued")
    RUNNING = "RUNNING", pgettext_lazy("background work", "Running")
    DONE = "SUCCESSFUL", pgettext_lazy("background work", "Done")
    FAILED = "FAILED", pgettext_lazy("background work", "Failed")


@dataclass(frozen=True)
class Registered:
    path: str
    kind: str
    retry_rule: Callable[..., Verdict]
    # How to try again, given the actor and the failed result; None: the same task, same arguments.
    retry: Callable | None = None


REGISTRY: dict[str, Registered] = {}


def task_path(task) -> str:
    return task.module_path


def register(task, *, kind: str, retry_rule: Callable[..., Verdict], retry: Callable | None = None) -> None:
    """Declare a task's kind and who may retry it when it fails (`retry_rule(user)`)."""
    path = task_path(task)
    REGISTRY[path] = Registered(path=path, kind=kind, retry_rule=retry_rule, retry=retry)


def kind_of(path: str) -> str:
    registered = REGISTRY.get(path)
    return registered.kind if registered else Kind.OTHER


def paths_of_kind(kind: str) -> list[str]:
    return [path for path, registered in REGISTRY.items() if registered.kind == kind]


# The result the worker is running now, set by the task_started signal (see apps.py), so that a
# task reports its progress without being handed its own id.
current_result_id: contextvars.ContextVar[uuid.UUID | None] = contextvars.ContextVar(
    "current_result_id", default=None
)


def result_uuid(result_id) -> uuid.UUID | None:
    """A database result's id; None for a backend whose ids are no UUIDs (the tests' immediate
    backend, which keeps no result record to follow)."""
    try:
        return uuid.UUID(str(result_id))
    except ValueError:
        return None


def on_task_started(sender, task_result, **kwargs) -> None:
    current_result_id.set(result_uuid(task_result.id))


def on_task_finished(sender, task_result, **kwargs) -> None:
    current_result_id.set(None)


def reason_from(traceback: str) -> str:
    """The failure's reason as a person can read it: the exception's message, the last line of
    the traceback without its class path ("mail server refused" rather than
    "smtplib.SMTPException: mail server refused"); the class's name if it gave no message."""
    lines = [line for line in (traceback or "").strip().splitlines() if line.strip()]
    if not lines:
        return ""
    last = lines[-1].strip()
    head, sep, message = last.partition(": ")
    if sep and " " not in head:
        return message.strip()
    return last.rsplit(".", 1)[-1]


def _is_secretariat(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_secretariat", False))


def can_see_work(user, **kwargs) -> Verdict:
    if _is_secretariat(user):
        return ALLOWED
    return deny(_("The list of background work is open to the secretariat's staff only."))


def can_follow(user, *, result_id, **kwargs) -> Verdict:
    """The secretariat follows any work; someone else only the work they asked for."""
    from metrohub.core.models import TaskProgress

    if _is_secretariat(user):
        return ALLOWED
    if (
        getattr(user, "is_authenticated", False)
        and TaskProgress.objects.filter(result_id=result_id, requested_by=user).exists()
    ):
        return ALLOWED
    return deny(_("This background work is followed by the secretariat's staff and whoever asked for it."))


def can_retry(user, *, result_id, **kwargs) -> Verdict:
    """Who may retry a failed task: its app says (the communications team a newsletter, the
    policy team a publication...)."""
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.filter(pk=result_id).only("task_path").first()
    registered = REGISTRY.get(result.task_path) if result else None
    if registered is None:
        return deny(_("This work cannot be retried from here."))
    if not _is_secretariat(user):
        return deny(_("Only the secretariat's staff retry background work."))
    return registered.retry_rule(user)


# How a kind words its progress; the others say "412 of 1,234 done".
PROGRESS = {
    Kind.NEWSLETTER: _("%(done)s of %(total)s sent"),
    Kind.MAIL: _("%(done)s of %(total)s sent"),
    Kind.PUBLISHING: _("%(done)s%% of the release built"),
}


def progress_text(item) -> str:
    from django.contrib.humanize.templatetags.humanize import intcomma

    done, total = getattr(item, "done", None), getattr(item, "total", None)
    if total is None:
        return ""
    if item.kind == Kind.PUBLISHING:
        return PROGRESS[Kind.PUBLISHING] % {"done": done or 0}
    wording = PROGRESS.get(item.kind, _("%(done)s of %(total)s done"))
    return wording % {"done": intcomma(done or 0), "total": intcomma(total)}
