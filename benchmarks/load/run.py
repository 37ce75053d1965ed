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
import csv
import datetime as dt
import json
import math
import os
import platform
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LOCUSTFILE = HERE / "locustfile.py"
RESULTS = ROOT / "benchmarks" / "results" / "load.json"
P95_LIMIT_MS = 300
DEFAULT_USERS = [10, 25, 50, 75, 100, 125, 150, 200, 300]
# The locustfile's user classes and their weights (PublicVisitor 6 : Staff 3 : FocalPoint 1).
WEIGHTS = {"PublicVisitor": 6, "Staff": 3, "FocalPoint": 1}
SEED = 2024
# A step that misses while other work takes more than this share of the machine is run again.
BUSY_PCT = 20
MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


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


# --- the database, the accounts and the scenario's data ------------------------------------------


def set_up_database() -> dict:
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    sys.path.insert(0, str(ROOT))
    django.setup()
    from metrohub.network.models import Organisation

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if Organisation.objects.exists():
        raise SystemExit("The database already holds organisations: give the load test an empty one.")
    migrated = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("load_dataset", "2024", verbosity=0, stdout=quiet)
    loaded = time.perf_counter()
    # The manifest that production's storage reads (staticfiles.json), from Django's own manifest
    # storage: whitenoise's gzip and brotli copies of each file take minutes to make on this
    # machine, and the scenario requests pages, not static files.
    from django.test import override_settings

    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    with override_settings(STORAGES=storages):
        call_command("collectstatic", verbosity=0, interactive=False)
    print(
        f"  migrate {migrated - started:.0f} s, load_dataset {loaded - migrated:.0f} s,"
        f" collectstatic {time.perf_counter() - loaded:.0f} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if connection.vendor == "sqlite":
        import sqlite3

        version = sqlite3.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT version()")
            version = str(cursor.fetchone()[0]).split(" ")[0]
    return {
        "vendor": connection.vendor,
        "version": version,
        "organisations": Organisation.objects.count(),
        "setup_seconds": round(time.perf_counter() - started, 1),
    }


def start_session(user) -> str:
    """A logged-in session for `user`, as django.contrib.auth.login would store it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from metrohub.accounts.testing import record_full_login

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    record_full_login(session, user)  # staff reach no page from a session without the second factor
    session.create()
    return session.session_key


def prepare(max_users: int, path: Path) -> dict:
    """Accounts, sessions and the ids, slugs and terms the scenario picks from; written to `path`."""
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.db import transaction

    from metrohub.accounts.models import User
    from metrohub.accounts.roles import Role
    from metrohub.core.models import Region
    from metrohub.network.models import MembershipPeriod, Organisation
    from metrohub.network.selectors import organisations_with_membership

    rng = random.Random(SEED)
    total = sum(WEIGHTS.values())
    members = list(
        organisations_with_membership()
        .filter(current_status__isnull=False)
        .order_by("pk")
        .values_list("pk", "slug", "name")
    )
    staff_count = math.ceil(max_users * WEIGHTS["Staff"] / total) + 1
    focal_count = min(math.ceil(max_users * WEIGHTS["FocalPoint"] / total) + 1, len(members))

    with transaction.atomic():
        membership, focal_point = (
            Group.objects.get(name=role) for role in (Role.MEMBERSHIP, Role.FOCAL_POINT)
        )
        staff = []
        for n in range(1, staff_count + 1):
            user = User.objects.create_user(username=f"load-staff-{n:03d}", password=None)
            user.groups.add(membership)
            # The secretariat must have a second factor (RequireMFAMiddleware): a TOTP authenticator.
            Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "load"})
            staff.append({"username": user.username, "session": start_session(user)})
        focal_points = []
        for n, (pk, _slug, _name) in enumerate(rng.sample(members, focal_count), start=1):
            user = User.objects.create_user(username=f"load-focal-{n:03d}", password=None, organisation_id=pk)
            user.groups.add(focal_point)
            focal_points.append(
                {"username": user.username, "session": start_session(user), "organisation": pk}
            )

    words = sorted({word for _pk, _slug, name in members for word in name.split() if len(word) >= 4})
    organisations = Organisation.objects.count()
    data = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "staff": staff,
        "focal_points": focal_points,
        "member_ids": [pk for pk, _slug, _name in members],
        "member_slugs": [slug for _pk, slug, _name in members],
        "organisation_ids": list(Organisation.objects.order_by("pk").values_list("pk", flat=True)),
        "regions": list(Region.objects.order_by("order").values_list("code", flat=True)),
        "kinds": list(Organisation.Kind.values),
        "statuses": list(MembershipPeriod.Status.values),
        # Words of member names, and a few prefixes, as people type them.
        "search_terms": [*rng.sample(words, min(30, len(words))), "san", "new", "bar", "city", "metro"],
        "registry_pages": max(1, math.ceil(organisations / settings.METROHUB_PAGE_SIZE)),
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return data


# --- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, workers: int, port: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    with log.open("ab") as out:
        # Its own process group, so that Ctrl-C reaches this script, which then stops it cleanly.
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen | None, *, group: bool) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        if group:
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait()
    except ProcessLookupError:
        pass


def wait_healthy(base: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"gunicorn exited ({server.returncode}):\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            if requests.get(f"{base}/health/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer /health/ within {timeout:.0f} s; see {log}")


def check_sessions(base: str, data: dict) -> None:
    """The prepared sessions work as the locustfile uses them: a cookie set on a requests session,
    over plain HTTP, although production's session cookie is Secure."""
    import requests

    cookie = data["session_cookie"]
    staff = requests.Session()
    staff.cookies.set(cookie, data["staff"][0]["session"])
    response = staff.get(f"{base}/registry/", allow_redirects=False, timeout=30)
    if response.status_code != 200:
        raise SystemExit(
            f"A staff session got {response.status_code} {response.headers.get('Location', '')}"
            " for /registry/, not 200."
        )
    focal = requests.Session()
    account = data["focal_points"][0]
    focal.cookies.set(cookie, account["session"])
    response = focal.get(f"{base}/portal/", timeout=30)
    landing = f"/registry/organisations/{account['organisation']}/"
    if response.status_code != 200 or not response.url.endswith(landing):
        raise SystemExit(
            f"A focal point's /portal/ got {response.status_code} at {response.url}, not {landing}."
        )
    if requests.get(f"{base}/registry/", allow_redirects=False, timeout=30).status_code == 200:
        raise SystemExit("An anonymous visitor reached /registry/: the check above proves nothing.")


def warm_up(base: str, data: dict, workers: int) -> None:
    """Each worker loads its code and templates before anything is measured."""
    import requests

    staff = requests.Session()
    staff.cookies.set(data["session_cookie"], data["staff"][0]["session"])
    pk, slug = data["organisation_ids"][0], data["member_slugs"][0]
    urls = [
        "/",
        "/members/",
        f"/members/{slug}/",
        "/members/map.json",
        "/api/v1/organisations?limit=50",
        f"/api/v1/organisations/{data['member_ids'][0]}",
        "/registry/",
        f"/registry/organisations/{pk}/",
        "/registry/governance/",
    ]
    for _ in range(2 * workers):
        for url in urls:
            staff.get(f"{base}{url}", timeout=60)


# --- the steps ------------------------------------------------------------------------------------


def cpu_seconds(pid: int, *, children: bool) -> float:
    """User + system CPU time of a process (and of its direct children), from /proc; 0 elsewhere."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    try:
        pids = [pid]
        if children:
            for entry in os.listdir("/proc"):
                if entry.isdigit():
                    try:
                        stat = Path(f"/proc/{entry}/stat").read_text()
                    except OSError:
                        continue
                    if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                        pids.append(int(entry))
        for each in pids:
            try:
                fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / ticks
    except OSError:
        return 0.0
    return total


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) CPU time of the whole machine since boot, in clock ticks, from /proc/stat."""
    try:
        fields = [int(n) for n in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # guest time is already counted in user time
    return total - idle, total


class DatabaseCPU:
    """The CPU that PostgreSQL's backends for this database take (zero for SQLite, which runs in the
    workers, or for a server whose processes this machine cannot see).

    Backends come and go (workers reconnect when CONN_MAX_AGE runs out), so they are sampled every
    second in a thread: each one counts from when it is first seen, or from its start if that
    came during the step. Counted among the "other" CPU otherwise."""

    def __init__(self):
        from django.db import connection

        self.enabled = connection.vendor == "postgresql"
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.sample_until_stopped, daemon=True)

    def backends(self) -> dict[int, float]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid()"
            )
            pids = [row[0] for row in cursor.fetchall()]
        return {pid: cpu_seconds(pid, children=False) for pid in pids}

    def sample(self, *, initial: bool = False) -> None:
        for pid, seconds in self.backends().items():
            self.first.setdefault(pid, seconds if initial else 0.0)
            self.last[pid] = max(seconds, self.last.get(pid, 0.0))

    def sample_until_stopped(self) -> None:
        from django.db import connection

        try:
            while not self.stopping.wait(1.0):
                self.sample()
            self.sample()
        finally:
            connection.close()

    def __enter__(self):
        if self.enabled:
            self.sample(initial=True)
            self.thread.start()
        return self

    def __exit__(self, *exc):
        if self.enabled:
            self.stopping.set()
            self.thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.last[pid] - self.first[pid] for pid in self.last)


