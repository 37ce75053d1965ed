"""The 2024 communications facts from the annual report (`metrohub/datasets/2024/comms-*.csv`):
the Care Systems Toolkit and its web traffic, AVANTIA's channel and campaign, the video series
"10 Minutes With the Mayor" and the testimonials the report quotes. Idempotent.

Testimonials are loaded with their consent to publish *not recorded*: the report printed them,
but consent to re-publish them on the site is for the communications team to record."""

import datetime as dt
from decimal import Decimal

from metrohub.comms.models import (
    Campaign,
    Channel,
    Episode,
    Publication,
    Testimonial,
    TrafficFigure,
    VideoSeries,
)
from metrohub.core.datasets import cite, read_rows
from metrohub.core.history import save_as
from metrohub.network.services import organisation_find
from metrohub.projects.models import Project


def _organisation(name: str):
    return organisation_find(name) if name else None


def _number(value: str) -> int | None:
    return int(value) if value else None


def load(year: int, document: str, report) -> None:
    for row in read_rows(year, "comms-publications.csv"):
        if not Publication.objects.filter(title=row["title"]).exists():
            save_as(
                Publication(
                    kind=row["kind"],
                    title=row["title"],
                    description=row["description"],
                    launched_on=row["launched_on"],
                    year=_number(row["year"]),
                    source=cite(document, row["section"]),
                ),
                None,
            )
            report.count("publications")
    for row in read_rows(year, "comms-traffic.csv"):
        publication = Publication.objects.get(title=row["publication"])
        if not publication.traffic.filter(label=row["label"], period=int(row["period"])).exists():
            save_as(
                TrafficFigure(
                    publication=publication,
                    label=row["label"],
                    value=Decimal(row["value"]),
                    unit=row["unit"],
                    period=int(row["period"]),
                    quote=row["quote"],
                    source=cite(document, row["section"]),
                ),
                None,
            )
    for row in read_rows(year, "comms-channels.csv"):
        if not Channel.objects.filter(name=row["name"]).exists():
            save_as(
                Channel(
                    name=row["name"],
                    platform=row["platform"],
                    project=Project.objects.filter(slug=row["project"]).first(),
                    followers=_number(row["followers"]),
                    views=_number(row["views"]),
                    period=int(row["period"]),
                    as_stated=row["as_stated"],
                    source=cite(document, row["section"]),
                ),
                None,
            )
            report.count("channels")
    for row in read_rows(year, "comms-campaigns.csv"):
        if not Campaign.objects.filter(name=row["name"]).exists():
            save_as(
                Campaign(
                    name=row["name"],
                    description=row["description"],
                    project=Project.objects.filter(slug=row["project"]).first(),
                    channel=Channel.objects.filter(name=row["channel"]).first(),
                    start=dt.date.fromisoformat(row["start"]),
                    end=dt.date.fromisoformat(row["end"]),
                    views=int(row["views"]),
                    videos=_number(row["videos"]),
                    source=cite(document, row["section"]),
                ),
                None,
            )
            report.count("campaigns")
    for row in read_rows(year, "comms-series.csv"):
        if not VideoSeries.objects.filter(title=row["title"]).exists():
            save_as(
                VideoSeries(
                    title=row["title"],
                    description=row["description"],
                    launched_in=_number(row["launched_in"]),
                    source=cite(document, row["section"]),
                ),
                None,
            )
    for row in read_rows(year, "comms-episodes.csv"):
        series = VideoSeries.objects.get(title=row["series"])
        if not series.episodes.filter(city_name=row["city_name"]).exists():
            save_as(
                Episode(
                    series=series,
                    city_name=row["city_name"],
                    city=_organisation(row["city"]),
                    released_in=_number(row["released_in"]),
                    source=cite(document, row["section"]),
                ),
                None,
            )
            report.count("episodes")
    for row in read_rows(year, "comms-testimonials.csv"):
        if not Testimonial.objects.filter(person_name=row["person"], quote=row["quote"]).exists():
            save_as(
                Testimonial(
                    quote=row["quote"],
                    person_name=row["person"],
                    title=row["title"],
                    city=_organisation(row["city"]),
                    city_name=row["city"],
                    source=cite(document, row["section"]),
                ),
                None,
            )
            report.count("testimonials")
