"""The 2024 events from the annual report (`metrohub/datasets/2024/events-*.csv`), loaded through
the services. Idempotent: an event already on record (same title) is left as it is."""

import datetime as dt
from zoneinfo import ZoneInfo

from metrohub.core.datasets import cite, read_rows
from metrohub.core.models import ActionLine
from metrohub.core.permissions import SYSTEM
from metrohub.events import services
from metrohub.events.models import Event
from metrohub.network.services import organisation_find

ATTRIBUTION = " (attribution to a session follows the page's column order)"


def _moment(day: str, zone: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), tzinfo=ZoneInfo(zone))


def _organisation(name: str):
    if not name:
        return None
    found = organisation_find(name)
    if found is None:
        raise ValueError(f"events dataset: “{name}” is not in the registry.")
    return found


def load(year: int, document: str, report) -> None:
    events: dict[str, Event] = {}
    created: set[str] = set()
    for row in read_rows(year, "events-events.csv"):
        existing = Event.objects.filter(title=row["title"]).first()
        if existing is not None:
            events[row["key"]] = existing
            continue
        events[row["key"]] = services.event_create(
            actor=SYSTEM,
            kind=row["kind"],
            title=row["title"],
            theme=row["theme"],
            parent=events[row["parent"]] if row["parent"] else None,
            conference=row["conference"],
            place=row["place"],
            city=_organisation(row["city"]),
            start=_moment(row["start"], row["timezone"]),
            end=_moment(row["end"], row["timezone"]),
            timezone=row["timezone"],
            all_day=True,
            date_precision=row["date_precision"],
            description=row["description"],
            # Only where the report's heading names one action line (the U20 summit: "AL 3").
            action_line=ActionLine.objects.get(code=row["action_line"]) if row["action_line"] else None,
            source=cite(document, row["section"]),
        )
        created.add(row["key"])
        report.count("events")

    # Partners, outcomes and speakers belong to an event created in this run: a second run adds nothing.
    for row in read_rows(year, "events-partners.csv"):
        if row["event"] in created:
            services.partner_add(
                actor=SYSTEM,
                event=events[row["event"]],
                name=row["name"],
                organisation=_organisation(row["organisation"]),
                role=row["role"],
                source=cite(document, row["section"]),
            )
    for row in read_rows(year, "events-outcomes.csv"):
        if row["event"] in created:
            services.outcome_add(
                actor=SYSTEM,
                event=events[row["event"]],
                text=row["text"],
                source=cite(document, row["section"]),
            )
            report.count("event outcomes")
    panels = {}
    for row in read_rows(year, "events-speakers.csv"):
        if row["event"] not in created:
            continue
        event = events[row["event"]]
        source = cite(document, row["section"]) + ATTRIBUTION
        key = (row["event"], row["panel"])
        if key not in panels:
            panels[key] = services.panel_add(
                actor=SYSTEM, event=event, session_title=event.title, title=row["panel"], source=source
            )
        services.speaker_add(
            actor=SYSTEM,
            panel=panels[key],
            name=row["name"],
            title=row["title"],
            organisation=_organisation(row["organisation"]),
            organisation_name=row["organisation_name"],
            gender=row["gender"],
            source=source,
        )
        report.count("speakers")