def number(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def read_stats(prefix: Path) -> tuple[dict, dict]:
    """Locust's aggregate row and its rows per request name, from <prefix>_stats.csv."""
    with open(f"{prefix}_stats.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    aggregate = next((row for row in rows if row["Name"] == "Aggregated"), {})
    endpoints = {
        row["Name"]: {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": number(row["50%"]),
            "p95_ms": number(row["95%"]),
        }
        for row in rows
        if row["Name"] != "Aggregated"
    }
    return aggregate, endpoints


def run_step(users: int, args, base: str, tmp: Path, env: dict, server: subprocess.Popen) -> dict:
    prefix = tmp / f"locust-{users}"
    totals_path = tmp / f"totals-{users}.json"
    log = tmp / f"locust-{users}.log"
    spawn_rate = max(1, math.ceil(users / max(1, args.ramp_seconds)))
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        base,
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{args.ramp_seconds + args.step_seconds}s",
        "--reset-stats",
        "--csv",
        str(prefix),
        "--only-summary",
        "--exit-code-on-error",
        "0",
    ]
    server_cpu = cpu_seconds(server.pid, children=True)
    busy, total = machine_jiffies()
    started = time.monotonic()
    with log.open("wb") as out, DatabaseCPU() as database_cpu:
        locust = subprocess.Popen(
            command, cwd=ROOT, env={**env, "METROHUB_LOAD_TOTALS": str(totals_path)}, stdout=out, stderr=out
        )
        try:
            # Wait with the children's CPU accounted: os.wait4 gives the locust process's own usage.
            _pid, status, usage = os.wait4(locust.pid, 0)
            locust.returncode = os.waitstatus_to_exitcode(status)
        finally:
            stop(locust, group=False)
    wall = time.monotonic() - started
    server_cpu = cpu_seconds(server.pid, children=True) - server_cpu
    busy, total = (now - before for now, before in zip(machine_jiffies(), (busy, total), strict=True))
    text = log.read_text(errors="replace")
    if locust.returncode != 0 or not Path(f"{prefix}_stats.csv").exists():
        raise SystemExit(f"locust failed ({locust.returncode}) at {users} users:\n{text[-3000:]}")
    aggregate, endpoints = read_stats(prefix)
    totals = json.loads(totals_path.read_text()) if totals_path.exists() else {}
    cores = os.cpu_count() or 1
    requests = totals.get("requests", int(aggregate.get("Request Count", 0)))
    # CPU per request (gunicorn + database), which other work on the machine sways much less
    # than latencies: the cores divided by it bound the requests/s the machine can serve.
    cpu_ms_per_request = 1000 * (server_cpu + database_cpu.seconds) / requests if requests else None
    locust_cpu = 100 * (usage.ru_utime + usage.ru_stime) / wall / cores
    server_cpu = 100 * server_cpu / wall / cores
    db_cpu = 100 * database_cpu.seconds / wall / cores
    machine_cpu = 100 * busy / total if total else None
    return {
        "users": users,
        "requests": requests,
        "failures": totals.get("failures", int(aggregate.get("Failure Count", 0))),
        "rps": round(number(aggregate.get("Requests/s")) or 0.0, 1),
        "p50_ms": number(aggregate.get("50%")),
        "p95_ms": number(aggregate.get("95%")),
        "p99_ms": number(aggregate.get("99%")),
        "max_ms": number(aggregate.get("Max Response Time")),
        "measured_requests": int(aggregate.get("Request Count", 0)),
        # Share of the whole machine (all cores) each side used during the step.
        "server_cpu_ms_per_request": round(cpu_ms_per_request, 1) if cpu_ms_per_request else None,
        "locust_cpu_pct": round(locust_cpu, 1),
        "server_cpu_pct": round(server_cpu, 1),
        "database_cpu_pct": round(db_cpu, 1) if database_cpu.enabled else None,
        # What the rest of the machine took meanwhile: other work skews the figures.
        "other_cpu_pct": (
            round(max(0.0, machine_cpu - locust_cpu - server_cpu - db_cpu), 1) if machine_cpu else None
        ),
        "locust_cpu_warning": "CPU usage above" in text,
        "errors": totals.get("errors", {}),
        "endpoints": endpoints,
    }


def server_errors(log: Path) -> list[str]:
    """Lines of the gunicorn log that tell of a server error: Django's ERROR records (500s, with
    their traceback), worker timeouts and crashes."""
    found = []
    if not log.exists():
        return found
    for line in log.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if isinstance(record, dict):
            if record.get("level") in {"ERROR", "CRITICAL"}:
                found.append(line)
        elif any(mark in line for mark in ("[ERROR]", "[CRITICAL]", "WORKER TIMEOUT", "Traceback")):
            found.append(line)
    return found


def machine() -> dict:
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            cpu = next((line.split(":", 1)[1].strip() for line in file if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


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
    server = start_gunicorn(env, args.workers, port, server_log)
    try:
        wait_healthy(base, server, server_log)
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
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
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
