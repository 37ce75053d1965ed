"""Finding 10: abuse without limits. The newsletter sign-up queued any number of confirmation
mails to any address and rewrote a pending subscriber's name and consent; a focal point could post
any number of anonymous survey answers; the anonymous API had no limit. Each now answers 429 with
its message past its limit.

These tests run on a site of their own, behind one declared proxy (METROHUB_TRUSTED_PROXIES=1) so
that each test is a different client by its X-Forwarded-For, with small limits, and one gunicorn
worker: the counts live in the cache, which is one process's memory until the cache is shared.
"""

import pytest

CLIENT_RATE = 3  # newsletter sign-ups per client and hour on this site
API_RATE = 5  # anonymous API calls per client and minute on this site


@pytest.fixture(scope="module")
def throttled_site(site_factory):
    live = site_factory(
        "throttles",
        start=False,
        METROHUB_TRUSTED_PROXIES="1",
        METROHUB_NEWSLETTER_CLIENT_RATE=f"{CLIENT_RATE}/hour",
        METROHUB_API_ANON_RATE=f"{API_RATE}/min",
    )
    live.run("from tests.security.seed import base\nbase()")
    live.start(workers=1)
    return live


def sign_up(browser, email: str, name: str):
    return browser.submit("/comms/newsletter/subscribe/", {"email": email, "name": name, "consent": "on"})


SUBSCRIBER = """
from django_tasks_db.models import DBTaskResult
from metrohub.comms.models import Subscriber
s = Subscriber.objects.get(email=email)
mails = DBTaskResult.objects.filter(task_path="metrohub.comms.tasks.send_confirmation")
result = {
    "name": s.name, "status": s.status, "consent_method": s.consent_method,
    "mails": sum(1 for m in mails if m.args_kwargs["kwargs"].get("subscriber_id") == s.pk),
}
"""


def test_one_confirmation_mail_per_address_and_a_pending_subscriber_is_not_rewritten(throttled_site):
    # given someone who signed up from their own address
    owner = throttled_site.browser(forwarded_for="203.0.113.10")
    assert sign_up(owner, "awa@dakar.example", "Awa Ndiaye").status_code == 200
    before = throttled_site.run(SUBSCRIBER, email="awa@dakar.example")
    assert before["name"] == "Awa Ndiaye" and before["status"] == "pending" and before["mails"] == 1
    # when someone else signs the same address up again, with another name
    attacker = throttled_site.browser(forwarded_for="198.51.100.66")
    again = sign_up(attacker, "AWA@dakar.example", '=HYPERLINK("http://evil.example","click")')
    # then it is refused with its reason, no mail is queued, and the subscriber is as they were
    assert again.status_code == 429, again.text[:500]
    assert "A confirmation mail was sent to this address a short while ago" in again.text
    assert int(again.headers["Retry-After"]) > 0
    assert throttled_site.run(SUBSCRIBER, email="awa@dakar.example") == before
    assert throttled_site.server_errors() == []


def test_sign_ups_from_one_client_are_limited_and_others_go_on(throttled_site):
    # given a client that signs up as many addresses as it may in an hour
    flooder = throttled_site.browser(forwarded_for="203.0.113.20")
    for n in range(CLIENT_RATE):
        assert sign_up(flooder, f"victim{n}@example.org", "").status_code == 200
    # when it signs up one more
    refused = sign_up(flooder, "one-more@example.org", "")
    # then it is refused with its reason, and that address was not written
    assert refused.status_code == 429
    assert "Too many sign-ups from your address: try again in an hour." in refused.text
    assert (
        throttled_site.run(
            "from metrohub.comms.models import Subscriber\n"
            "result = Subscriber.objects.filter(email='one-more@example.org').exists()"
        )
        is False
    )
    # and another client is not held back by it
    other = throttled_site.browser(forwarded_for="203.0.113.21")
    assert sign_up(other, "someone@example.org", "Someone").status_code == 200


def test_the_anonymous_api_is_limited_per_client(throttled_site):
    # given an anonymous client that has used its calls for the minute
    scraper = throttled_site.browser(forwarded_for="203.0.113.30")
    for _ in range(API_RATE):
        assert scraper.get("/api/v1/organisations").status_code == 200
    # when it calls once more
    refused = scraper.get("/api/v1/organisations")
    # then it gets 429 with a JSON message and when to come back
    assert refused.status_code == 429
    assert refused.headers["Content-Type"].startswith("application/json")
    assert refused.json()["detail"].startswith("Too many requests from your address: try again in")
    assert int(refused.headers["Retry-After"]) > 0
    # and another client still gets its answers
    assert (
        throttled_site.browser(forwarded_for="203.0.113.31").get("/api/v1/organisations").status_code == 200
    )


SURVEY = """
from metrohub.network.models import Organisation
from metrohub.programs.models import CohortMember, Lab, Question, Survey
lab = Lab.objects.create(title="Throttle Lab", year=2024, source="test")
CohortMember.objects.create(lab=lab, organisation=Organisation.objects.get(slug="dakar"), role="learner")
survey = Survey.objects.create(lab=lab)
question = Question.objects.create(survey=survey, text="Overall?", kind="scale", order=1)
result = {"lab": lab.pk, "question": question.pk, "survey": survey.pk}
"""

ANSWERS = """
from metrohub.programs.models import Response
result = Response.objects.filter(survey_id=survey).count()
"""


def test_a_focal_point_answers_a_survey_once_even_anonymously(throttled_site):
    # given a lab Dakar took part in, its survey, and Dakar's focal point logged in
    made = throttled_site.run(SURVEY)
    focal = throttled_site.user("focal_point", organisation="dakar")
    browser = throttled_site.browser(forwarded_for="203.0.113.40")
    browser.login(focal)
    path = f"/programs/labs/{made['lab']}/survey/answer/"
    answer = {f"score_{made['question']}": "5", "anonymous": "on"}
    # when they answer anonymously, then try again (and again, named)
    first = browser.submit(path, answer)
    second = browser.submit(path, answer)
    third = browser.submit(path, {f"score_{made['question']}": "5"})
    # then the first is recorded, the others refused with their reason; the count grew by one
    assert first.status_code == 302, first.text[:500]
    for again in (second, third):
        assert again.status_code == 429
        assert "You have already answered this survey: one answer sheet per participant." in again.text
    assert throttled_site.run(ANSWERS, survey=made["survey"]) == 1
    # and the page says so when they come back
    assert "You have already answered this survey" in browser.get(path).text
    assert throttled_site.server_errors() == []
