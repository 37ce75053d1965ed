"""The sign-up cannot be turned into a mail cannon nor rewrite someone's pending request."""

import pytest
from django.core.cache import cache

from metrohub.comms import services
from metrohub.comms.models import Subscriber
from metrohub.core.throttle import Throttled

pytestmark = pytest.mark.django_db
BASE = "http://testserver/"


def sign_up(email, name="", wording="I agree", method="form"):
    return services.subscriber_subscribe(
        email=email, name=name, consent_wording=wording, method=method, base_url=BASE
    )


def test_one_confirmation_mail_per_address_per_period(locmem_mail, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up("ana@example.org", "Ana")
    assert len(locmem_mail) == 1
    # a second sign-up of the same address, however it is spelt, is refused and sends nothing
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Throttled, match="a short while ago"),
    ):
        sign_up(" ANA@example.org ", "Mallory")
    assert len(locmem_mail) == 1


def test_the_limit_does_not_tell_whether_an_address_is_subscribed(locmem_mail):
    Subscriber.objects.create(email="known@example.org", status="confirmed")
    sign_up("known@example.org")
    sign_up("unknown@example.org")
    # the second try of each is refused alike: the answer depends on the sign-ups, not the records
    for email in ("known@example.org", "unknown@example.org"):
        with pytest.raises(Throttled, match="A confirmation mail was sent to this address a short while ago"):
            sign_up(email)


def test_a_pending_request_is_never_rewritten_only_sent_again(
    locmem_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up("ana@example.org", "Ana", wording="the first wording", method="first page")
    cache.clear()  # the period has passed
    # when someone signs the same address up again with another name and wording
    with django_capture_on_commit_callbacks(execute=True):
        sign_up("ana@example.org", "=HYPERLINK(1)", wording="other wording", method="other page")
    # then the request is as it was, and a second confirmation mail went out
    ana = Subscriber.objects.get()
    assert (ana.name, ana.consent_wording, ana.consent_method, ana.status) == (
        "Ana",
        "the first wording",
        "first page",
        "pending",
    )
    assert len(locmem_mail) == 2


def test_someone_who_unsubscribed_can_ask_again(locmem_mail):
    Subscriber.objects.create(email="ana@example.org", name="Old", status="unsubscribed")
    sign_up("ana@example.org", "Ana", wording="new wording")
    ana = Subscriber.objects.get()
    assert (ana.status, ana.name, ana.consent_wording) == ("pending", "Ana", "new wording")
