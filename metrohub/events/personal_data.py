"""Personal data in events (see core/privacy.py): speakers' copies of a name and title, and the
people who registered."""

from metrohub.core.privacy import not_personal, personal

personal(
    "events.Speaker",
    "name",
    "title",
    "gender",
    "source",
    person="person",
    match={"name": "name"},
    keep=("gender",),
    context=("panel__title", "panel__session__event__title", "organisation_name"),
    why="gender stays for the panels' balance, anonymous once the name is gone",
)
personal("events.Registration", "name", "email", match={"email": "email"}, context=("event__title", "status"))
not_personal("events.Speaker", "organisation_name")
not_personal("events.Event", "title")
not_personal("events.EventPartner", "name")
not_personal("events.Session", "title")
not_personal("events.Panel", "title")
