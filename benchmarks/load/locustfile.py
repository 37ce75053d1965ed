"""The load scenario: public visitors, secretariat staff and member focal points, 6:3:1.

`benchmarks/load/run.py` prepares a server and the file this reads (METROHUB_LOAD_DATA): the ids
and slugs of the loaded 2024 organisations, and ready-made sessions for staff and focal points
(logging in through the form, with a second factor, is not what is measured here). To aim it at
another server, give it such a file:

    METROHUB_LOAD_DATA=data.json .venv/bin/locust -f benchmarks/load/locustfile.py --host http://...

Every request must answer 200 (a redirect to the login or the second-factor page is a failure);
a focal point's /portal/ must land on their own organisation's page.
"""

import itertools
import json
import os
import random
from collections import Counter
from pathlib import Path
from urllib.parse import quote_plus

from locust import HttpUser, between, events, task

DATA = json.loads(Path(os.environ["METROHUB_LOAD_DATA"]).read_text(encoding="utf-8"))
SESSION_COOKIE = DATA.get("session_cookie", "sessionid")
STAFF_SESSIONS = itertools.cycle(DATA["staff"])
FOCAL_SESSIONS = itertools.cycle(DATA["focal_points"])

# Every request of the run, ramp-up included (locust's own stats restart after the ramp with
# --reset-stats): run.py reads these totals from METROHUB_LOAD_TOTALS when locust quits.
TOTALS = {"requests": 0, "failures": 0, "errors": Counter()}


@events.request.add_listener
def count(name, exception, **kwargs):
    TOTALS["requests"] += 1
    if exception is not None:
        TOTALS["failures"] += 1
        TOTALS["errors"][f"{name}: {exception}"[:300]] += 1


@events.quitting.add_listener
def write_totals(**kwargs):
    if path := os.environ.get("METROHUB_LOAD_TOTALS"):
        totals = {**TOTALS, "errors": dict(TOTALS["errors"].most_common(10))}
        Path(path).write_text(json.dumps(totals, indent=2), encoding="utf-8")


class MetrohubUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def get(self, url: str, name: str | None = None, *, landing: str | None = None, **kwargs) -> None:
        """GET `url`; anything but a 200 (after redirects only when `landing` is given) fails."""
        with self.client.get(
            url, name=name or url, allow_redirects=landing is not None, catch_response=True, **kwargs
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} {where}".strip())
            elif landing is not None and not response.url.endswith(landing):
                response.failure(f"landed on {response.url}, not {landing}")

    def login(self, session_key: str) -> None:
        # Set on the client, with no domain and not Secure: requests sends it over plain HTTP to
        # the loopback server, although production marks its own session cookies Secure.
        self.client.cookies.set(SESSION_COOKIE, session_key)


class PublicVisitor(MetrohubUser):
    """Someone browsing the public directory, the map and the API."""

    weight = 6

    @task(3)
    def home(self):
        self.get("/")

    @task(4)
    def directory(self):
        self.get("/members/")

    @task(2)
    def directory_region(self):
        region = random.choice(DATA["regions"])
        self.get(f"/members/?region={region}", "/members/?region=<region>")

    @task(2)
    def directory_search(self):
        q = quote_plus(random.choice(DATA["search_terms"]))
        self.get(f"/members/?q={q}&sort=-joined", "/members/?q=<q>&sort=-joined")

    @task(4)
    def profile(self):
        self.get(f"/members/{random.choice(DATA['member_slugs'])}/", "/members/<slug>/")

    @task(1)
    def map_data(self):
        self.get("/members/map.json")

    @task(1)
    def api_list(self):
        self.get("/api/v1/organisations?limit=50&region=europe")

    @task(1)
    def api_detail(self):
        self.get(f"/api/v1/organisations/{random.choice(DATA['member_ids'])}", "/api/v1/organisations/<id>")


class Staff(MetrohubUser):
    """A membership officer working the registry."""

    weight = 3

    def on_start(self):
        self.login(next(STAFF_SESSIONS)["session"])

    @task(4)
    def directory(self):
        self.get("/registry/")

    @task(3)
    def directory_filtered(self):
        region = random.choice(DATA["regions"])
        sort = random.choice(["name", "-population", "joined", "status", "country"])
        self.get(f"/registry/?region={region}&sort={sort}", "/registry/?region=<region>&sort=<sort>")

    @task(2)
    def directory_filtered_htmx(self):
        # The filter form swaps the results in with htmx: only the results partial is rendered.
        kind = random.choice(DATA["kinds"])
        status = random.choice(DATA["statuses"])
        self.get(
            f"/registry/?kind={kind}&status={status}",
            "/registry/?kind=<kind>&status=<status> (htmx)",
            headers={"HX-Request": "true"},
        )

    @task(2)
    def directory_search(self):
        self.get(f"/registry/?q={quote_plus(random.choice(DATA['search_terms']))}", "/registry/?q=<q>")

    @task(2)
    def directory_page(self):
        self.get(f"/registry/?page={random.randint(1, DATA['registry_pages'])}", "/registry/?page=<n>")

    @task(5)
    def organisation(self):
        pk = random.choice(DATA["organisation_ids"])
        self.get(f"/registry/organisations/{pk}/", "/registry/organisations/<pk>/")

    @task(1)
    def governance(self):
        self.get("/registry/governance/")

    @task(1)
    def export(self):
        self.get("/registry/organisations.csv?region=africa")


class FocalPoint(MetrohubUser):
    """A member city's focal point looking after their own organisation's page."""

    weight = 1

    def on_start(self):
        account = next(FOCAL_SESSIONS)
        self.login(account["session"])
        self.organisation = account["organisation"]

    @task(3)
    def portal(self):
        self.get("/portal/", landing=f"/registry/organisations/{self.organisation}/")

    @task(1)
    def edit_form(self):
        self.get(f"/registry/organisations/{self.organisation}/edit/", "/registry/organisations/<pk>/edit/")
