"""Metro Futures at scale: 5,000 cities × 30 indicators × 25 years, measured over HTTP.

    .venv/bin/python benchmarks/futures.py [--cities 5000] [--requests 200] [--no-datasette]
                                           [--port 8101] [--datasette-port 8102]

It works in its own directory (`var/bench-futures/`: a fresh SQLite file and its own release
directory), never in your `var/metrohub.sqlite3`. Steps:

1. generate the cities (synthetic), the 27 demo indicators plus 3 more, and a tidy CSV of
   cities × indicators × years observations (deterministic: DuckDB's hash of the keys);
2. import the CSV through the same service as the import page (`observations_import`: read,
   validate every row column-wise, bulk insert) and time it: `ingest_rows_per_s`;
3. publish release 1 (`release_publish`: Parquet + ranks, percentiles, latest values, trends);
4. start gunicorn on 127.0.0.1:8101 (`--port`; 2 workers × 4 threads, DEBUG off) and time, over HTTP with
   keep-alive, the API's ranking of all cities for one indicator-year with percentiles and peer
   rank, a city profile and a five-city time series; then a mixed load from 8 client threads
   (`requests_per_s`), sampling the server's memory (master + workers) throughout;
5. when Datasette is installed, load the same observations into SQLite (indexed on indicator,
   year and on city), serve them with Datasette on 127.0.0.1:8102 and time the same three
   queries written in SQL with window functions (`--datasette-port`).

It prints the figures and writes them to benchmarks/results/futures.json. Durations are
reported, never asserted: the targets are printed beside them.
"""

import argparse
import http.client
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file: `benchmarks` and `metrohub` come from the checkout

from benchmarks.common import machine, percentile, start_gunicorn, stop, wait_for, write_json  # noqa: E402

WORK = ROOT / "var" / "bench-futures"
RESULTS = Path(__file__).resolve().parent / "results" / "futures.json"
PORT, DATASETTE_PORT = 8101, 8102
YEARS = range(2000, 2025)
TARGETS = {"ranking_p50_ms": 15, "profile_p50_ms": 10, "series_p50_ms": 5, "ingest_rows_per_s": 200_000,
           "peak_rss_mib": 1024}  # fmt: skip


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cities", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--load-seconds", type=float, default=10)
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--port", type=int, default=PORT, help="the benchmarked server's port")
    parser.add_argument("--datasette-port", type=int, default=DATASETTE_PORT)
    return parser.parse_args()


def environment() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
        "METROHUB_FUTURES_DIR": str(WORK / "futures"),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-not-for-production-0123456789",
        "METROHUB_FIELD_KEY": "YmVuY2htYXJrLW9ubHktZmllbGQta2V5LTAxMjM0NTY=",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        # The load is one client on loopback: the anonymous API's per-client limit would measure itself.
        "METROHUB_API_ANON_RATE": "",
    }


