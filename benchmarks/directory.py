"""How fast the registry's directory answers with 10,000 organisations.

    .venv/bin/python benchmarks/directory.py [--organisations 10000] [--database-url URL]

Without --database-url the script works on a fresh SQLite file in a temporary directory (removed
at the end). With --database-url (e.g. postgres://postgres@127.0.0.1:5432/mh_bench) it migrates
and fills that database, which must be empty: the script refuses one that already holds
organisations, and leaves the data there afterwards.

It generates the organisations deterministically (random.Random(2024)), then times the pages as
a user gets them: each through django.test.Client (the whole middleware stack, templates
included), 5 warm-up rounds then 50 measured rounds of one request per page, and once more,
apart, to count the SQL queries.
With --http (the default) the same pages are timed again over real HTTP against Django's
threaded development server. It prints a table and writes benchmarks/results/directory.json.

The target for the staff directory's first page is 150 ms (p50); the script says whether it is
met and never fails on a duration.
"""

import argparse
import csv
import datetime as dt
import http.client
import platform
import random
import shutil
import statistics
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file: `benchmarks` and `metrohub` come from the checkout

from benchmarks.common import (  # noqa: E402
    database,
    django_on,
    full_login,
    machine,
    percentile,
    staff_user,
    write_json,
)

RESULTS = Path(__file__).resolve().parent / "results" / "directory.json"
TARGET_FIRST_PAGE_MS = 150
SEED = 2024
BATCH = 1000

# (name, URL, who asks): "staff" is a logged-in membership user, "anonymous" nobody.
PAGES = [
    ("directory", "/registry/", "staff"),
    ("directory_asia_by_population", "/registry/?region=asia&sort=-population", "staff"),
    ("directory_search", "/registry/?q=city+0123", "staff"),
    ("directory_page_200", "/registry/?page=200", "staff"),
    ("public_members", "/members/", "anonymous"),
    ("api_organisations", "/api/v1/organisations?limit=50", "anonymous"),
]
FIRST_PAGE = "directory"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organisations", type=int, default=10_000, help="how many to generate (10000)")
    parser.add_argument(
        "--database-url", help="an EMPTY database to use instead of a fresh SQLite file (it is migrated)"
    )
    parser.add_argument(
        "--requests", type=int, default=50, help="measured rounds, one request per page each (50)"
    )
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured rounds first (5)")
    parser.add_argument(
        "--http", action=argparse.BooleanOptionalAction, default=True, help="also time over real HTTP"
    )
    parser.add_argument(
        "--figures",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="add the 2024 declared figures, as a loaded site has (the directory computes them)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"where the JSON goes ({RESULTS})")
    return parser.parse_args()


def generate(count: int, *, figures: bool) -> dict:
    """`count` synthetic organisations, ~90% of them members with one open period, and their aliases."""
    import pycountry
    from django.db import connection, transaction

    from metrohub.core.models import DeclaredFigure, Region
    from metrohub.core.text import normalise_name
    from metrohub.network.models import Membership, MembershipPeriod, Organisation, OrganisationAlias

    rng = random.Random(SEED)
    regions = list(Region.objects.order_by("order"))
    countries = sorted(country.alpha_2 for country in pycountry.countries)
    kinds = list(Organisation.Kind.values)
    kind_weights = [70, 10, 8, 7, 5]
    categories = list(MembershipPeriod.Category.values)
    statuses = list(MembershipPeriod.Status.values)
    status_weights = [80, 8, 7, 5]

    started = time.perf_counter()
    with transaction.atomic():
        organisations = []
        for n in range(1, count + 1):
            name = f"Synthetic City {n:05d}"
            organisations.append(
                Organisation(
                    name=name,
                    slug=f"synthetic-city-{n:05d}",
                    kind=rng.choices(kinds, kind_weights)[0],
                    country=rng.choice(countries),
                    region=rng.choice(regions),
                    population=None if rng.random() < 0.05 else int(10 ** rng.uniform(4, 7.5)),
                    latitude=Decimal(f"{rng.uniform(-60, 70):.5f}"),
                    longitude=Decimal(f"{rng.uniform(-180, 180):.5f}"),
                    source="benchmarks/directory.py",
                    synthetic=True,
                )
            )
        Organisation.objects.bulk_create(organisations, batch_size=BATCH)
        ids = dict(Organisation.objects.filter(synthetic=True).values_list("slug", "pk"))
        OrganisationAlias.objects.bulk_create(
            [
                OrganisationAlias(organisation_id=ids[o.slug], name=o.name, key=normalise_name(o.name))
                for o in organisations
            ],
            batch_size=BATCH,
        )
        memberships = [
            Membership(organisation_id=ids[o.slug], joined_year=rng.randint(1985, 2024), source=o.source)
            for o in organisations
            if rng.random() < 0.9
        ]
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        membership_ids = dict(Membership.objects.values_list("organisation_id", "pk"))
        MembershipPeriod.objects.bulk_create(
            [
                MembershipPeriod(
                    membership_id=membership_ids[m.organisation_id],
                    category=rng.choices(categories, [80, 20])[0],
                    status=rng.choices(statuses, status_weights)[0],
                    start=dt.date(m.joined_year, 1, 1),
                    source=m.source,
                )
                for m in memberships
            ],
            batch_size=BATCH,
        )
        declared = 0
        if figures:
            path = ROOT / "metrohub" / "datasets" / "2024" / "declared.csv"
            with path.open(encoding="utf-8") as file:
                for row in csv.DictReader(file):
                    DeclaredFigure.objects.create(
                        key=row["key"],
                        period=int(row["period"]),
                        value=Decimal(row["value"]),
                        unit=row["unit"],
                        label=row["label"],
                        document="Metropolis Annual Report 2024",
                        section=row["section"],
                    )
                    declared += 1
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would gather soon after such a load; SQLite is left as
        # Django leaves it (no ANALYZE), as a deployed SQLite file would be.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "organisations": Organisation.objects.count(),
        "members": len(memberships),
        "declared_figures": declared,
        "seconds": round(time.perf_counter() - started, 1),
    }


