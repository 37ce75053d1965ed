"""Load test: how many concurrent users gunicorn holds with a p95 under 300 ms and no errors.

    .venv/bin/python benchmarks/load/run.py [--users 10,25,50,75,100,125,150,200,300] [--step-seconds 30]
        [--ramp-seconds 5] [--workers N] [--retries 1] [--database-url URL] [--keep]

(`make load` runs it with the defaults.) In one command it:

1. sets up a database: a fresh SQLite file in a temporary directory, or the EMPTY database given
   with --database-url (e.g. postgres://postgres@127.0.0.1:5432/mh_load; the data stay there);
   migrates it, loads the 2024 data set and collects the static files into the temporary
   directory (with their manifest, but without whitenoise's compressed copies, which take
   minutes to make and which no step requests), all under production settings (DJANGO_DEBUG=0,
   a random secret key);
2. creates the accounts the scenario logs in as: membership staff (with a TOTP authenticator,
   as production requires of the secretariat) and focal points, one for each simulated user of
   those kinds, and a database session for each (logging in through the form is not what is
   measured); it writes them, with the organisations' ids and slugs, to the file that
   benchmarks/load/locustfile.py reads;
3. starts gunicorn (config.wsgi, sync workers, 2 × cores + 1 by default) on a free loopback port,
   with plain HTTP (DJANGO_SECURE_SSL_REDIRECT=0), waits for /health/, checks that a staff
   session reaches /registry/ and a focal point's /portal/ lands on their organisation, and
   warms the workers up;
4. runs locust headless, as ONE process, once per user count: the users arrive over
   --ramp-seconds, then stay --step-seconds, each waiting 1–3 s between requests. Latencies
   (p50/p95/p99) and requests/s are measured after the ramp (locust --reset-stats); requests
   and failures count the whole step. It stops at the first step whose p95 reaches 300 ms or
   that has any failure; a step that misses while other work took more than 20% of the machine
   is run once more first (--retries), and both attempts are reported.

It prints a table and writes benchmarks/results/load.json: the most users held with p95 < 300 ms
and no failure, and every step. gunicorn is stopped at the end, on Ctrl-C or on an error, and
its log is searched for server errors. No duration is asserted.

Locust and gunicorn share the machine's cores: the CPU each took during a step is reported
beside the figures.
"""

import argparse
import base64
import datetime as dt
import os
import platform
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a file: `benchmarks` and `metrohub` come from the checkout