def prepare(cities: int) -> tuple[int, float, float, float, Path]:
    """Generate, check, import and publish; returns (observations, seconds to read and check, to import,
    to publish, the CSV's path)."""
    import django

    os.environ.update(environment())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    import duckdb
    import pyarrow as pa
    from django.core.management import call_command

    from metrohub.core.models import Region
    from metrohub.core.permissions import SYSTEM
    from metrohub.futures.models import City, CityIndicator, Dimension
    from metrohub.futures.observations import observations_preview
    from metrohub.futures.services import catalogue_load, observations_import, release_publish

    call_command("migrate", verbosity=0)
    catalogue_load()
    innovation = Dimension.objects.get(code="innovation")
    for n in (28, 29, 30):
        CityIndicator.objects.get_or_create(
            code=f"bench-{n}",
            defaults={"name": f"Benchmark indicator {n}", "definition": "Synthetic, for the benchmark.",
                      "unit": "%", "direction": "higher", "dimension": innovation, "plausible_min": 0,
                      "plausible_max": 100, "synthetic": True},
        )  # fmt: skip
    regions = list(Region.objects.all())
    rng = random.Random(2024)
    City.objects.bulk_create(
        City(code=f"bench-city-{i:05d}", name=f"Synthetic City {i:05d}", region=rng.choice(regions),
             population=int(10 ** rng.uniform(5, 7.5)), latitude=rng.uniform(-60, 70),
             longitude=rng.uniform(-180, 180), synthetic=True)
        for i in range(1, cities + 1)
    )  # fmt: skip
    indicators = pa.Table.from_pylist(
        list(CityIndicator.objects.values("code", "plausible_min", "plausible_max", "unit"))
    )
    csv_path = WORK / "observations.csv"
    con = duckdb.connect()
    con.register("indicators", indicators)
    con.execute(f"""
        COPY (
            SELECT printf('bench-city-%05d', c.range + 1) AS city, i.code AS indicator, y.range AS year,
                   round(i.plausible_min + (i.plausible_max - i.plausible_min) * greatest(0.01, least(0.98,
                         0.1 + (hash(c.range, i.code) % 500)::INTEGER / 1000.0
                         + ((hash(i.code, c.range) % 21)::INTEGER - 10) / 1000.0 * (y.range - {YEARS.start})
                         + (hash(c.range, i.code, y.range) % 100)::INTEGER / 10000.0)), 2) AS value,
                   i.unit AS unit, 'municipal' AS boundary,
                   CASE WHEN hash(c.range, y.range) % 10 = 0 THEN 'estimated' ELSE 'measured' END AS method,
                   'benchmark' AS source, '' AS note
            FROM range({cities}) c, indicators i, range({YEARS.start}, {YEARS.stop}) y
            ORDER BY city, indicator, year
        ) TO '{csv_path}' (HEADER, DELIMITER ',')
    """)
    con.close()
    content = csv_path.read_bytes()
    # A running server has read a file before: the first read pays for loading pyarrow's CSV reader.
    observations_preview(file_name="warm-up.csv", content=b"\n".join(content[:100_000].split(b"\n")[:100]))
    started = time.perf_counter()
    preview = observations_preview(file_name=csv_path.name, content=content)
    validate_s = time.perf_counter() - started
    assert not preview.errors, preview.errors[:5]
    started = time.perf_counter()
    record = observations_import(actor=SYSTEM, file_name=csv_path.name, content=content, synthetic=True)
    ingest_s = time.perf_counter() - started
    del content
    started = time.perf_counter()
    release_publish(actor=SYSTEM, note="Benchmark data (synthetic)")
    publish_s = time.perf_counter() - started
    return record.row_count, validate_s, ingest_s, publish_s, csv_path


class Client:
    """One keep-alive HTTP connection; returns the time of each GET in milliseconds."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path: str) -> tuple[float, int, bytes]:
        started = time.perf_counter()
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        body = response.read()
        return (time.perf_counter() - started) * 1000, response.status, body


def timings(port: int, paths: list[str], rounds: int, warmup: int = 5) -> list[float]:
    client = Client(port)
    for path in paths[:warmup]:
        client.get(path)
    measured = []
    for n in range(rounds):
        ms, status, body = client.get(paths[n % len(paths)])
        if status != 200:
            raise SystemExit(f"{paths[n % len(paths)]} answered {status}: {body[:300]!r}")
        measured.append(ms)
    return measured


def p(values: list[float], q: float) -> float:
    return round(percentile(values, int(q)), 2)


class MemorySampler(threading.Thread):
    """The peak resident memory of a process and its children, in MiB."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        import psutil

        self.process = psutil.Process(pid)
        self.peak = 0.0
        self.running = True

    def run(self):
        while self.running:
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree) / 2**20)
            except Exception:  # a worker may be restarting
                pass
            time.sleep(0.1)


