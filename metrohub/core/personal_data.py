"""Personal data in core's models: none; these names are the network's vocabulary."""

from metrohub.core.privacy import not_personal

not_personal("core.Region", "name")
not_personal("core.ActionLine", "name")
not_personal("core.ThematicPriority", "name")
# Background work (core/work.py): the queue's and backend's names are django-tasks' settings.
# Who asked for a task is a link to their account, whose erasure leaves the link empty (SET_NULL).
not_personal("core.Work", "queue_name", "backend_name")
