# Over 400 lines because it is a table: one builder per registered metric, each saying how that
# metric's records are dated, beside the property they must all hold; split, the table would hide a gap.
"""Every registered metric honours its period, as of that period (a property over the registry).

For each metric, `BUILDERS[key](year, n)` adds records the metric counts in `year`, dated in that
year, built with each app's factories the way its pages or loader would; `n` (1 or 2) changes the
figure. The test then checks, for every registered metric:

(a) two years whose records differ give two different values;
(b) a past year's value does not move when records dated after it are added.

A metric whose records carry no date declares it (`@metric(undated=...)`); `UNDATED` below lists
those with their reason, so a new undated metric is a decision someone wrote down, never a default.
A metric registered without a builder here fails: it must say how it is dated.

The three faults found by trying the platform as a new user have their own tests at the end.
"""

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone

from metrohub.calls.models import Application
from metrohub.calls.tests.factories import make_application, make_call
from metrohub.calls.workflow import Status
from metrohub.comms.models import Campaign, Channel, Issue, Publication, Subscriber, TrafficFigure
from metrohub.core.metrics import REGISTRY
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.events.models import Registration, Speaker
from metrohub.events.tests.factories import EventFactory, PanelFactory, SpeakerFactory
from metrohub.finance.models import Agreement, IncomeLine
from metrohub.finance.tests.factories import make_agreement
from metrohub.fund import services as fund_services
from metrohub.fund.models import Fund, Grant, Tranche
from metrohub.fund.tests.factories import make_contribution
from metrohub.futures.models import City, CityIndicator, Dimension, Observation, Strategy
from metrohub.network.models import GoverningBody, MembershipPeriod, Office, Organisation, Person
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory
from metrohub.people.tests.factories import StaffMemberFactory
from metrohub.programs.models import Answer, Course, CourseEdition, Participant, Response
from metrohub.programs.tests.factories import add_city, add_participant, make_lab, make_survey
from metrohub.projects.models import Board, BoardMeeting, OutcomeFigure, Project

UNDATED = {
    "projects.comanage.consortium_members": "a project partner carries no date of joining",
    "projects.comanage.replicators": "a board member carries no date of joining",
}

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def _at(year: int, month: int = 6, day: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 12))


# --- network -------------------------------------------------------------------------------------


def _admit(category: str):
    """Admitted as the registry's import admits: the year of joining, no start date."""

    def make(year: int, n: int) -> None:
        for _i in range(n):
            MembershipFactory(joined_year=year, period__category=category)

    return make


def _board(gender: str):
    def make(year: int, n: int) -> None:
        body, _created = GoverningBody.objects.get_or_create(
            slug="board", defaults={"name": "Board", "kind": GoverningBody.Kind.BOARD}
        )
        for _i in range(n):
            Office.objects.create(
                body=body,
                person=Person.objects.create(name=f"Board member {_n()}", gender=gender),
                organisation=OrganisationFactory(),
                title="Mayor",
                start=dt.date(year, 1, 1),
                end=dt.date(year, 12, 31),
            )

    return make


# --- finance -------------------------------------------------------------------------------------


def _income(source: str, *, plus: str | None = None):
    """`n` lines of `source` (and one of `plus`, so a share moves with `n`)."""

    def make(year: int, n: int) -> None:
        agreement = make_agreement(OrganisationFactory(kind=Organisation.Kind.PARTNER), year=year)
        for line_source in [source] * n + ([plus] if plus else []):
            IncomeLine.objects.create(
                agreement=agreement, date=dt.date(year, 3, 1), source=line_source, amount_eur=Decimal(100)
            )

    return make


def _agreements(kind: str):
    def make(year: int, n: int) -> None:
        for _i in range(n):
            make_agreement(OrganisationFactory(kind=Organisation.Kind.PARTNER), kind=kind, year=year)

    return make


# --- calls and fund ------------------------------------------------------------------------------


def _application(status: str) -> Application:
    return make_application(make_call(), MembershipFactory().organisation, status=status)


def _submitted(year: int, n: int) -> None:
    for _i in range(n):
        application = _application(Status.SUBMITTED)
        Application.objects.filter(pk=application.pk).update(submitted_at=_at(year))


