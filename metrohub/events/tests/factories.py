"""Factories for event records, through the models for speed; services are tested on their own."""

import datetime as dt

import factory
from django.utils import timezone

from metrohub.events.models import Event, Panel, Session, Speaker


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.SUMMIT
    title = factory.Sequence(lambda n: f"Summit {n}")
    start = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(days=1))
    timezone = "Europe/Madrid"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = "Opening session"


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    session = factory.SubFactory(SessionFactory)
    title = factory.Sequence(lambda n: f"Panel {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    panel = factory.SubFactory(PanelFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")

    class Params:
        woman = factory.Trait(gender=Speaker.Gender.WOMAN)
        man = factory.Trait(gender=Speaker.Gender.MAN)
