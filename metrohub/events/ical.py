"""iCalendar (RFC 5545) export of events, with the icalendar package."""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as VEvent

from metrohub.events.models import Event

PRODID = "-//metrohub//events//EN"


def _vevent(event: Event, url: str) -> VEvent:
    item = VEvent()
    item.add("uid", f"event-{event.pk}@metrohub")
    item.add("summary", event.title)
    item.add("dtstamp", event.created_at)
    zone = ZoneInfo(event.timezone)
    start, end = event.start.astimezone(zone), event.end.astimezone(zone)
    if event.all_day:
        # DTEND of an all-day event is the day after the last one (RFC 5545, 3.6.1).
        item.add("dtstart", start.date())
        item.add("dtend", end.date() + dt.timedelta(days=1))
    else:
        item.add("dtstart", start)
        item.add("dtend", end)
    city = event.city.name if event.city else ""
    location = event.place if city in event.place else ", ".join(part for part in (event.place, city) if part)
    if location:
        item.add("location", location)
    description = [event.theme, event.description]
    if event.date_precision == Event.Precision.MONTH:
        description.append("The source gives the month only, not the days.")
    if event.source:
        description.append(f"Source: {event.source}")
    item.add("description", "\n\n".join(part for part in description if part))
    item.add("url", url)
    return item


def calendar_of(events: Iterable[Event], url_of) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for event in events:
        calendar.add_component(_vevent(event, url_of(event)))
    calendar.add_missing_timezones()  # a VTIMEZONE for each TZID used, as RFC 5545 asks
    return calendar.to_ical()