def _selected(year: int, n: int) -> None:
    for _i in range(n):
        application = _application(Status.SELECTED)
        application.transitions.update(at=_at(year))


def _fund(**fields) -> Fund:
    return fund_services.fund_create(actor=SYSTEM, name=f"Fund {_n()}", theme="Care", **fields)


def _contributions(year: int, n: int) -> None:
    fund = _fund()
    for _i in range(n):
        make_contribution(
            fund=fund,
            donor=OrganisationFactory(kind=Organisation.Kind.PARTNER),
            pledged=Money(Decimal(1000), "EUR"),
            year=year,
        )


def _max_grant(year: int, n: int) -> None:
    fund = _fund(max_grant=Decimal(10_000 * n))
    make_contribution(
        fund=fund,
        donor=OrganisationFactory(kind=Organisation.Kind.PARTNER),
        pledged=Money(Decimal(1000), "EUR"),
        year=year,
    )


def _target(year: int, n: int) -> None:
    _fund(target_amount=Decimal(1000 * n), target_from=year + 1, target_until=year + 2)


def _grants(year: int, n: int) -> list[Grant]:
    fund = _fund()
    grants = []
    for _i in range(n):
        grant = Grant.objects.create(application=_application(Status.DRAFT), fund=fund, amount=Decimal(1000))
        Grant.objects.filter(pk=grant.pk).update(awarded_at=_at(year))
        grants.append(grant)
    return grants


def _tranches(year: int, n: int) -> None:
    for grant in _grants(year - 1, 1):
        for _i in range(n):
            Tranche.objects.create(
                grant=grant, amount=Decimal(100), due_on=dt.date(year, 1, 1), paid_on=dt.date(year, 2, 1)
            )


# --- events --------------------------------------------------------------------------------------


def _events(year: int, n: int) -> None:
    for _i in range(n):
        EventFactory(start=_at(year))


def _attendance(year: int, n: int) -> None:
    """`n` people of `n` organisations ticked as present on the day of an event of `year`."""
    event = EventFactory(start=_at(year))
    for _i in range(n):
        Registration.objects.create(
            event=event,
            name=f"Attendee {_n()}",
            organisation=OrganisationFactory(),
            status=Registration.Status.CONFIRMED,
            attended=True,
            attendance_at=_at(year),
        )


def _speakers(*, women: bool, plus_man: bool):
    def make(year: int, n: int) -> None:
        panel = PanelFactory(session__event=EventFactory(start=_at(year)))
        for _i in range(n):
            SpeakerFactory(panel=panel, gender=Speaker.Gender.WOMAN if women else Speaker.Gender.MAN)
        if plus_man:
            SpeakerFactory(panel=panel, gender=Speaker.Gender.MAN)

    return make


def _panels_without_woman(year: int, n: int) -> None:
    event = EventFactory(start=_at(year))
    for _i in range(n):
        SpeakerFactory(panel__session__event=event, gender=Speaker.Gender.MAN)


# --- comms ---------------------------------------------------------------------------------------


def _issues(year: int, n: int) -> None:
    for _i in range(n):
        number = _n()
        Issue.objects.create(
            number=number,
            title=f"Issue {number}",
            month=dt.date(year, number % 12 + 1, 1),
            status=Issue.Status.SENT,
            sent_at=_at(year, number % 12 + 1, 2),
        )


def _subscribers(year: int, n: int) -> None:
    for _i in range(n):
        Subscriber.objects.create(
            email=f"reader{_n()}@example.org", status=Subscriber.Status.CONFIRMED, confirmed_at=_at(year)
        )


def _campaigns(year: int, n: int) -> None:
    Campaign.objects.create(name=f"Campaign {_n()}", start=dt.date(year, 2, 1), views=100 * n, videos=n)


def _channels(year: int, n: int) -> None:
    Channel.objects.create(
        name=f"Channel {_n()}", platform="Video", period=year, followers=10 * n, views=100 * n
    )


