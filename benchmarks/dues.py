"""How fast the year's dues are issued for 10,000 members, the mail tasks' enqueuing included.

    .venv/bin/python benchmarks/dues.py [--members 10000] [--database-url URL] [--rounds 3]

Without --database-url the script works on a fresh SQLite file in a temporary directory (removed
at the end). With --database-url (e.g. postgres://postgres@127.0.0.1:5432/mh_bench) it migrates
and fills that database, which must be empty (it refuses one that holds organisations) and keeps
the data afterwards.

It generates the members deterministically (random.Random(2025)), all labelled synthetic: cities
of 200,000 to 20 million inhabitants (a few without a population on record), in every region,
speaking English, French or Spanish, full or associate members; and a synthetic fee schedule by
category, region and population band. Then, for each round (a new year each, so each issues every
invoice again), it times the preview (what the page shows before confirming) and the issuing as
the confirmation runs it: the invoices with their history, in one transaction, and the mail tasks
enqueued on commit (one task per 500 invoices, in django-tasks' database queue); it counts the SQL
queries of each. It prints a table and writes benchmarks/results/dues.json. The target is 10 s for
the issuing; the script says whether it is met and never fails on a duration.
"""

import argparse
import datetime as dt
import platform
import random
import shutil
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file: `benchmarks` and `metrohub` come from the checkout

from benchmarks.common import database, django_on, machine, staff_user, write_json  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "dues.json"
TARGET_SECONDS = 10
SEED = 2025
BATCH = 2000
FIRST_YEAR = 2031


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=10_000, help="how many to generate (10000)")
    parser.add_argument("--database-url", help="an EMPTY database to use instead of a fresh SQLite file")
    parser.add_argument("--rounds", type=int, default=3, help="years issued, one measured issuing each (3)")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"where the JSON goes ({RESULTS})")
    return parser.parse_args()


def generate(count: int) -> dict:
    """`count` synthetic member organisations, each with one open active membership period."""
    from django.db import connection, transaction

    from metrohub.core.models import Region
    from metrohub.network.models import Membership, MembershipPeriod, Organisation

    rng = random.Random(SEED)
    regions = list(Region.objects.order_by("order"))
    started = time.perf_counter()
    with transaction.atomic():
        organisations = [
            Organisation(
                name=f"Synthetic Member {n:05d}",
                slug=f"synthetic-member-{n:05d}",
                kind=Organisation.Kind.CITY,
                region=rng.choice(regions),
                population=None if rng.random() < 0.02 else int(10 ** rng.uniform(5.3, 7.3)),
                language=rng.choices(["en", "fr", "es"], [50, 25, 25])[0],
                source="benchmarks/dues.py",
                synthetic=True,
            )
            for n in range(1, count + 1)
        ]
        Organisation.objects.bulk_create(organisations, batch_size=BATCH)
        ids = list(Organisation.objects.filter(synthetic=True).values_list("pk", flat=True))
        Membership.objects.bulk_create(
            [Membership(organisation_id=pk, joined_year=2000, source="benchmarks/dues.py") for pk in ids],
            batch_size=BATCH,
        )
        MembershipPeriod.objects.bulk_create(
            [
                MembershipPeriod(
                    membership_id=membership_id,
                    category=rng.choices(["full", "associate"], [85, 15])[0],
                    status="active",
                    start=dt.date(2000, 1, 1),
                    source="benchmarks/dues.py",
                )
                for membership_id in Membership.objects.values_list("pk", flat=True)
            ],
            batch_size=BATCH,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"members": len(ids), "seconds": round(time.perf_counter() - started, 1)}


