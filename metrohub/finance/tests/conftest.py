import datetime as dt
from decimal import Decimal

import pytest

from metrohub.core.permissions import SYSTEM
from metrohub.finance import services
from metrohub.finance.models import Invoice
from metrohub.finance.tests.factories import make_invoice
from metrohub.network.models import Organisation
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory


@pytest.fixture
def member(db) -> Organisation:
    organisation = OrganisationFactory(name="Dakar Dues", slug="dakar-dues", country="SN")
    MembershipFactory(organisation=organisation)
    return organisation


@pytest.fixture
def partner(db) -> Organisation:
    return OrganisationFactory(name="Test Foundation", slug="test-foundation", kind=Organisation.Kind.PARTNER)


@pytest.fixture
def usd_rate(db):
    """1 USD = 0.90 EUR from 1 January 2024."""
    return services.exchange_rate_set(
        actor=SYSTEM, currency="USD", date=dt.date(2024, 1, 1), rate=Decimal("0.9"), source="test rate"
    )


@pytest.fixture
def invoice(member) -> Invoice:
    return make_invoice(member)
