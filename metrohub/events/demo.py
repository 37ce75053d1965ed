"""Synthetic events for demonstrations: a webinar with a few places, registrations and a waiting
list, and a panel to compose. The report names no registration and no speaker's gender, so these
are invented, deterministic, and every row is marked synthetic (the pages badge them; the event
metrics leave them out)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from metrohub.core.permissions import SYSTEM
from metrohub.events import services
from metrohub.events.models import Event

TITLE = "Synthetic webinar: financing the just transition"
GUESTS = ["Alex Moreau", "Binta Sow", "Chen Wei", "Dana Cohen", "Emeka Obi"]
SPEAKERS = [("Fatou Ndiaye", "woman"), ("Gabriel Silva", "man"), ("Hiro Tanaka", "")]


@transaction.atomic
def generate(*, year: int, seed: int = 2024) -> dict[str, int]:
    if Event.objects.filter(title=TITLE).exists():
        return {"events": 0, "registrations": 0, "speakers": 0}
    zone = ZoneInfo("Europe/Madrid")
    start = dt.datetime(year, 12, 10, 15, 0, tzinfo=zone)
    event = services.event_create(
        actor=SYSTEM,
        kind=Event.Kind.SUMMIT,
        title=TITLE,
        theme="Leading a Just Transition",
        place="Online",
        start=start,
        end=start + dt.timedelta(hours=2),
        timezone="Europe/Madrid",
        all_day=False,
        capacity=3,
        description="Synthetic demonstration data, not a real event.",
        source="synthetic",
        synthetic=True,
    )
    for name in GUESTS:  # three places: the last two wait
        email = name.lower().replace(" ", ".") + "@example.org"
        services.registration_create(actor=SYSTEM, event=event, name=name, email=email, synthetic=True)
    panel = services.panel_add(
        actor=SYSTEM, event=event, session_title="Opening", title="Who pays for the transition?"
    )
    for name, gender in SPEAKERS:
        services.speaker_add(
            actor=SYSTEM, panel=panel, name=name, gender=gender, source="synthetic", synthetic=True
        )
    return {"events": 1, "registrations": len(GUESTS), "speakers": len(SPEAKERS)}