from benchmarks.common import free_port, machine, start_gunicorn, stop, wait_for, write_json  # noqa: E402
from benchmarks.load.data import WEIGHTS, prepare, set_up_database  # noqa: E402
from benchmarks.load.measure import run_step  # noqa: E402
from benchmarks.load.server import check_sessions, server_errors, warm_up  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "load.json"
P95_LIMIT_MS = 300
DEFAULT_USERS = [10, 25, 50, 75, 100, 125, 150, 200, 300]
# A step that misses while other work takes more than this share of the machine is run again.
BUSY_PCT = 20


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--users",
        type=lambda text: sorted({int(n) for n in text.split(",") if n.strip()}),
        default=DEFAULT_USERS,
        help="the user counts to step through, comma-separated (10,25,50,75,100,125,150,200,300)",
    )
    parser.add_argument(
        "--step-seconds", type=int, default=30, help="how long each step holds its users (30)"
    )
    parser.add_argument("--ramp-seconds", type=int, default=5, help="over how long the users arrive (5)")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers (2 × cores + 1)"
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=1,
        help=f"run a missed step again, this many times, when other work took over {BUSY_PCT}%% of the"
        " machine during it (1)",
    )
    parser.add_argument(
        "--database-url", help="an EMPTY database to use instead of a fresh SQLite file (it is migrated)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (database, logs, locust CSVs)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"where the JSON goes ({RESULTS})")
    return parser.parse_args()


def production_env(tmp: Path, database_url: str) -> dict[str, str]:
    """The environment of a production server, but on plain HTTP on loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "METROHUB_DEMO": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "METROHUB_FIELD_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "METROHUB_STATIC_ROOT": str(tmp / "static"),
        "METROHUB_MEDIA_ROOT": str(tmp / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        # The load is one client on loopback: the anonymous API's per-client limit would measure itself.
        "METROHUB_API_ANON_RATE": "",
        "PYTHONUNBUFFERED": "1",
    }


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


def print_table(steps: list[dict]) -> None:
    def whole(value):
        return f"{value:.0f}" if value is not None else "-"

    def pct(value):
        return f"{value:.0f}%" if value is not None else "-"

    print(
        f"\n  {'users':>5} {'requests':>9} {'failures':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}"
        f" {'p99 ms':>7} {'CPU ms/req':>10} {'gunicorn':>9} {'database':>9} {'locust':>7} {'other':>6}"
    )
    for step in steps:
        print(
            f"  {step['users']:>5} {step['requests']:>9} {step['failures']:>8} {step['rps']:>7.1f}"
            f" {whole(step['p50_ms']):>7} {whole(step['p95_ms']):>7} {whole(step['p99_ms']):>7}"
            f" {whole(step['server_cpu_ms_per_request']):>10} {pct(step['server_cpu_pct']):>9}"
            f" {pct(step['database_cpu_pct']):>9} {pct(step['locust_cpu_pct']):>7}"
            f" {pct(step['other_cpu_pct']):>6}"
            + ("  (again)" if step.get("attempt", 1) > 1 else "")
            + ("  (locust warned of its CPU)" if step["locust_cpu_warning"] else "")
        )


def step_through(args, tmp: Path, env: dict) -> dict:
    """Set up, serve, and step the users up; gunicorn is stopped however this ends."""
    database_url = env["DATABASE_URL"]
    print(f"Setting up {redact(database_url)} (migrate, load_dataset 2024, collectstatic) …")
    database = set_up_database()
    data_path = tmp / "load-data.json"
    data = prepare(max(args.users), data_path)
    env["METROHUB_LOAD_DATA"] = str(data_path)
    from django.db import connections

    connections.close_all()
    print(
        f"  {database['vendor']} {database['version']}: {database['organisations']} organisations,"
        f" {len(data['member_ids'])} members; {len(data['staff'])} staff and"
        f" {len(data['focal_points'])} focal-point sessions; {database['setup_seconds']} s"
    )

    run = {"database": database, "steps": [], "held": None, "stopped_because": "every step held"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = tmp / "gunicorn.log"
    server = start_gunicorn(
        env=env,
        port=port,
        workers=args.workers,
        options=("--timeout", "60", "--graceful-timeout", "5"),
        log=server_log,
    )
    try:
        wait_for(port, "/health/", process=server, log=server_log)
        check_sessions(base, data)
        warm_up(base, data, args.workers)
        print(f"gunicorn: {args.workers} sync workers on {base}; staff and focal-point sessions checked")
        run["machine"] = machine()
        for users in args.users:
            for attempt in range(1, args.retries + 2):
                print(
                    f"  {users} users: {args.ramp_seconds} s ramp + {args.step_seconds} s …",
                    end="",
                    flush=True,
                )
                step = {**run_step(users, args, base, tmp, env, server), "attempt": attempt}
                run["steps"].append(step)
                print(f" p95 {step['p95_ms']} ms, {step['rps']} req/s, {step['failures']} failures")
                held = not step["failures"] and step["p95_ms"] is not None and step["p95_ms"] < P95_LIMIT_MS
                busy = (step["other_cpu_pct"] or 0) > BUSY_PCT
                if held or not busy or attempt > args.retries or server.poll() is not None:
                    break
                print(f"    other work took {step['other_cpu_pct']:.0f}% of the machine: once more")
            if server.poll() is not None:
                run["stopped_because"] = f"gunicorn exited ({server.returncode}) during the {users}-user step"
                break
            if step["failures"]:
                run["stopped_because"] = f"{step['failures']} failures at {users} users"
                break
            if step["p95_ms"] is None or step["p95_ms"] >= P95_LIMIT_MS:
                run["stopped_because"] = f"p95 {step['p95_ms']} ms ≥ {P95_LIMIT_MS} ms at {users} users"
                break
            run["held"] = users
    except KeyboardInterrupt:
        run["stopped_because"] = "interrupted"
        print("\nInterrupted.")
    finally:
        stop(server, group=True)
        run["server_errors"] = server_errors(server_log)
        if run["server_errors"]:
            args.keep = True  # keep the log, and the database that went with it
            print(f"\n{len(run['server_errors'])} server error line(s) in {server_log}; the first:")
            for line in run["server_errors"][:3]:
                print(f"  {line[:3000]}")
    return run


def report(args, run: dict) -> dict:
    import django

    database, steps, m = run["database"], run["steps"], run["machine"]
    result = {
        "max_users_p95_under_300ms": run["held"],
        "p95_limit_ms": P95_LIMIT_MS,
        "stopped_because": run["stopped_because"],
        "steps": steps,
        "workers": args.workers,
        "worker_class": "sync",
        "database": {"vendor": database["vendor"], "version": database["version"]},
        "organisations": database["organisations"],
        "scenario": {
            "weights": WEIGHTS,
            "think_time_s": [1, 3],
            "ramp_seconds": args.ramp_seconds,
            "step_seconds": args.step_seconds,
            "user_counts": args.users,
        },
        "server_error_lines": len(run["server_errors"]),
        "machine": m,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "django": django.get_version(),
        "gunicorn": metadata.version("gunicorn"),
        "locust": metadata.version("locust"),
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    print(
        f"\n{database['vendor']} {database['version']} · gunicorn {result['gunicorn']}, {args.workers} sync"
        f" workers · locust {result['locust']}, one process · Python {platform.python_version()}"
        f"\n{m['platform']} · {m['machine']} · {m['cpu_count']} CPUs · {m['cpu']}"
    )
    print_table(steps)
    print(
        "  (CPU ms/req: gunicorn's and the database's CPU time per request; the last four: CPU used"
        f" during each step, as a share of the whole machine's {m['cpu_count']}"
        " cores; database = PostgreSQL's backends (SQLite runs inside gunicorn's workers); other ="
        " everything else on the machine)"
    )
    per_request = [step["server_cpu_ms_per_request"] for step in steps if step["server_cpu_ms_per_request"]]
    if per_request:
        result["server_cpu_ms_per_request"] = statistics.median(per_request)
        result["cpu_bound_rps"] = round(1000 * (m["cpu_count"] or 1) / result["server_cpu_ms_per_request"])
        print(
            f"  The server spends about {result['server_cpu_ms_per_request']:.0f} ms of CPU per request:"
            f" {m['cpu_count']} cores alone could serve about {result['cpu_bound_rps']} requests/s."
        )
    # The steps that decide the figure: the last one held and the one that was not.
    busiest = max((step["other_cpu_pct"] or 0 for step in steps[-2:]), default=0)
    if busiest > BUSY_PCT:
        print(
            f"  Other work took up to {busiest:.0f}% of the machine during the last steps: the figure is"
            " lower than the server alone would give; run again on a quiet machine."
        )
    print(
        f"\nMost concurrent users held with p95 < {P95_LIMIT_MS} ms and no failure: {run['held'] or 'none'}"
        f" ({run['stopped_because']})."
    )
    return result


def main() -> None:
    args = parse_args()
    if not args.users:
        raise SystemExit("--users: give at least one user count")
    # A `kill` stops the run as Ctrl-C does: the finally clauses stop gunicorn and clean up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix="metrohub-load-"))
    try:
        env = {**os.environ, **production_env(tmp, args.database_url or f"sqlite:///{tmp / 'load.sqlite3'}")}
        os.environ.update(env)
        run = step_through(args, tmp, env)
        result = report(args, run) if run["steps"] else None
        if run["stopped_because"] == "interrupted":
            print(f"Interrupted: {args.output} is left as it was.")
            raise SystemExit(130)
        write_json(args.output, result, ensure_ascii=False)
        print(f"Written to {args.output}")
    finally:
        if "django" in sys.modules and "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
