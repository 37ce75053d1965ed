"""/api/v1/futures: the open data of Metro Futures. Reads published releases only, never drafts.

Every answer names its release (the latest, or `?release=N`); before any release is published
the lists are empty. Every query is bounded: pages of at most 1,000 rows, a row cap, and a time
limit; an over-broad query gets a 400 that says how to narrow it.
"""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from metrohub.core.errors import DomainError
from metrohub.futures import selectors
from metrohub.futures.models import Release

router = Router()

PAGE_MAX = 1000
UNFILTERED_MAX = 100_000


class ReleaseFilter(Schema):
    release: int | None = Field(None, ge=1, description="Release number; the latest when omitted")


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    unit: str
    numerator: str
    denominator: str
    direction: str = Field(description="higher or lower: which way is better")
    dimension: str
    iso37120_theme: str
    sdg_target: str
    umf_ref: str
    source: str
    licence: str
    plausible_min: float | None
    plausible_max: float | None


class CityOut(Schema):
    code: str
    name: str
    country: str
    region: str
    population: int | None
    band: str
    latitude: float | None
    longitude: float | None
    member: bool


class ObservationOut(Schema):
    city: str
    indicator: str
    year: int
    value: float
    boundary: str
    method: str
    source: str
    note: str


class RankingRow(Schema):
    rank: int
    city: str
    city_name: str
    region: str
    band: str
    member: bool
    value: float
    boundary: str
    method: str
    percentile: float
    peers: int
    peer_rank: int | None
    peer_percentile: float | None
    peer_size: int | None


class ProfileRow(Schema):
    indicator: str
    indicator_name: str
    unit: str
    dimension: str
    year: int
    value: float
    boundary: str
    method: str
    percentile: float
    rank: int
    peers: int
    region_percentile: float | None
    band_percentile: float | None
    members_percentile: float | None
    trend: str = Field(description="improving, stable, worsening or unknown, over the last five years")
    slope: float | None


class BenchmarkRow(Schema):
    indicator: str
    value: float
    year: int
    boundary: str
    method: str
    peer_rank: int
    peer_size: int
    peer_percentile: float
    peer_median: float
    years: list[int]
    boundaries: list[str]
    methods: list[str]


class StrategyOut(Schema):
    strategy_id: int
    city: str
    title: str
    level: str
    year_adopted: int | None
    horizon: int | None
    dimensions: list[str]
    sdgs: list[int]
    link: str
    summary: str


class ReleaseOut(Schema):
    number: int
    published_at: str
    synthetic: bool
    manifest: dict


class Page(Schema):
    release: int | None
    synthetic: bool | None = None
    total: int | None = None
    rows: list


def page_of(row_schema):
    return type(f"{row_schema.__name__}Page", (Page,), {"__annotations__": {"rows": list[row_schema]}})


def _json(release: Release | None, rows: list | str, **extra) -> HttpResponse:
    """The answer: its release, a few fields, and the rows (a list, or JSON already serialised)."""
    head = {
        "release": release.number if release else None,
        "synthetic": release.synthetic if release else None,
        **extra,
    }
    if isinstance(rows, str):
        body = json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ' + rows + "}"
    else:
        body = json.dumps({**head, "rows": rows}, ensure_ascii=False, default=str)
    return HttpResponse(body, content_type="application/json")


@router.get("/indicators", response=page_of(IndicatorOut), summary="The indicators of a release")
def indicators(request, filters: Query[ReleaseFilter]):
    release = selectors.published_release(filters.release)
    rows = selectors.catalogue(release).indicators if release else []
    return _json(release, rows)


@router.get("/cities", response=page_of(CityOut), summary="The cities with data in a release")
def cities(request, filters: Query[ReleaseFilter]):
    release = selectors.published_release(filters.release)
    rows = selectors.catalogue(release).cities if release else []
    return _json(release, rows)


class ObservationFilter(ReleaseFilter):
    city: str = Field("", max_length=120, description="City code")
    indicator: str = Field("", max_length=60, description="Indicator code")
    year_from: int | None = Field(None, ge=1900, le=2100)
    year_to: int | None = Field(None, ge=1900, le=2100)
    limit: int = Field(100, ge=1, le=PAGE_MAX)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get("/observations", response=page_of(ObservationOut), summary="Observations, filtered and paged")
def observations(request, filters: Query[ObservationFilter]):
    release = selectors.published_release(filters.release)
    if release is None:
        return _json(None, [], total=0)
    total, rows = selectors.observations(
        release,
        city=filters.city,
        indicator=filters.indicator,
        year_from=filters.year_from,
        year_to=filters.year_to,
        limit=filters.limit,
        offset=filters.offset,
    )
    if total > UNFILTERED_MAX and not (filters.city or filters.indicator):
        raise DomainError(
            _("%(total)d observations match: filter by city or indicator (at most %(cap)d without).")
            % {"total": total, "cap": UNFILTERED_MAX}
        )
    return _json(release, rows, total=total, limit=filters.limit, offset=filters.offset)


