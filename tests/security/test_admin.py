"""Finding 12c: the Django admin changed records that services guard — a tranche above its grant,
a membership period rewritten — bypassing their rules and their history. An administrator,
logged in through the real login form, posts the admin's own change forms: each is refused
and nothing changes.
"""

import secrets
from html.parser import HTMLParser

GRANT = """
from decimal import Decimal
import datetime as dt
from metrohub.calls import services as calls
from metrohub.calls.tests.factories import make_application, make_call
from metrohub.calls.workflow import Status
from metrohub.core.permissions import SYSTEM
from metrohub.fund import services as fund
from metrohub.fund.tests.factories import make_fund
from metrohub.network.models import Organisation
from metrohub.network.tests.factories import OrganisationFactory
from tests.security.seed import city
donor = OrganisationFactory(name="Donor " + tag, slug="donor-" + tag, kind=Organisation.Kind.PARTNER)
call = make_call(fund=make_fund(donor=donor, name="Fund " + tag), max_amount=100_000, title="Call " + tag)
application = make_application(call, city("dakar"), status=Status.IN_REVIEW)
application = calls.application_transition(actor=SYSTEM, application=application, step="select")
grant = fund.grant_award(actor=SYSTEM, application=application, amount=Decimal("50000"))
tranche = fund.tranche_add(actor=SYSTEM, grant=grant, amount=Decimal("20000"), due_on=dt.date(2025, 3, 1))
result = {"grant": grant.pk, "tranche": tranche.pk}
"""

TRANCHES = """
from metrohub.fund.models import Tranche
result = [[str(t.amount), str(t.due_on), t.history.count()] for t in Tranche.objects.filter(grant_id=grant)]
"""

PERIODS = """
from metrohub.network.models import MembershipPeriod
from tests.security.seed import city
membership = city("dakar").membership
result = {
    "membership": membership.pk,
    "periods": [[p.pk, p.category, p.status, str(p.start), str(p.end), p.history.count()]
                for p in MembershipPeriod.objects.filter(membership=membership).order_by("pk")],
    "history": [h.history_id for h in MembershipPeriod.history.filter(membership_id=membership.pk)],
}
"""


class FormFields(HTMLParser):
    """The fields a browser would send from the page's forms (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields[name] = attrs.get("value", "on")
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_of(page) -> dict:
    parser = FormFields()
    parser.feed(page.text)
    parser.fields.pop("csrfmiddlewaretoken", None)
    return parser.fields


def admin_browser(site):
    browser = site.browser()
    browser.login(site.user("admin"))
    return browser


def test_the_admin_cannot_put_a_tranche_above_its_grant(site):
    # given a grant of 50 000 with a tranche of 20 000, and an administrator
    made = site.run(GRANT, tag=secrets.token_hex(3))
    before = site.run(TRANCHES, grant=made["grant"])
    assert before[0][0] == "20000.00"
    browser = admin_browser(site)
    path = f"/admin/fund/grant/{made['grant']}/change/"
    page = browser.get(path)
    assert page.status_code == 200  # the admin may look
    # when the administrator posts the grant's form with the tranche at 900 000
    data = {
        **form_of(page),
        "tranches-TOTAL_FORMS": "1",
        "tranches-INITIAL_FORMS": "1",
        "tranches-0-id": str(made["tranche"]),
        "tranches-0-grant": str(made["grant"]),
        "tranches-0-amount": "900000",
        "tranches-0-due_on": "2025-03-01",
    }
    posted = browser.submit(path, data)
    # and the tranche's own change form, if there is one
    tranche_path = f"/admin/fund/tranche/{made['tranche']}/change/"
    changes = {"grant": made["grant"], "amount": "900000", "due_on": "2025-03-01"}
    tranche = browser.submit(tranche_path, changes)
    # then both are refused and nothing changed, not even the history
    assert posted.status_code == 403, posted.status_code
    assert tranche.status_code in (403, 404), tranche.status_code
    assert site.run(TRANCHES, grant=made["grant"]) == before
    assert site.server_errors() == []


def test_the_admin_cannot_rewrite_a_membership_period(site):
    # given Dakar's open membership period (full, active), and an administrator
    before = site.run(PERIODS)
    period = before["periods"][0]
    assert period[1:3] == ["full", "active"]
    browser = admin_browser(site)
    path = f"/admin/network/membership/{before['membership']}/change/"
    page = browser.get(path)
    assert page.status_code == 200
    # when the administrator rewrites it as an associate, withdrawn period through the membership
    # form, its own form, and the "revert" form of its history page
    data = {
        **form_of(page),
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "1",
        "periods-0-id": str(period[0]),
        "periods-0-membership": str(before["membership"]),
        "periods-0-category": "associate",
        "periods-0-status": "withdrawn",
    }
    answers = [browser.submit(path, data)]
    changes = {"membership": before["membership"], "category": "associate", "status": "withdrawn"}
    answers.append(browser.submit(f"/admin/network/membershipperiod/{period[0]}/change/", changes))
    history = before["history"][0]
    period_admin = f"/admin/network/membershipperiod/{period[0]}"
    answers.append(browser.submit(f"{period_admin}/history/{history}/", changes))
    answers.append(
        browser.submit(f"/admin/network/membership/{before['membership']}/delete/", {"post": "yes"})
    )
    # then every one is refused and nothing changed
    assert [answer.status_code for answer in answers] == [403, 403, 403, 403]
    assert site.run(PERIODS) == before
    assert site.server_errors() == []
