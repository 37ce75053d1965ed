"""Two finance staff issuing the year's dues at the same moment produce one set of invoices: the
year's fee rows are locked, so the second waits, then finds nothing new and is told so."""

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection

from metrohub.core.errors import DomainError
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance.dues import services as dues
from metrohub.finance.models import DuesRun, Invoice
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time; the row lock under test is PostgreSQL's.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_issuing_at_once_make_one_set_of_invoices(monkeypatch):
    # given a fee for all full members and three members
    dues.fee_create(actor=SYSTEM, year=2031, category="full", amount=Money(Decimal("9000"), "EUR"))
    for n in range(3):
        MembershipFactory(organisation=OrganisationFactory(name=f"Race Member {n}", slug=f"race-member-{n}"))
    staff = [make_user("finance", username="race-a"), make_user("finance", username="race-b")]
    # and a preview slow enough that the first issuing still holds the lock when the second asks
    slow_preview = dues.dues_preview

    def preview(year):
        found = slow_preview(year)
        time.sleep(0.5)
        return found

    monkeypatch.setattr(dues, "dues_preview", preview)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def issue(actor):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            dues.dues_issue(
                actor=actor, year=2031, issued_on=dt.date(2031, 1, 10), due_on=dt.date(2031, 3, 31)
            )
            outcomes.append("issued")
        except DomainError as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()  # each thread had its own connection

    # when both issue at the same moment, from two connections
    threads = [threading.Thread(target=issue, args=(actor,)) for actor in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # then one set of invoices was issued, and the second was told why it issued nothing
    assert Invoice.objects.filter(year=2031).count() == 3
    assert DuesRun.objects.filter(year=2031).count() == 1
    assert outcomes.count("issued") == 1
    (refused,) = [outcome for outcome in outcomes if outcome != "issued"]
    assert refused.startswith("Nothing new to issue: the dues of 2031 were issued on ")