def _traffic(year: int, n: int) -> None:
    publication = Publication.objects.create(kind=Publication.Kind.TOOLKIT, title=f"Toolkit {_n()}")
    TrafficFigure.objects.create(
        publication=publication, label="Traffic", value=Decimal(n), unit="times", period=year
    )


# --- programs ------------------------------------------------------------------------------------


def _labs(year: int, n: int) -> None:
    for _i in range(n):
        make_lab(title=f"Lab {_n()}", year=year)


def _lab_cities(year: int, n: int) -> None:
    lab = make_lab(title=f"Lab {_n()}", year=year)
    for _i in range(n):
        member = add_city(lab, MembershipFactory().organisation)
        member.enrolled_on = dt.date(year, 3, 1)
        member.save()


def _participants(*, gender: str, plus: str | None):
    def make(year: int, n: int) -> None:
        lab = make_lab(title=f"Lab {_n()}", year=year)
        for _i in range(n):
            add_participant(lab, name=f"Participant {_n()}", gender=gender)
        if plus:
            add_participant(lab, name=f"Participant {_n()}", gender=plus)

    return make


def _satisfaction(year: int, n: int) -> None:
    survey = make_survey(make_lab(title=f"Lab {_n()}", year=year))
    response = Response.objects.create(survey=survey, anonymous=True)
    question = survey.questions.get(order=1)
    Answer.objects.create(response=response, question=question, score=n + 2)


def _courses(year: int, n: int) -> None:
    for _i in range(n):
        CourseEdition.objects.create(
            course=Course.objects.create(title=f"Course {_n()}"), number=1, year=year
        )


def _publications(year: int, n: int) -> None:
    for _i in range(n):
        Publication.objects.create(kind=Publication.Kind.GUIDE, title=f"Guide {_n()}", year=year)


def _projects(year: int, n: int) -> None:
    for _i in range(n):
        number = _n()
        Project.objects.create(
            slug=f"project-{number}", acronym=f"P{number}", name="Project", started_in=year
        )


def _course_attendance(year: int, n: int) -> None:
    course = Course.objects.create(title=f"Course {_n()}")
    CourseEdition.objects.create(course=course, number=1, year=year, attendance=10 * n)


# --- people, projects, futures -------------------------------------------------------------------


def _staff(**traits):
    def make(year: int, n: int) -> None:
        for _i in range(n):
            StaffMemberFactory(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), **traits)

    return make


def _project(slug: str) -> Project:
    return Project.objects.get_or_create(slug=slug, defaults={"acronym": slug.upper(), "name": slug})[0]


def _board_meetings(year: int, n: int) -> None:
    board, _created = Board.objects.get_or_create(project=_project("comanage"), name="Board of Replicators")
    for _i in range(n):
        BoardMeeting.objects.create(
            board=board, year=year, mode=BoardMeeting.Mode.ONLINE, status=BoardMeeting.Status.HELD
        )


def _avantia_target(year: int, n: int) -> None:
    OutcomeFigure.objects.create(
        project=_project("avantia"), label="Women trained", unit="women", period=year, target=Decimal(10 * n)
    )


def _indicator() -> CityIndicator:
    code = f"indicator-{_n()}"
    dimension, _created = Dimension.objects.get_or_create(code="test", defaults={"name": "Test"})
    return CityIndicator.objects.create(
        code=code, name=code, definition="-", unit="%", direction="up", dimension=dimension
    )


def _city() -> City:
    return City.objects.create(code=f"city-{_n()}", name="City")


def _futures_cities(year: int, n: int) -> None:
    indicator = _indicator()
    for _i in range(n):
        Observation.objects.create(city=_city(), indicator=indicator, year=year, value=1.0)


def _futures_indicators(year: int, n: int) -> None:
    city = _city()
    for _i in range(n):
        Observation.objects.create(city=city, indicator=_indicator(), year=year, value=1.0)


def _strategies(year: int, n: int) -> None:
    city = _city()
    for _i in range(n):
        Strategy.objects.create(
            city=city, title=f"Strategy {_n()}", level=Strategy.Level.LOCAL, year_adopted=year
        )


