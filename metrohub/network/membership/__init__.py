"""The membership lifecycle: prospective members and their pipeline (`workflow.py`, as data),
admission after a Board decision, changes of category and status that close the open period and
open the next, and the year's renewal with its reminders. Its records live in `models.py`
(imported by network/models.py), its writes in `services.py`."""
