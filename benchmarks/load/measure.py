"""One step of the load test: locust headless with a number of users, and what it measured (from
its CSV), with the CPU that gunicorn, the database, locust and the rest of the machine took."""

import csv
import json
import math
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.common import ROOT, stop

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"


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