W, M = Participant.Gender.WOMAN, Participant.Gender.MAN
BUILDERS: dict[str, Callable[[int, int], None]] = {
    "network.members.total": _admit(MembershipPeriod.Category.FULL),
    "network.members.full": _admit(MembershipPeriod.Category.FULL),
    "network.members.associate": _admit(MembershipPeriod.Category.ASSOCIATE),
    "network.members.new": _admit(MembershipPeriod.Category.FULL),
    "network.associates.new": _admit(MembershipPeriod.Category.ASSOCIATE),
    "network.board.members": _board(Person.Gender.MAN),
    "network.board.women": _board(Person.Gender.WOMAN),
    "finance.income.fees": _income(IncomeLine.Source.FEES),
    "finance.income.grants": _income(IncomeLine.Source.GRANTS),
    "finance.income.other": _income(IncomeLine.Source.OTHER),
    "finance.income.total": _income(IncomeLine.Source.OTHER),
    "finance.income.fees_share": _income(IncomeLine.Source.FEES, plus=IncomeLine.Source.GRANTS),
    "finance.income.grants_share": _income(IncomeLine.Source.GRANTS, plus=IncomeLine.Source.FEES),
    "finance.agreements.funding": _agreements(Agreement.Kind.FUNDING),
    "finance.agreements.total": _agreements(Agreement.Kind.FUNDING),
    "calls.applications": _submitted,
    "calls.selections": _selected,
    "fund.raised": _contributions,
    "fund.max_grant": _max_grant,
    "fund.target.additional": _target,
    "fund.committed": _grants,
    "fund.grants": _grants,
    "fund.disbursed": _tranches,
    "events.events.total": _events,
    "events.attendance.people": _attendance,
    "events.attendance.organisations": _attendance,
    "events.speakers.women_share": _speakers(women=True, plus_man=True),
    "events.speakers.women": _speakers(women=True, plus_man=False),
    "events.panels.without_woman": _panels_without_woman,
    "comms.newsletter.issues": _issues,
    "comms.subscribers.confirmed": _subscribers,
    "comms.campaign.views": _campaigns,
    "comms.campaign.videos": _campaigns,
    "comms.channel.followers": _channels,
    "comms.channel.views": _channels,
    "comms.toolkit.traffic_ratio": _traffic,
    "comms.publications": _publications,
    "programs.labs.count": _labs,
    "programs.labs.member_cities": _lab_cities,
    "programs.participants.total": _participants(gender=W, plus=None),
    "programs.participants.women_share": _participants(gender=W, plus=M),
    "programs.participants.men_share": _participants(gender=M, plus=W),
    "programs.satisfaction.mean": _satisfaction,
    "programs.courses.attendance": _course_attendance,
    "programs.courses": _courses,
    "people.staff.total": _staff(),
    "people.staff.women": _staff(woman=True),
    "people.staff.men": _staff(man=True),
    "people.staff.in_kind": _staff(in_kind=True),
    "projects.comanage.board_meetings": _board_meetings,
    "projects.avantia.women_trained_target": _avantia_target,
    "projects.projects": _projects,
    "futures.cities": _futures_cities,
    "futures.indicators": _futures_indicators,
    "futures.strategies": _strategies,
}


def _value(key: str, year: int) -> Decimal:
    return REGISTRY[key].compute(year).value


def test_every_metric_says_how_it_is_dated():
    # every registered metric has a builder here, or declares (in its metrics.py) why it has no date
    undated = {key: m.undated for key, m in REGISTRY.items() if m.undated}
    assert sorted(undated) == sorted(UNDATED), "an undated metric must be listed in UNDATED, with its reason"
    assert sorted(k for k in REGISTRY if k not in BUILDERS and k not in UNDATED) == []
    assert sorted(k for k in BUILDERS if k not in REGISTRY) == []


@pytest.mark.parametrize("key", sorted(BUILDERS))
def test_two_years_whose_records_differ_give_different_values(db, key):
    # given records of the metric dated in 2023, and different ones dated in 2024
    BUILDERS[key](2023, 1)
    BUILDERS[key](2024, 2)
    # then the two years read differently
    assert _value(key, 2023) != _value(key, 2024)


