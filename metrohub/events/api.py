"""/api/v1/events: public events with their partners and outcomes, and their panels with the
gender balance. Only public events; registrations are never in the API.

Lists only, filtered by query parameters (`?event=`), so that every route answers a plain GET."""

import datetime as dt

from django.db.models import Prefetch
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from metrohub.core.api import Pagination
from metrohub.events.models import Panel, Speaker
from metrohub.events.selectors import balance_of, event_directory

router = Router()


class EventOut(Schema):
    id: int
    kind: str
    title: str
    theme: str
    place: str
    city: str | None
    start: dt.datetime
    end: dt.datetime
    timezone: str
    date_precision: str
    parent_id: int | None
    partners: list[str]
    outcomes: list[str]
    source: str
    synthetic: bool

    @staticmethod
    def resolve_city(obj) -> str | None:
        return obj.city.name if obj.city else None

    @staticmethod
    def resolve_partners(obj) -> list[str]:
        return [partner.name for partner in obj.partners.all()]

    @staticmethod
    def resolve_outcomes(obj) -> list[str]:
        return [outcome.text for outcome in obj.outcomes.all()]


class SpeakerOut(Schema):
    name: str
    title: str
    organisation: str
    gender: str

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.name if obj.organisation else obj.organisation_name


class PanelOut(Schema):
    id: int
    event_id: int
    session: str
    title: str
    speakers: list[SpeakerOut]
    women: int
    total: int
    no_woman: bool
    source: str

    @staticmethod
    def resolve_event_id(obj) -> int:
        return obj.session.event_id

    @staticmethod
    def resolve_session(obj) -> str:
        return obj.session.title

    @staticmethod
    def resolve_speakers(obj) -> list:
        return list(obj.speakers.all())

    @staticmethod
    def resolve_women(obj) -> int:
        return balance_of(obj.speakers.all()).women

    @staticmethod
    def resolve_total(obj) -> int:
        return balance_of(obj.speakers.all()).total

    @staticmethod
    def resolve_no_woman(obj) -> bool:
        return balance_of(obj.speakers.all()).no_woman


@router.get("/", response=list[EventOut])
@paginate(Pagination)
def list_events(request, kind: str = "", year: int | None = Query(None, ge=1, le=9999), q: str = ""):
    return event_directory(kind=kind, year=year, q=q).prefetch_related("partners", "outcomes")


@router.get("/panels", response=list[PanelOut])
@paginate(Pagination)
def list_panels(request, event: int | None = Query(None, ge=1, le=2**63 - 1)):  # an id the database holds
    panels = (
        Panel.objects.filter(session__event__public=True)
        .select_related("session")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.select_related("organisation")))
        .order_by("session__event__start", "pk")
    )
    if event is not None:
        panels = panels.filter(session__event_id=event)
    return panels