def summary(samples: tuple[list[float], list[float]], queries: int) -> dict:
    """Wall-clock percentiles, and the median CPU time this process spent (a PostgreSQL server's
    work is not in it): less swayed by other work on the machine than the wall clock."""
    wall_ms = [s * 1000 for s in samples[0]]
    p95 = percentile(wall_ms, 95, method="inclusive")
    return {
        "p50_ms": round(statistics.median(wall_ms), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(max(wall_ms), 1),
        "queries": queries,
        "cpu_p50_ms": round(statistics.median(samples[1]) * 1000, 1),
    }


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200")
    return body


def timed_rounds(get, *, requests: int, warmup: int) -> dict[str, tuple[list[float], list[float]]]:
    """Round after round, one request to each page, so that a burst of other work on the machine
    spreads over every page instead of landing on one."""
    for _ in range(warmup):
        for _name, url, who in PAGES:
            get(url, who)
    samples = {name: ([], []) for name, _, _ in PAGES}
    for _ in range(requests):
        for name, url, who in PAGES:
            started, cpu_started = time.perf_counter(), time.process_time()
            get(url, who)
            samples[name][0].append(time.perf_counter() - started)
            samples[name][1].append(time.process_time() - cpu_started)
    return samples


def measure_client(clients: dict, *, requests: int, warmup: int) -> dict:
    """Each page through django.test.Client, then once more, apart, to count its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples = timed_rounds(lambda url, who: fetch(clients[who], url), requests=requests, warmup=warmup)
    results = {}
    for name, url, who in PAGES:
        with CaptureQueriesContext(connection) as ctx:
            fetch(clients[who], url)
        results[name] = {"url": url, **summary(samples[name], len(ctx))}
    return results


def measure_http(clients: dict, queries: dict, *, requests: int, warmup: int) -> dict:
    """The same pages over HTTP, against Django's threaded development server on a free port.

    That server closes the thread's database connections after each request, so every request
    here also opens a database connection (as with CONN_MAX_AGE=0)."""
    from django.conf import settings
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    session = clients["staff"].cookies[settings.SESSION_COOKIE_NAME].value
    cookies = {"staff": f"{settings.SESSION_COOKIE_NAME}={session}", "anonymous": ""}

    def get(url: str, who: str) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=60)
        connection.request("GET", url, headers={"Cookie": cookies[who]} if cookies[who] else {})
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            raise SystemExit(f"HTTP {url} answered {response.status}, not 200")

    try:
        samples = timed_rounds(get, requests=requests, warmup=warmup)
    finally:
        server.shutdown()
        server.server_close()
    return {name: {"url": url, **summary(samples[name], queries[name]["queries"])} for name, url, _ in PAGES}


def print_table(title: str, pages: dict) -> None:
    print(f"\n{title}")
    print(f"  {'page':<30} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8} {'cpu ms':>8}  url")
    for name, row in pages.items():
        print(
            f"  {name:<30} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['max_ms']:>8.1f}"
            f" {row['queries']:>8} {row['cpu_p50_ms']:>8.1f}  {row['url']}"
        )


def main() -> None:
    args = parse_args()
    tmp = django_on(args.database_url, prefix="metrohub-bench-")
    try:
        import django
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        from metrohub.network.models import Organisation

        call_command("migrate", verbosity=0, interactive=False)
        if Organisation.objects.exists():
            raise SystemExit("The database already holds organisations: give the benchmark an empty one.")
        db = database()
        print(f"Generating {args.organisations} organisations on {db['vendor']} {db['version']} …")
        generated = generate(args.organisations, figures=args.figures)
        print(
            f"  {generated['organisations']} organisations, {generated['members']} members, "
            f"{generated['declared_figures']} declared figures, in {generated['seconds']} s"
        )

        this_machine = machine()
        staff = Client()
        full_login(staff, staff_user(username="benchmark-membership", group="membership"))
        clients = {"staff": staff, "anonymous": Client()}
        pages = measure_client(clients, requests=args.requests, warmup=args.warmup)
        http_pages = (
            measure_http(clients, pages, requests=args.requests, warmup=args.warmup) if args.http else {}
        )

        result = {
            "organisations": generated["organisations"],
            "members": generated["members"],
            "declared_figures": generated["declared_figures"],
            "machine": this_machine,
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "django": django.get_version(),
            "debug": settings.DEBUG,
            "database": db,
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "requests": args.requests,
            "warmup": args.warmup,
            "pages": pages,
            "http_pages": http_pages,
            "target_first_page_ms": TARGET_FIRST_PAGE_MS,
            "first_page_p50_ms": pages[FIRST_PAGE]["p50_ms"],
        }

        print(
            f"\n{result['organisations']} organisations · {db['vendor']} {db['version']}"
            f" · Python {platform.python_version()} · Django {result['django']} · DEBUG={settings.DEBUG}"
        )
        m = result["machine"]
        print(
            f"{m['platform']} · {m['machine']} · {m['cpu_count']} CPUs · {m['cpu']}"
            f" · load {m['load_average_1min']} when measuring began"
        )
        print_table(
            f"django.test.Client: {args.requests} rounds of one request per page, after {args.warmup}"
            " warm-up rounds",
            pages,
        )
        if http_pages:
            print_table(
                "HTTP, threaded development server (a new database connection per request)", http_pages
            )
        first = result["first_page_p50_ms"]
        verdict = "meets" if first <= TARGET_FIRST_PAGE_MS else "MISSES"
        print(
            f"\nThe directory's first page: p50 {first:.1f} ms — {verdict}"
            f" the {TARGET_FIRST_PAGE_MS} ms target."
        )

        write_json(args.output, result)
        print(f"Written to {args.output}")
    finally:
        if tmp is not None:
            from django.db import connections

            connections.close_all()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