@pytest.mark.parametrize("key", sorted(BUILDERS))
def test_a_past_years_value_does_not_move_when_later_records_are_added(db, key):
    # given the figures for 2023 and 2024
    BUILDERS[key](2023, 1)
    BUILDERS[key](2024, 2)
    before = (_value(key, 2023), _value(key, 2024))
    # when records dated 2025 and this year are added
    BUILDERS[key](2025, 2)
    BUILDERS[key](timezone.localdate().year, 1)
    # then the past years read as before, and the later year has its own figure
    assert (_value(key, 2023), _value(key, 2024)) == before


@pytest.mark.parametrize("key", sorted(UNDATED))
def test_an_undated_metric_says_why(key):
    assert REGISTRY[key].undated, f"{key}: {UNDATED[key]}"


# --- the faults a new user met -------------------------------------------------------------------


def test_admitting_a_city_in_2026_leaves_2024s_members_in_total(db, client):
    # given 2 members on record before 2024 (no dates, as the 2024 data) and the report's declared 164
    for _i in range(2):
        MembershipFactory()
    total = _value("network.members.total", 2024)
    assert total == 2
    # when a city is admitted in 2026 (the import records its year of joining only)
    MembershipFactory(joined_year=2026)
    # then 2024's total, full and by-region figures read as before; 2026's counts it
    assert _value("network.members.total", 2024) == total
    assert _value("network.members.full", 2024) == total
    assert (
        sum(p.value for p in REGISTRY["network.members.total"].parts(2024) if p.dimension == "region")
        == total
    )
    assert _value("network.members.total", 2026) == total + 1


def test_admitting_a_city_in_2026_leaves_the_directorys_2024_figure(data_2024, client, membership_staff):
    from metrohub.network import services

    # given the public directory's 2024 figure: 160 in the records beside the 164 declared
    figure = 'data-figure="network.members.total-computed"><a href="/registry/?status=active">160<'
    assert figure in client.get("/members/").content.decode()
    # when a city joins in 2026, through the registry's service as its import does
    city = services.organisation_create(
        actor=membership_staff,
        name="Newtown",
        kind="city",
        country="FR",
        region=Organisation.objects.first().region,
    )
    services.membership_start(actor=membership_staff, organisation=city, category="full", joined_year=2026)
    # then the directory and the 2024 report still read 160, and 2026 counts the newcomer
    assert figure in client.get("/members/").content.decode()
    assert _value("network.members.total", 2024) == 160
    assert _value("network.members.total", 2026) == 161


def test_enrolling_a_city_in_a_lab_today_leaves_active_member_cities_of_2024(db, programs_staff):
    from metrohub.programs import services

    # given a 2024 lab with one member city, enrolled in 2024
    lab = make_lab(title="Care lab", year=2024)
    services.cohort_add(
        actor=programs_staff,
        lab=lab,
        organisation=MembershipFactory().organisation,
        role="learner",
        enrolled_on=dt.date(2024, 3, 1),
    )
    assert _value("programs.labs.member_cities", 2024) == 1
    # when a member city is enrolled in that lab today, through the cohort page's service
    services.cohort_add(
        actor=programs_staff, lab=lab, organisation=MembershipFactory().organisation, role="expert"
    )
    # then "active member cities · 2024" reads as before, and the lab's cohort shows both
    assert _value("programs.labs.member_cities", 2024) == 1
    assert lab.cohort.count() == 2


def test_the_metro_futures_metrics_answer_for_the_year_asked(db):
    # given a city with data of 2023, and a strategy adopted in 2025
    indicator = _indicator()
    city = _city()
    Observation.objects.create(city=city, indicator=indicator, year=2023, value=1.0)
    Strategy.objects.create(city=city, title="Plan", level=Strategy.Level.LOCAL, year_adopted=2025)
    # then 2022 has nothing, 2024 the city and its indicator, and the strategy counts from 2025
    assert [_value("futures.cities", y) for y in (2022, 2024)] == [0, 1]
    assert [_value("futures.indicators", y) for y in (2022, 2024)] == [0, 1]
    assert [_value("futures.strategies", y) for y in (2024, 2025)] == [0, 1]
