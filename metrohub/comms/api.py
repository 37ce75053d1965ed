"""/api/v1/comms: the newsletter archive, publications, media figures and consented testimonials.
Subscribers are never in the API."""

import datetime as dt

from ninja import Router, Schema
from ninja.pagination import paginate

from metrohub.comms.models import Campaign, Channel, Publication
from metrohub.comms.selectors import public_testimonials, sent_issues
from metrohub.core.api import Pagination

router = Router()


class IssueOut(Schema):
    id: int
    number: int
    title: str
    month: dt.date
    author: str | None
    sent_at: dt.datetime | None

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.name if obj.author else None


class PublicationOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    launched_on: str
    source: str


class CampaignOut(Schema):
    name: str
    start: dt.date | None
    end: dt.date | None
    views: int
    videos: int | None
    source: str


class ChannelOut(Schema):
    name: str
    platform: str
    followers: int | None
    views: int | None
    period: int
    source: str


class TestimonialOut(Schema):
    quote: str
    person_name: str
    title: str
    city_name: str
    source: str


@router.get("/issues", response=list[IssueOut])
@paginate(Pagination)
def list_issues(request):
    return sent_issues()


@router.get("/publications", response=list[PublicationOut])
@paginate(Pagination)
def list_publications(request):
    return Publication.objects.all()


@router.get("/campaigns", response=list[CampaignOut])
@paginate(Pagination)
def list_campaigns(request):
    return Campaign.objects.all()


@router.get("/channels", response=list[ChannelOut])
@paginate(Pagination)
def list_channels(request):
    return Channel.objects.all()


@router.get("/testimonials", response=list[TestimonialOut])
@paginate(Pagination)
def list_testimonials(request):
    return public_testimonials()
