"""The metrics `mel` added to the registry, network, finance and people: each against records
built here, and each moving when a record changes."""

import datetime as dt
from decimal import Decimal

from metrohub.core.metrics import REGISTRY
from metrohub.core.models import Region
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance import services as finance_services
from metrohub.finance.tests.factories import make_agreement, make_invoice
from metrohub.network.models import GoverningBody, Office, Organisation, Person
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory
from metrohub.people import services as people_services


def value(key: str, period: int = 2024) -> Decimal:
    return REGISTRY[key].compute(period).value


def parts(key: str, dimension: str, period: int = 2024) -> dict[str, Decimal]:
    return {p.code: p.value for p in REGISTRY[key].parts(period) if p.dimension == dimension}


def test_members_by_category_and_region(db):
    # given two full members in Europe and an associate in Africa, one of each joined in 2024
    africa = Region.objects.get(code="africa")
    MembershipFactory(organisation=OrganisationFactory(), joined_year=2010)
    MembershipFactory(organisation=OrganisationFactory(), joined_year=2024)
    MembershipFactory(
        organisation=OrganisationFactory(region=africa), joined_year=2024, period__category="associate"
    )
    # then the figures split by category and region
    assert (value("network.members.full"), value("network.members.associate")) == (2, 1)
    assert parts("network.members.total", "region")["europe"] == 2
    assert parts("network.members.total", "region")["africa"] == 1
    assert parts("network.members.total", "category") == {"full": 2, "associate": 1}
    assert parts("network.members.new", "region")["europe"] == 1
    assert parts("network.members.new", "region")["africa"] == 0
    # when a new full member joins in Africa
    MembershipFactory(organisation=OrganisationFactory(region=africa), joined_year=2024)
    # then the figures follow, and every part links to its records
    assert parts("network.members.new", "region")["africa"] == 1
    assert parts("network.members.total", "region")["africa"] == 2
    assert all(p.records_url.startswith("/registry/") for p in REGISTRY["network.members.total"].parts(2024))


def test_board_members_and_women_on_the_board(db):
    board = GoverningBody.objects.create(slug="board", name="Board", kind=GoverningBody.Kind.BOARD)
    city = OrganisationFactory()
    woman = Person.objects.create(name="A", gender=Person.Gender.WOMAN)
    man = Person.objects.create(name="B", gender=Person.Gender.MAN)
    Office.objects.create(body=board, person=woman, organisation=city, title="Mayor")
    seat = Office.objects.create(body=board, person=man, organisation=city, title="Governor")
    assert (value("network.board.members"), value("network.board.women")) == (2, 1)
    # when the man's term ended before 2024
    seat.start, seat.end = dt.date(2019, 1, 1), dt.date(2023, 6, 30)
    seat.save()
    assert (value("network.board.members"), value("network.board.women")) == (1, 1)


def test_total_income_and_agreements_of_the_year(db):
    partner = OrganisationFactory(kind=Organisation.Kind.PARTNER)
    member = OrganisationFactory()
    MembershipFactory(organisation=member)
    grant = make_agreement(partner)
    make_agreement(partner, kind="cooperation")
    make_agreement(partner, year=2023)
    assert value("finance.agreements.total") == 2
    finance_services.agreement_income_record(
        actor=SYSTEM, agreement=grant, amount=Money(Decimal("30000"), "EUR"), received_on=dt.date(2024, 5, 1)
    )
    finance_services.payment_record(
        actor=SYSTEM,
        invoice=make_invoice(member),
        amount=Money(Decimal("10000"), "EUR"),
        received_on=dt.date(2024, 2, 1),
    )
    assert value("finance.income.total") == Decimal("40000")
    finance_services.agreement_income_record(
        actor=SYSTEM, agreement=grant, amount=Money(Decimal("5000"), "EUR"), received_on=dt.date(2024, 9, 1)
    )
    assert value("finance.income.total") == Decimal("45000")
    assert value("finance.income.total", 2025) == 0


def test_staff_by_gender(db):
    people_services.staff_create(actor=SYSTEM, name="A", position="Officer", gender="woman")
    people_services.staff_create(actor=SYSTEM, name="B", position="Officer", gender="man")
    leaver = people_services.staff_create(actor=SYSTEM, name="C", position="Officer", gender="woman")
    people_services.staff_create(actor=SYSTEM, name="D", position="Intern")
    assert parts("people.staff.total", "gender") == {"woman": 2, "man": 1, "another": 0, "unknown": 1}
    # when one woman left in 2023
    people_services.staff_update(
        actor=SYSTEM, staff=leaver, start=dt.date(2020, 1, 1), end=dt.date(2023, 12, 31)
    )
    assert parts("people.staff.total", "gender")["woman"] == 1
    assert value("people.staff.women") == 1