def paths_for(cities: int) -> dict[str, list[str]]:
    rng = random.Random(7)
    indicators = ["pm25", "unemployment", "broadband", "green-area", "voter-turnout", "bench-29"]
    codes = [f"bench-city-{i:05d}" for i in range(1, cities + 1)]
    return {
        "ranking": [
            f"/api/v1/futures/ranking?indicator={rng.choice(indicators)}&year={rng.choice(YEARS)}&group=region"
            for _ in range(50)
        ],
        "profile": [f"/api/v1/futures/cities/{rng.choice(codes)}/profile" for _ in range(50)],
        "series": [
            f"/api/v1/futures/series?indicator={rng.choice(indicators)}"
            f"&cities={','.join(rng.sample(codes, 5))}"
            for _ in range(50)
        ],
    }


def load(port: int, paths: list[str], seconds: float, threads: int = 8) -> float:
    done = []

    def worker():
        client, count, n = Client(port), 0, random.Random(threading.get_ident()).randrange(1000)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            client.get(paths[(n + count) % len(paths)])
            count += 1
        done.append(count)

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return round(sum(done) / (time.perf_counter() - started), 1)


def datasette_pass(cities: int, rounds: int, port: int) -> dict | None:
    if shutil.which("datasette", path=str(ROOT / ".venv" / "bin")) is None:
        return None
    import duckdb

    from metrohub.futures.models import Release
    from metrohub.futures.storage import release_path

    directory = release_path(Release.objects.get(number=1).directory)
    database = WORK / "datasette.db"
    database.unlink(missing_ok=True)
    lite = sqlite3.connect(database)
    lite.execute(
        "CREATE TABLE cities (code TEXT PRIMARY KEY, name TEXT, region TEXT, band TEXT, member INTEGER)"
    )
    lite.execute(
        "CREATE TABLE observations "
        "(city TEXT, indicator TEXT, year INTEGER, value REAL, boundary TEXT, method TEXT)"
    )
    con = duckdb.connect()
    lite.executemany(
        "INSERT INTO cities VALUES (?, ?, ?, ?, ?)",
        con.execute(
            f"SELECT code, name, region, band, member FROM '{directory / 'cities.parquet'}'"
        ).fetchall(),
    )
    result = con.execute(
        f"SELECT city, indicator, year, value, boundary, method FROM '{directory / 'observations.parquet'}'"
    )
    while rows := result.fetchmany(200_000):
        lite.executemany("INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?)", rows)
    lite.execute("CREATE INDEX observations_indicator_year ON observations (indicator, year)")
    lite.execute("CREATE INDEX observations_city ON observations (city)")
    lite.commit()
    lite.close()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "datasette"), "serve", str(database), "-h", "127.0.0.1", "-p",
         str(port), "--setting", "sql_time_limit_ms", "20000",
         "--setting", "max_returned_rows", "10000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(port, "/-/versions.json")
        ranking_sql = """
            SELECT o.city, c.name, c.region, o.value, o.boundary, o.method,
                   rank() OVER (ORDER BY o.value DESC) AS rank,
                   round(100 * cume_dist() OVER (ORDER BY o.value), 1) AS percentile,
                   rank() OVER (PARTITION BY c.region ORDER BY o.value DESC) AS peer_rank,
                   round(100 * cume_dist() OVER (PARTITION BY c.region ORDER BY o.value), 1)
                       AS peer_percentile
            FROM observations o JOIN cities c ON c.code = o.city
            WHERE o.indicator = :indicator AND o.year = :year ORDER BY rank"""
        profile_sql = """
            WITH last AS (
                SELECT indicator, max(year) AS year FROM observations WHERE city = :city GROUP BY indicator),
            ranked AS (
                SELECT o.city, o.indicator, o.year, o.value,
                       round(100 * cume_dist() OVER (PARTITION BY o.indicator ORDER BY o.value), 1)
                           AS percentile
                FROM observations o JOIN last l ON l.indicator = o.indicator AND l.year = o.year)
            SELECT * FROM ranked WHERE city = :city"""
        series_sql = """
            SELECT city, year, value, boundary FROM observations
            WHERE indicator = :indicator AND city IN (:a, :b, :c, :d, :e) ORDER BY city, year"""
        rng = random.Random(7)
        codes = [f"bench-city-{i:05d}" for i in range(1, cities + 1)]

        def url(sql, **params):
            return "/datasette.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array", **params})

        queries = {
            "ranking": [url(ranking_sql, indicator="pm25", year=rng.choice(YEARS)) for _ in range(10)],
            "profile": [url(profile_sql, city=rng.choice(codes)) for _ in range(10)],
            "series": [
                url(series_sql, indicator="pm25", **dict(zip("abcde", rng.sample(codes, 5), strict=True)))
                for _ in range(10)
            ],
        }  # fmt: skip
        return {name: p(timings(port, urls, rounds, warmup=2), 50) for name, urls in queries.items()}
    finally:
        stop(server, timeout=10)


