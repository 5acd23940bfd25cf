"""`python -m bench.search_bench [--full] [--reuse] [--no-sqlite]`: full-text search of ideas
(issue 15) at concurrency 8, on PostgreSQL and on SQLite, over the benchmark dataset.

The reduced size is 10,000 ideas; `--full` is the city scale, 100,000. Ideas carry varied
German texts (bench/idea_texts.py), so a common word matches about a fifth of them and a rare
one a few hundred. Each database is filled by `bench_dataset` (PostgreSQL `oic_bench_search`
or `oic_bench_search_full`, SQLite `var/bench/search-<ideas>.sqlite3`) and served by two
production-like daphne processes (bench.servers); each query runs for a fixed time after a
warm-up, as bench.http_bench's scenarios do. Measured per query: p50/p99, requests/s, daphne
CPU and PostgreSQL CPU per request, SQL statements per request, the number of matches, and on
PostgreSQL the database's own time for the page query (EXPLAIN ANALYZE). Results go to
var/bench/search-*.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

from bench.servers import LOG_DIR, PG_BASE, ROOT, server_env

REDUCED = {"users": 2000, "orgs": 50, "challenges": 50, "ideas": 10_000, "votes": 20_000}
REDUCED["comments"] = 2_000
FULL = {"users": 20_000, "orgs": 200, "challenges": 50, "ideas": 100_000, "votes": 200_000}
FULL["comments"] = 20_000

# What people type into a city's idea search: one word in another inflection than the texts
# use, two words, a phrase, an exclusion, and a rare word.
QUERIES = [
    "Fahrräder",
    "Bäume Jahnplatz",
    "Radwege",
    '"offene Werkstatt"',
    "Spielplatz -Lärm",
    "Solaranlagen Schulen",
    "Schwimmbäder",
]
TARGET_P50_MS = 30.0


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _run(cmd: list[str], env: dict) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, timeout=3600)


def prepare(database_url: str, size: dict) -> None:
    """Migrate the database at `database_url` and fill it (PostgreSQL: recreated first)."""
    if database_url.startswith("postgres"):
        import psycopg

        name = urlsplit(database_url).path.lstrip("/")
        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        path = Path(urlsplit(database_url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, DATABASE_URL=database_url, LOG_LEVEL="WARNING")
    started = time.monotonic()
    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    _run(
        [sys.executable, "manage.py", "bench_dataset", *[f"--{k}={v}" for k, v in size.items()]],
        env,
    )
    print(f"  filled in {time.monotonic() - started:.0f} s", flush=True)


def measure(database_url: str, seconds: float, warmup: float) -> dict:
    """Run in a process whose Django uses `database_url` (see main)."""
    from bench.http_bench import Request, Scenario
    from bench.http_bench import measure as measure_scenario
    from bench.servers import daphnes

    os.environ.update(server_env(database_url))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ideas import selectors
    from ideas.models import Idea

    client = Client()

    def get(path: str):
        return lambda w, i: Request("GET", path)

    scenarios: list[tuple[Scenario, str]] = []
    for query in QUERIES:
        path = f"/api/ideas/?search={quote(query)}"
        scenarios.append((Scenario(f"api {query}", get(path), group="search"), query))
    first = f"/api/ideas/?search={quote(QUERIES[0])}"
    nxt = client.get(first, HTTP_ACCEPT="application/json").json()["next"]
    page2 = f"{urlsplit(nxt).path}?{urlsplit(nxt).query}"
    scenarios.append((Scenario(f"api {QUERIES[0]} page 2", get(page2), group="page"), QUERIES[0]))
    scenarios.append(
        (
            Scenario(f"api {QUERIES[0]} order=new", get(first + "&order=new"), group="order"),
            QUERIES[0],
        )
    )
    site = f"/ideas/?search={quote(QUERIES[0])}"
    scenarios.append(
        (Scenario(f"site {QUERIES[0]} (with count)", get(site), group="site"), QUERIES[0])
    )

    details: dict[str, dict] = {}
    for scenario, query in scenarios:
        req = scenario.make(0, 0)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(req.path, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, (req.path, response.status_code)
        info = {"queries": len(ctx.captured_queries), "matches": selectors.idea_count(search=query)}
        if connection.vendor == "postgresql" and scenario.group == "search":
            page = selectors.idea_list(user=None, search=query).only(*selectors.IDEA_LIST_COLUMNS)
            plan = page.order_by(*selectors.RELEVANCE_ORDERING)[:21].explain(analyze=True)
            info["db_ms"] = float(plan.rsplit("Execution Time: ", 1)[1].split()[0])
            info["uses_gin"] = "idea_search" in plan
        details[scenario.name] = info
    ideas = Idea.objects.count()
    vendor = connection.vendor
    connection.close()

    results = []
    load_before = load_average()
    with daphnes(database_url, cores=sorted(os.sched_getaffinity(0))) as servers:
        urls, pids = [s.url for s in servers], [s.pid for s in servers]
        for scenario, _query in scenarios:
            outcome = measure_scenario(urls, pids, scenario, seconds, warmup)
            row = {**outcome.__dict__, **details[scenario.name]}
            results.append(row)
            print(
                f"  {vendor:10} {scenario.name:34} p50 {outcome.p50_ms:6.1f} ms  p99 "
                f"{outcome.p99_ms:6.1f} ms  {outcome.rps:6.1f}/s  cpu "
                f"{outcome.server_cpu_ms_per_req:5.1f} ms/req  db {outcome.db_cpu_ms_per_req:5.1f}"
                f" ms/req  matches {row['matches']}  q={row['queries']}  errors={outcome.errors}",
                flush=True,
            )
    return {
        "vendor": vendor,
        "ideas": ideas,
        "load_before": load_before,
        "load_after": load_average(),
        "results": results,
    }


def table(runs: list[dict]) -> str:
    lines = [
        "| database | request | matches | p50 ms | p99 ms | req/s | daphne CPU ms/req | "
        "PG CPU ms/req | PG page query ms | queries | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        for r in run["results"]:
            db_ms = f"{r['db_ms']:.1f}" if "db_ms" in r else ""
            pg_cpu = f"{r['db_cpu_ms_per_req']:.1f}" if run["vendor"] == "postgresql" else ""
            lines.append(
                f"| {run['vendor']} | {r['name']} | {r['matches']:,} | {r['p50_ms']:.1f} | "
                f"{r['p99_ms']:.1f} | {r['rps']:.0f} | {r['server_cpu_ms_per_req']:.1f} | "
                f"{pg_cpu} | {db_ms} | {r['queries']} | {r['errors']} |"
            )
    for run in runs:
        searches = [r for r in run["results"] if r["group"] == "search"]
        worst = max(searches, key=lambda r: r["p50_ms"])
        verdict = "met" if worst["p50_ms"] <= TARGET_P50_MS else "MISSED"
        lines.append("")
        lines.append(
            f"{run['vendor']}, {run['ideas']:,} ideas: worst search p50 {worst['p50_ms']:.1f} ms "
            f"({worst['name']}) against ≤ {TARGET_P50_MS:.0f} ms: {verdict}. Load average "
            f"before {run['load_before']}, after {run['load_after']}."
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="100,000 ideas (default 10,000)")
    parser.add_argument("--reuse", action="store_true", help="keep the filled databases")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: one database
    args = parser.parse_args()

    if args.measure:
        print("RESULT " + json.dumps(measure(args.measure, args.seconds, args.warmup)))
        return

    size = FULL if args.full else REDUCED
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    suffix = "_full" if args.full else ""
    urls = [f"{PG_BASE}/oic_bench_search{suffix}"]
    if not args.no_sqlite:
        sqlite_file = (LOG_DIR / f"search-{size['ideas']}.sqlite3").resolve()
        urls.append(f"sqlite:///{sqlite_file}")
    # The site's page renders with DEBUG off, which reads the static files' manifest.
    _run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], server_env(urls[0]))
    runs = []
    for url in urls:
        print(f"{url}: {size['ideas']:,} ideas", flush=True)
        if not args.reuse:
            prepare(url, size)
        child = subprocess.run(
            [sys.executable, "-m", "bench.search_bench", "--measure", url]
            + ["--seconds", str(args.seconds), "--warmup", str(args.warmup)],
            cwd=ROOT,
            env=dict(os.environ, DATABASE_URL=url),
            stdout=subprocess.PIPE,
            text=True,
            check=True,
            timeout=3600,
        )
        for line in child.stdout.splitlines():
            if line.startswith("RESULT "):
                runs.append(json.loads(line.removeprefix("RESULT ")))
            else:
                print(line, flush=True)
    report = table(runs)
    out = LOG_DIR / f"search-{size['ideas']}.json"
    out.write_text(json.dumps(runs, indent=1))
    (LOG_DIR / f"search-{size['ideas']}.md").write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