def fee_schedule(year: int) -> int:
    """A synthetic schedule: a flat fee per category, and per region a fee for each population band."""
    from metrohub.core.models import Region
    from metrohub.core.money import Money
    from metrohub.core.permissions import SYSTEM
    from metrohub.finance.dues.services import fee_create
    from metrohub.finance.models import PopulationBand

    made = 0
    for category, flat in (("full", "8000"), ("associate", "3000")):
        fee_create(
            actor=SYSTEM, year=year, category=category, amount=Money(Decimal(flat), "EUR"), synthetic=True
        )
        made += 1
    for step, region in enumerate(Region.objects.order_by("order")):
        currency = "USD" if region.code in {"north-america", "latin-america-caribbean"} else "EUR"
        for band_step, band in enumerate(PopulationBand.values):
            amount = Decimal(5000 + 1000 * step + 4000 * band_step)
            fee_create(
                actor=SYSTEM,
                year=year,
                category="full",
                region=region,
                population_band=band,
                amount=Money(amount, currency),
                synthetic=True,
            )
            made += 1
    return made


def main() -> None:
    args = parse_args()
    tmp = django_on(args.database_url, prefix="metrohub-bench-dues-")
    try:
        import django
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django_tasks_db.models import DBTaskResult

        from metrohub.finance.dues.selectors import dues_preview
        from metrohub.finance.dues.services import dues_issue
        from metrohub.finance.models import Invoice
        from metrohub.network.models import Organisation

        call_command("migrate", verbosity=0, interactive=False)
        if Organisation.objects.exists():
            raise SystemExit("The database already holds organisations: give the benchmark an empty one.")
        db = database()
        print(f"Generating {args.members} synthetic members on {db['vendor']} {db['version']} …")
        generated = generate(args.members)
        print(f"  {generated['members']} members in {generated['seconds']} s")
        finance = staff_user(username="benchmark-finance", group="finance")
        this_machine = machine()
        rounds = []
        for year in range(FIRST_YEAR, FIRST_YEAR + args.rounds):
            fees = fee_schedule(year)
            tasks_before = DBTaskResult.objects.count()
            with CaptureQueriesContext(connection) as preview_queries:
                started = time.perf_counter()
                preview = dues_preview(year)
                preview_seconds = time.perf_counter() - started
            with CaptureQueriesContext(connection) as issue_queries:
                started = time.perf_counter()
                run = dues_issue(
                    actor=finance,
                    year=year,
                    issued_on=dt.date(year, 1, 15),
                    due_on=dt.date(year, 3, 31),
                    synthetic=True,
                )
                issue_seconds = time.perf_counter() - started
            rounds.append(
                {
                    "year": year,
                    "fee_rules": fees,
                    "preview_seconds": round(preview_seconds, 3),
                    "preview_queries": len(preview_queries.captured_queries),
                    "issue_seconds": round(issue_seconds, 3),
                    "issue_queries": len(issue_queries.captured_queries),
                    "invoices": run.invoices,
                    "no_fee_rule": len(preview.no_rule),
                    "mail_tasks_enqueued": DBTaskResult.objects.count() - tasks_before,
                }
            )
            print(
                f"  {year}: preview {preview_seconds:.2f} s ({rounds[-1]['preview_queries']} queries),"
                f" issue {issue_seconds:.2f} s ({rounds[-1]['issue_queries']} queries),"
                f" {run.invoices} invoices, {len(preview.no_rule)} without a rule,"
                f" {rounds[-1]['mail_tasks_enqueued']} mail tasks"
            )
        issue_p50 = statistics.median(r["issue_seconds"] for r in rounds)
        result = {
            "members": generated["members"],
            "synthetic": True,
            "machine": this_machine,
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "django": django.get_version(),
            "debug": settings.DEBUG,
            "database": db,
            "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "rounds": rounds,
            "issue_seconds_median": round(issue_p50, 3),
            "invoices_total": Invoice.objects.count(),
            "target_seconds": TARGET_SECONDS,
        }
        verdict = "meets" if issue_p50 <= TARGET_SECONDS else "MISSES"
        print(
            f"\nIssuing the year's dues for {generated['members']} members (mail tasks enqueued):"
            f" median {issue_p50:.2f} s over {len(rounds)} rounds — {verdict} the {TARGET_SECONDS} s target."
            f" {db['vendor']} {db['version']} · DEBUG={settings.DEBUG}"
            f" · load {this_machine['load_average_1min']}"
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
