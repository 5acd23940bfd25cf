"""HTTP benchmark: latency, throughput and server CPU of the JSON API at fixed concurrency.

Run as its own process (`python -m bench.http_bench --database-url … --out result.json`): it
starts two production-like daphne processes pinned to the server cores, pins itself to the
load cores, and drives each scenario from threads holding keep-alive connections. SQL queries
per request are counted in this process with Django's test client on the same database.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bench.servers import cpu_seconds, daphnes, percentile, pin_load_generator, server_env

ORDERINGS = ("trending", "new", "top", "discussed")
DEEP_PAGES = 50


@dataclass
class Request:
    method: str
    path: str
    body: dict | None = None
    token: str | None = None


@dataclass
class Scenario:
    name: str
    make: Callable[[int, int], Request]  # (worker, iteration) -> request
    concurrency: int = 8
    group: str = "read"


@dataclass
class Outcome:
    name: str
    group: str
    concurrency: int
    requests: int
    errors: int
    statuses: dict[str, int]
    p50_ms: float
    p99_ms: float
    rps: float
    server_cpu_pct: float
    server_cpu_ms_per_req: float
    db_cpu_ms_per_req: float
    queries: int | None = None
    notes: list[str] = field(default_factory=list)


def postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def postgres_cpu() -> float:
    """CPU of the whole PostgreSQL server: live processes plus the reaped ones (a backend per
    connection, and with CONN_MAX_AGE=0 one per request), which the postmaster's
    cutime/cstime accumulate."""
    total = 0.0
    pids = set(postgres_pids())
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(stat[11]) + int(stat[12])
        if int(stat[1]) not in pids:  # the postmaster: add its reaped children
            total += int(stat[13]) + int(stat[14])
    return total / os.sysconf("SC_CLK_TCK")


def _cpu_of(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            total += cpu_seconds(pid)
        except OSError:
            continue
    return total


def _send(conn: http.client.HTTPConnection, req: Request) -> tuple[int, bytes]:
    headers = {"Accept": "application/json", "Host": "127.0.0.1"}
    body = None
    if req.body is not None:
        body = json.dumps(req.body).encode()
        headers["Content-Type"] = "application/json"
    if req.token:
        headers["Authorization"] = f"Token {req.token}"
    conn.request(req.method, req.path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def drive(
    servers: list[str], scenario: Scenario, seconds: float, max_requests: int = 200_000
) -> tuple[list[float], dict[str, int]]:
    """Run `scenario` from `concurrency` threads for `seconds`; return latencies and statuses."""
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(scenario.concurrency)]
    statuses: list[dict[str, int]] = [{} for _ in range(scenario.concurrency)]
    budget = max(1, max_requests // scenario.concurrency)

    def worker(w: int) -> None:
        host = urlsplit(servers[w % len(servers)])
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        mine, codes = latencies[w], statuses[w]
        try:
            for i in range(budget):
                if time.perf_counter() >= deadline:
                    break
                req = scenario.make(w, i)
                t0 = time.perf_counter()
                try:
                    status, _ = _send(conn, req)
                except (OSError, http.client.HTTPException):
                    status = 599
                    conn.close()
                    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
                mine.append(time.perf_counter() - t0)
                codes[str(status)] = codes.get(str(status), 0) + 1
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(scenario.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    merged: dict[str, int] = {}
    for codes in statuses:
        for k, v in codes.items():
            merged[k] = merged.get(k, 0) + v
    return [x for lst in latencies for x in lst], merged


def measure(
    servers, server_pids: list[int], scenario: Scenario, seconds: float, warmup: float
) -> Outcome:
    drive(servers, scenario, warmup)
    cpu0, db0, t0 = _cpu_of(server_pids), postgres_cpu(), time.perf_counter()
    lat, statuses = drive(servers, scenario, seconds)
    elapsed = time.perf_counter() - t0
    cpu, db = _cpu_of(server_pids) - cpu0, postgres_cpu() - db0
    n = len(lat)
    errors = sum(v for k, v in statuses.items() if not k.startswith("2"))
    return Outcome(
        name=scenario.name,
        group=scenario.group,
        concurrency=scenario.concurrency,
        requests=n,
        errors=errors,
        statuses=statuses,
        p50_ms=percentile(lat, 50) * 1000,
        p99_ms=percentile(lat, 99) * 1000,
        rps=n / elapsed if elapsed else 0.0,
        # Of the cores the servers are pinned to (100 % = all of them busy).
        server_cpu_pct=100 * cpu / elapsed / max(1, len(set(server_pids))),
        server_cpu_ms_per_req=1000 * cpu / n if n else float("nan"),
        db_cpu_ms_per_req=1000 * db / n if n else float("nan"),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--dataset", required=True, help="JSON written by bench_dataset --json")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--reads-only", action="store_true")
    parser.add_argument(
        "--pinning",
        choices=["split", "shared"],
        help="split: servers and load generator on separate cores (default on 4+ cores); "
        "shared: one daphne per core, load generator unpinned (default below 4 cores, where "
        "a split leaves both daphnes one core)",
    )
    parser.add_argument(
        "--only", action="append", default=[], help="run only scenarios whose name contains this"
    )
    args = parser.parse_args()

    os.environ.update(server_env(args.database_url))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from challenges.models import Challenge
    from ideas.models import Idea

    dataset = json.loads(Path(args.dataset).read_text())
    focus, focus_challenge = dataset["focus_idea_id"], dataset["focus_challenge_id"]
    rng = random.Random(1)

    # Writers: people with API tokens, and the open ideas they may vote and comment on.
    open_ideas = list(
        Idea.objects.visible()
        .filter(challenge__status=Challenge.Status.OPEN)
        .values_list("id", "author_id")[:5000]
    )
    people = list(
        User.objects.filter(is_active=True).order_by("?").values_list("id", flat=True)[:400]
    )
    Token.objects.filter(user_id__in=people).delete()
    tokens = {pk: secrets.token_hex(20) for pk in people}
    Token.objects.bulk_create([Token(user_id=pk, key=key) for pk, key in tokens.items()])
    token_list = list(tokens.items())
    focus_author = Idea.objects.values_list("author_id", flat=True).get(pk=focus)
    focus_voters = [(pk, key) for pk, key in token_list if pk != focus_author][:50]

    def vote_on_random(w: int, i: int) -> Request:
        idea, author = rng.choice(open_ideas)
        user, key = rng.choice(token_list)
        while user == author:
            user, key = rng.choice(token_list)
        return Request("PUT", f"/api/ideas/{idea}/vote/", {"value": rng.choice((1, -1))}, key)

    def vote_on_focus(w: int, i: int) -> Request:
        _user, key = focus_voters[w % len(focus_voters)]
        return Request("PUT", f"/api/ideas/{focus}/vote/", {"value": 1 if i % 2 else -1}, key)

    def comment_on_random(w: int, i: int) -> Request:
        idea, _author = rng.choice(open_ideas)
        _user, key = rng.choice(token_list)
        body = f"Benchmark-Kommentar {w}-{i}: *gute* Idee, wie geht es weiter?"
        return Request("POST", f"/api/ideas/{idea}/comments/", {"body": body}, key)

    def get(path: str) -> Callable[[int, int], Request]:
        return lambda w, i: Request("GET", path)

    client = Client()

    def deep_path(base: str) -> tuple[str, int]:
        """Follow the keyset `next` links DEEP_PAGES pages down (or to the last page)."""
        path, page = base, 1
        for _ in range(DEEP_PAGES - 1):
            nxt = client.get(path, HTTP_ACCEPT="application/json").json().get("next")
            if not nxt:
                break
            parts = urlsplit(nxt)
            path, page = f"{parts.path}?{parts.query}", page + 1
        return path, page

    scenarios: list[Scenario] = []
    deep_reached: dict[str, int] = {}
    for order in ORDERINGS:
        base = f"/api/ideas/?ordering={order}"
        scenarios.append(Scenario(f"list {order} p1", get(base), group="list"))
        deep, page = deep_path(base)
        deep_reached[order] = page
        scenarios.append(Scenario(f"list {order} p{page}", get(deep), group="deep"))
        scenarios.append(
            Scenario(
                f"list {order} sector+status",
                get(f"{base}&sector=business&status=submitted"),
                group="filtered",
            )
        )
    scenarios.append(
        Scenario("list topic=green-city", get("/api/ideas/?topic=green-city"), group="filtered")
    )
    ch_base = f"/api/ideas/?challenge={focus_challenge}&ordering=trending"
    scenarios.append(Scenario("challenge list p1", get(ch_base), group="list"))
    ch_deep, ch_page = deep_path(ch_base)
    scenarios.append(Scenario(f"challenge list p{ch_page}", get(ch_deep), group="deep"))
    scenarios.append(Scenario("idea detail", get(f"/api/ideas/{focus}/"), group="detail"))
    scenarios.append(
        Scenario("idea comments p1", get(f"/api/ideas/{focus}/comments/"), group="comments")
    )
    # The cheapest request the servers answer (no query, no template): the yardstick for
    # "CPU per list request ÷ CPU per trivial request" (issue 15).
    scenarios.append(Scenario("trivial GET /healthz", get("/healthz"), group="trivial"))
    if not args.reads_only:
        scenarios.append(Scenario("vote PUT", vote_on_random, group="vote"))
        scenarios.append(
            Scenario("vote PUT, 50 on one idea", vote_on_focus, concurrency=50, group="vote50")
        )
        scenarios.append(Scenario("comment POST", comment_on_random, group="comment"))

    if args.only:
        scenarios = [s for s in scenarios if any(o in s.name for o in args.only)]

    def count_queries(s: Scenario) -> int:
        req = s.make(0, 10_001)
        extra = {"HTTP_ACCEPT": "application/json"}
        if req.token:
            extra["HTTP_AUTHORIZATION"] = f"Token {req.token}"
        method = getattr(client, req.method.lower())
        with CaptureQueriesContext(connection) as ctx:
            if req.body is None:
                response = method(req.path, **extra)
            else:
                response = method(
                    req.path, data=json.dumps(req.body), content_type="application/json", **extra
                )
        assert response.status_code < 300, (s.name, response.status_code, response.content[:300])
        return len(ctx.captured_queries)

    # What a request costs the database when it is built, not when the one-second cache of
    # anonymous list answers (core.microcache) serves it: the count runs with that cache off.
    with override_settings(MICROCACHE_SECONDS=0):
        queries = {s.name: count_queries(s) for s in scenarios}
    connection.close()
    all_cores = sorted(os.sched_getaffinity(0))
    pinning = args.pinning or ("split" if len(all_cores) >= 4 else "shared")
    server_cores = None
    if pinning == "split":
        pin_load_generator()
    else:
        server_cores = all_cores

    results = []
    with daphnes(args.database_url, cores=server_cores) as servers:
        urls = [s.url for s in servers]
        pids = [s.pid for s in servers]
        for s in scenarios:
            outcome = measure(urls, pids, s, args.seconds, args.warmup)
            outcome.queries = queries[s.name]
            results.append(outcome)
            print(
                f"  {s.name:34} p50 {outcome.p50_ms:7.1f} ms  p99 {outcome.p99_ms:7.1f} ms  "
                f"{outcome.rps:7.1f}/s  cpu {outcome.server_cpu_ms_per_req:5.1f} ms/req  "
                f"q={outcome.queries}  errors={outcome.errors}",
                flush=True,
            )
    Path(args.out).write_text(
        json.dumps(
            {
                "ideas": Idea.objects.count(),
                "pinning": pinning,
                "deep_pages": deep_reached,
                "results": [asdict(r) for r in results],
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
