"""The calls' and fund's metrics count real records only, never synthetic ones."""

import datetime as dt
from decimal import Decimal

import time_machine
from django.core.management import call_command

from metrohub.calls.tests.factories import make_application
from metrohub.calls.workflow import Status
from metrohub.core.metrics import REGISTRY
from metrohub.fund import services


def test_grants_and_selections_are_counted_in_their_year(fund_call, city, finance_staff):
    with time_machine.travel(dt.datetime(2025, 5, 1, 12, tzinfo=dt.UTC), tick=False):
        fund_call.opens_at = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
        fund_call.closes_at = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
        fund_call.save()
        application = make_application(fund_call, city, status=Status.SELECTED)
        grant = services.grant_award(actor=finance_staff, application=application, amount=Decimal("60000"))
        services.tranche_add(
            actor=finance_staff,
            grant=grant,
            amount=Decimal("20000"),
            due_on=dt.date(2025, 5, 1),
            paid_on=dt.date(2025, 5, 1),
        )
    figures = {
        key: REGISTRY[key].compute(2025).value for key in REGISTRY if key.startswith(("fund.", "calls."))
    }
    assert figures["calls.applications"] == 1
    assert figures["calls.selections"] == 1
    assert figures["fund.grants"] == 1
    assert figures["fund.committed"] == 60_000
    assert figures["fund.disbursed"] == 20_000
    assert REGISTRY["fund.grants"].compute(2024).value == 0


def test_the_reminder_command_reports_what_it_sent(fund_call, city, finance_staff, capsys):
    application = make_application(fund_call, city, status=Status.SELECTED)
    grant = services.grant_award(actor=finance_staff, application=application, amount=Decimal("1000"))
    services.report_add(actor=finance_staff, grant=grant, title="Report", due_on=dt.date(2000, 1, 1))
    call_command("fund_reminders")
    assert "sent 0 reminder(s)" in capsys.readouterr().out  # no focal point with an email address
    grant.reports.get().refresh_from_db()
    assert grant.reports.get().reminded_on is not None
