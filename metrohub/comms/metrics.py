"""Communications metrics: newsletter issues and subscribers, campaign views, channel figures and
the toolkit's web traffic, each traceable to its records."""

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Max, Q, Sum
from django.urls import reverse
from django.utils import timezone

from metrohub.comms.models import Campaign, Channel, Issue, Publication, Subscriber, TrafficFigure
from metrohub.core.metrics import metric


def _sum(field: str):
    return lambda records: records.aggregate(total=Sum(field))["total"] or Decimal(0)


def _media(period: int) -> str:
    return reverse("comms:media")


@metric(
    key="comms.newsletter.issues",
    title="Newsletter issues sent",
    unit="issues",
    records_url=lambda p: reverse("comms:archive"),
)
def newsletter_issues(period: int):
    """Issues of the newsletter sent during the year."""
    return Issue.objects.filter(status=Issue.Status.SENT, sent_at__year=period)


@metric(
    key="comms.subscribers.confirmed",
    title="Newsletter subscribers",
    unit="people",
    records_url=lambda p: reverse("comms:subscribers") + "?status=confirmed",
)
def subscribers_confirmed(period: int):
    """Addresses confirmed by the end of the year and not unsubscribed by then."""
    end = timezone.make_aware(dt.datetime(period + 1, 1, 1))
    return Subscriber.objects.filter(confirmed_at__lt=end).filter(
        Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__gte=end)
    )


@metric(
    key="comms.campaign.views", title="Campaign views", unit="views", records_url=_media, value=_sum("views")
)
def campaign_views(period: int):
    """Views of the campaigns that started in the year."""
    return Campaign.objects.filter(start__year=period)


@metric(
    key="comms.campaign.videos",
    title="Campaign videos",
    unit="videos",
    records_url=_media,
    value=_sum("videos"),
)
def campaign_videos(period: int):
    """Videos of the campaigns that started in the year."""
    return Campaign.objects.filter(start__year=period)


@metric(
    key="comms.channel.followers",
    title="Channel followers",
    unit="followers",
    records_url=_media,
    value=_sum("followers"),
)
def channel_followers(period: int):
    """Followers of the channels, as recorded for the year."""
    return Channel.objects.filter(period=period)


@metric(
    key="comms.channel.views", title="Channel views", unit="views", records_url=_media, value=_sum("views")
)
def channel_views(period: int):
    """Views of the channels, as recorded for the year."""
    return Channel.objects.filter(period=period)


@metric(
    key="comms.toolkit.traffic_ratio",
    title="Toolkit website traffic against the month before",
    unit="times",
    records_url=lambda p: reverse("comms:publications"),
    value=lambda records: records.aggregate(top=Max("value"))["top"] or Decimal(0),
)
def toolkit_traffic(period: int):
    """The largest recorded ratio of a toolkit's website traffic to the month before, in the year."""
    return TrafficFigure.objects.filter(period=period, publication__kind="toolkit")


def _publications(**params) -> str:
    return f"{reverse('comms:publications')}?{urlencode(params)}"


@metric(
    key="comms.publications",
    title="Publications",
    unit="publications",
    records_url=lambda period: _publications(year=period),
    action_line_url=lambda period, code: _publications(year=period, action_line=code),
)
def publications(period: int):
    """Publications (toolkits, reports, guides) of the year; one whose year is unknown is not counted."""
    return Publication.objects.filter(year=period, synthetic=False)