def main() -> None:
    args = parse_args()
    load_at_start = os.getloadavg()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    observations, validate_s, ingest_s, publish_s, csv_path = prepare(args.cities)
    csv_path.unlink()
    print(
        f"{observations:,} observations read and checked in {validate_s:.1f} s, imported (checked again and "
        f"written) in {ingest_s:.1f} s, published in {publish_s:.1f} s"
    )
    server = start_gunicorn(env=environment(), port=args.port, workers=2, threads=4)
    sampler = MemorySampler(server.pid)
    sampler.start()
    try:
        wait_for(args.port, "/health/", process=server)
        paths = paths_for(args.cities)
        measured = {name: timings(args.port, urls, args.requests) for name, urls in paths.items()}
        mixed = [u for urls in paths.values() for u in urls]
        requests_per_s = load(args.port, mixed, args.load_seconds)
    finally:
        sampler.running = False
        stop(server, timeout=20)
    datasette = (
        None if args.no_datasette else datasette_pass(args.cities, rounds=10, port=args.datasette_port)
    )
    results = {
        "observations": observations,
        "cities": args.cities,
        "indicators": 30,
        "years": len(YEARS),
        "ranking_p50_ms": p(measured["ranking"], 50),
        "ranking_p95_ms": p(measured["ranking"], 95),
        "profile_p50_ms": p(measured["profile"], 50),
        "profile_p95_ms": p(measured["profile"], 95),
        "series_p50_ms": p(measured["series"], 50),
        "series_p95_ms": p(measured["series"], 95),
        "requests_per_s": requests_per_s,
        "ingest_rows_per_s": round(observations / ingest_s),
        "ingest_seconds": round(ingest_s, 1),
        "validate_rows_per_s": round(observations / validate_s),
        "publish_seconds": round(publish_s, 1),
        "peak_rss_mib": round(sampler.peak, 1),
        "datasette_ranking_p50_ms": datasette["ranking"] if datasette else None,
        "datasette_profile_p50_ms": datasette["profile"] if datasette else None,
        "datasette_series_p50_ms": datasette["series"] if datasette else None,
        "server": "gunicorn, 2 workers × 4 threads, DEBUG off, SQLite",
        "requests_per_measure": args.requests,
        "targets": TARGETS,
        "machine": machine(load_at_start=load_at_start),
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    write_json(args.output, results)
    print(f"{'figure':<26}{'measured':>12}{'target':>10}")
    shown = ["ranking_p50_ms", "ranking_p95_ms", "profile_p50_ms", "series_p50_ms", "requests_per_s"]
    shown += ["ingest_rows_per_s", "validate_rows_per_s", "peak_rss_mib", "datasette_ranking_p50_ms"]
    for key in shown:
        print(f"{key:<26}{results[key]!s:>12}{TARGETS.get(key, '')!s:>10}")
    if datasette:
        for name in ("ranking", "profile", "series"):
            ratio = datasette[name] / results[f"{name}_p50_ms"]
            print(f"Datasette / metrohub, {name}: {ratio:.0f}×")
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