class RankingFilter(ReleaseFilter):
    indicator: str = Field("", max_length=60, description="Indicator code (required once a release exists)")
    year: int | None = Field(None, ge=1900, le=2100, description="The indicator's latest year when omitted")
    group: str = Field("overall", pattern="^(overall|region|band|members)$", description="Peer group")
    region: str = Field("", max_length=40, description="Only cities of this region (code)")
    band: str = Field("", max_length=20, description="Only cities of this population band")
    members: bool = Field(False, description="Only member cities")


@router.get("/ranking", response=page_of(RankingRow), summary="All cities ranked on one indicator and year")
def ranking(request, filters: Query[RankingFilter]):
    release = selectors.published_release(filters.release)
    if release is None:
        return _json(None, [])
    years = selectors.catalogue(release).years.get(filters.indicator)
    if not years:
        raise DomainError(_("Give the code of an indicator of this release: ?indicator=…"))
    year = filters.year or years[-1]
    rows = selectors.ranking(
        release,
        indicator=filters.indicator,
        year=year,
        group=filters.group,
        region=filters.region,
        band=filters.band,
        members=filters.members,
        as_json=True,
    )
    return _json(release, rows, indicator=filters.indicator, year=year, group=filters.group)


@router.get(
    "/cities/{city}/profile", response=page_of(ProfileRow), summary="A city's latest values and trends"
)
def profile(request, city: str, filters: Query[ReleaseFilter]):
    release = selectors.published_release(filters.release)
    if release is None:
        return _json(None, [])
    if selectors.catalogue(release).city(city) is None:
        return HttpResponse(json.dumps({"detail": _("No such city in this release.")}), status=404,
                            content_type="application/json")  # fmt: skip
    return _json(release, selectors.profile(release, city=city, as_json=True), city=city)


class SeriesRow(Schema):
    city: str
    city_name: str
    year: int
    value: float
    boundary: str
    method: str


class SeriesFilter(ReleaseFilter):
    indicator: str = Field("", max_length=60, description="Indicator code (required once a release exists)")
    cities: str = Field("", max_length=800, description="Up to six city codes, separated by commas")


@router.get("/series", response=page_of(SeriesRow), summary="One indicator over time for a few cities")
def series(request, filters: Query[SeriesFilter]):
    release = selectors.published_release(filters.release)
    if release is None:
        return _json(None, [])
    codes = [c for c in filters.cities.split(",") if c][:7]
    if not filters.indicator or not codes or len(codes) > 6:
        raise DomainError(_("Give an indicator and one to six cities: ?indicator=…&cities=a,b"))
    return _json(release, selectors.series(release, indicator=filters.indicator, cities=codes, as_json=True),
                 indicator=filters.indicator)  # fmt: skip


class BenchmarkFilter(ReleaseFilter):
    city: str = Field("", max_length=120, description="City code (required once a release exists)")
    group: str = Field("region", pattern="^(overall|region|band|members)$", description="Peer group")


@router.get("/benchmark", response=page_of(BenchmarkRow), summary="Where a city stands among its peers")
def benchmark(request, filters: Query[BenchmarkFilter]):
    release = selectors.published_release(filters.release)
    if release is None:
        return _json(None, [])
    if selectors.catalogue(release).city(filters.city) is None:
        raise DomainError(_("Give the code of a city of this release: ?city=…"))
    return _json(
        release, selectors.benchmark(release, city=filters.city, group=filters.group), group=filters.group
    )


class StrategyFilter(ReleaseFilter):
    q: str = Field("", max_length=200, description="Words in the title, summary or city")
    dimension: str = Field("", max_length=40)
    level: str = Field("", max_length=20)
    sdg: int | None = Field(None, ge=1, le=17)
    city: str = Field("", max_length=120)
    limit: int = Field(50, ge=1, le=PAGE_MAX)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("/strategies", response=page_of(StrategyOut), summary="Strategies, searched and filtered")
def strategies(request, filters: Query[StrategyFilter]):
    release = selectors.published_release(filters.release)
    if release is None:
        return _json(None, [], total=0)
    total, rows = selectors.strategies(
        release,
        q=filters.q,
        dimension=filters.dimension,
        level=filters.level,
        sdg=filters.sdg,
        city=filters.city,
        limit=filters.limit,
        offset=filters.offset,
    )
    return _json(release, rows, total=total)


@router.get("/releases", response=list[ReleaseOut], summary="Published releases and their manifests")
def releases(request):
    return [
        {
            "number": r.number,
            "published_at": r.published_at.isoformat(),
            "synthetic": r.synthetic,
            "manifest": r.manifest,
        }
        for r in Release.objects.order_by("-number")
    ]
