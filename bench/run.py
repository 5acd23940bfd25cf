"""`python -m bench.run [--full]` (= `make bench`): build the datasets, run every benchmark,
print one table with each target met or missed.

The reduced run (default) uses 1,000 and 10,000 ideas and 100 live clients and takes a few
minutes; `--full` uses 1,000 and 100,000 ideas (the brief's city scale) and 100 and 1,000 live
clients. Each benchmark runs in its own process against its own PostgreSQL database
(`oic_bench_small`, `oic_bench`) and Redis db 7; results are also written to var/bench/.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.servers import (
    LOG_DIR,
    PG_BASE,
    ROOT,
    machine,
    serving_cores,
    split_cores,
)

SMALL = {"users": 1000, "orgs": 50, "challenges": 20, "ideas": 1000, "votes": 10000}
SMALL["comments"] = 3000
REDUCED = {"users": 2000, "orgs": 200, "challenges": 50, "ideas": 10000, "votes": 100000}
REDUCED["comments"] = 30000
FULL = {"users": 20000, "orgs": 200, "challenges": 50, "ideas": 100000, "votes": 1000000}
FULL["comments"] = 300000


def _run(cmd: list[str], env: dict | None = None, timeout: float = 1800) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, timeout=timeout)


def prepare_database(name: str, size: dict) -> tuple[str, Path]:
    """A fresh database `name`, migrated and filled; returns its URL and the dataset JSON."""
    import psycopg

    with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{PG_BASE}/{name}"
    env = dict(os.environ, DATABASE_URL=url)
    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    out = LOG_DIR / f"dataset-{name}.json"
    args = [f"--{k}={v}" for k, v in size.items()]
    _run([sys.executable, "manage.py", "bench_dataset", *args, f"--json={out}"], env)
    return url, out


def _by_name(http: dict) -> dict[str, dict]:
    return {r["name"]: r for r in http["results"]}


def _first(rows: dict, prefix: str, group: str) -> list[dict]:
    return [r for r in rows.values() if r["name"].startswith(prefix) and r["group"] == group]


def verdicts(small: dict, large: dict, live: dict) -> list[tuple[str, str, str, bool]]:
    """(target, limit, measured, met) for each target of the brief."""
    s, g = _by_name(small), _by_name(large)
    p1 = [r for r in g.values() if r["group"] == "list" and r["name"].startswith("list ")]
    out = []
    worst = max(p1, key=lambda r: r["p50_ms"])
    out.append(
        (
            "idea list p1, p50 (worst ordering)",
            "≤ 25 ms",
            f"{worst['p50_ms']:.1f} ms ({worst['name']})",
            worst["p50_ms"] <= 25,
        )
    )
    worst99 = max(p1, key=lambda r: r["p99_ms"])
    out.append(
        (
            "idea list p1, p99 (worst ordering)",
            "≤ 100 ms",
            f"{worst99['p99_ms']:.1f} ms ({worst99['name']})",
            worst99["p99_ms"] <= 100,
        )
    )
    growth = max(
        (g[r["name"]]["p50_ms"] / s[r["name"]]["p50_ms"], r["name"]) for r in p1 if r["name"] in s
    )
    out.append(
        (
            f"growth {small['ideas']:,}→{large['ideas']:,} ideas (p50)",
            "≤ 1.5x",
            f"{growth[0]:.2f}x ({growth[1]})",
            growth[0] <= 1.5,
        )
    )
    page1 = {r["name"].split()[1]: r["p50_ms"] for r in p1}
    ratios = []
    for r in g.values():
        if (
            r["group"] in {"deep", "filtered"}
            and r["name"].startswith("list ")
            and r["name"].split()[1] in page1
        ):
            ratios.append((r["p50_ms"] / page1[r["name"].split()[1]], r["name"]))
    ch = [r for r in g.values() if r["name"].startswith("challenge list")]
    if len(ch) == 2:
        ratios.append((ch[1]["p50_ms"] / ch[0]["p50_ms"], ch[1]["name"]))
    worst_ratio = max(ratios)
    out.append(
        (
            "deep / filtered vs page 1 (p50)",
            "≤ 2x",
            f"{worst_ratio[0]:.2f}x ({worst_ratio[1]})",
            worst_ratio[0] <= 2,
        )
    )
    qlist = max(r["queries"] for r in g.values() if r["group"] in {"list", "deep", "filtered"})
    out.append(("SQL queries, idea lists", "≤ 4", str(qlist), qlist <= 4))
    qdetail = max(r["queries"] for r in g.values() if r["group"] in {"detail", "comments"})
    out.append(("SQL queries, idea detail / comments", "≤ 5", str(qdetail), qdetail <= 5))
    if "vote PUT" in g:
        v, v50, c = g["vote PUT"], g["vote PUT, 50 on one idea"], g["comment POST"]
        out.append(("SQL queries, vote PUT", "≤ 4", str(v["queries"]), v["queries"] <= 4))
        out.append(
            (
                "vote PUTs/s (concurrency 8)",
                "≥ 300/s",
                f"{v['rps']:.0f}/s",
                v["rps"] >= 300 and not v["errors"],
            )
        )
        out.append(
            (
                "50 voters on one idea, p99",
                "≤ 50 ms",
                f"{v50['p99_ms']:.0f} ms",
                v50["p99_ms"] <= 50 and not v50["errors"],
            )
        )
        out.append(
            (
                "comment POSTs/s (concurrency 8)",
                "≥ 150/s",
                f"{c['rps']:.0f}/s",
                c["rps"] >= 150 and not c["errors"],
            )
        )
    cm = g["idea comments p1"]
    out.append(
        (
            "idea with 1,000 comments, first page p50",
            "≤ 30 ms",
            f"{cm['p50_ms']:.1f} ms",
            cm["p50_ms"] <= 30,
        )
    )
    limits = {100: (15, 50), 1000: (60, 200)}
    for r in live["live"]:
        p50, p99 = limits.get(r["clients"], (math.inf, math.inf))
        # Votes folded into a newer tally by the coalescing window are delivered by design;
        # only frames that never arrived count as lost.
        complete = r.get("missing", 0) == 0
        out.append(
            (
                f"live {r['clients']} subscribers, p50 / p99",
                f"≤ {p50} / {p99} ms, all frames",
                f"{r['p50_ms']:.0f} / {r['p99_ms']:.0f} ms, "
                f"{r['deliveries']}/{r['expected_deliveries']} "
                f"({r.get('coalesced_votes', 0)} coalesced, {r.get('missing', 0)} lost)",
                r["p50_ms"] <= p50 and r["p99_ms"] <= p99 and complete,
            )
        )
    for r, raw in zip(live["live"], live["raw"], strict=False):
        ratio = r["server_cpu_us_per_delivery"] / raw["server_cpu_us_per_delivery"]
        out.append(
            (
                f"CPU per delivery vs raw websockets ({r['clients']} clients)",
                "≤ 5x",
                f"{ratio:.1f}x ({r['server_cpu_us_per_delivery']:.0f} vs "
                f"{raw['server_cpu_us_per_delivery']:.0f} µs; fan-out-only server "
                f"{r.get('fanout_cpu_us_per_delivery', float('nan')):.0f} µs)",
                ratio <= 5,
            )
        )
    if live.get("memory"):
        m = live["memory"]
        out.append(
            (
                f"RSS at {m['sockets']} idle sockets",
                "≤ 150 MB",
                f"{m['rss_mb']:.0f} MB",
                m["rss_mb"] <= 150,
            )
        )
    return out


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]

    def line(r: list[str]) -> str:
        return "| " + " | ".join(str(x).ljust(w) for x, w in zip(r, widths, strict=True)) + " |"

    return "\n".join(
        [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        + [line(r) for r in rows]
    )


def report(info: dict, small: dict, large: dict, live: dict) -> str:
    parts = [
        f"Machine: {info['cores']} cores ({info['cpu']}), {info['ram_gb']} GB RAM; "
        f"load average at start {info['loadavg_at_start'][0]:.2f}; "
        f"servers on cores {info['server_cores']}, load generator on {info['load_cores']}.",
        "",
        f"HTTP, {large['ideas']:,} ideas "
        "(concurrency 8 unless noted; CPU = both daphne processes):",
        "",
    ]
    rows = []
    s = _by_name(small)
    for r in large["results"]:
        small_p50 = f"{s[r['name']]['p50_ms']:.1f}" if r["name"] in s else ""
        rows.append(
            [
                r["name"] + (f" (c={r['concurrency']})" if r["concurrency"] != 8 else ""),
                f"{r['p50_ms']:.1f}",
                f"{r['p99_ms']:.1f}",
                f"{r['rps']:.0f}",
                f"{r['server_cpu_pct']:.0f}%",
                f"{r['server_cpu_ms_per_req']:.1f}",
                f"{r['db_cpu_ms_per_req']:.1f}",
                str(r["queries"]),
                str(r["errors"]),
                small_p50,
            ]
        )
    header = ["request", "p50 ms", "p99 ms", "req/s", "server CPU", "CPU ms/req", "PG ms/req"]
    header += ["queries", "errors", f"p50 ms @{small['ideas']:,}"]
    parts.append(table(rows, header))
    parts += ["", "Live (commit→frame over WebSockets, two daphne processes sharing Redis):", ""]
    rows = []
    for r, raw in zip(live["live"], live["raw"], strict=False):
        rows.append(
            [
                f"{r['clients']} clients, {r['rate']:g} events/s",
                f"{r['p50_ms']:.1f} / {r['p99_ms']:.1f}",
                f"{r['deliveries']}/{r['expected_deliveries']}",
                f"{r['deliveries_per_s']:.0f}",
                f"{r['server_cpu_us_per_delivery']:.0f}",
                f"{raw['p50_ms']:.1f} / {raw['p99_ms']:.1f}",
                f"{raw['server_cpu_us_per_delivery']:.0f}",
            ]
        )
    parts.append(
        table(
            rows,
            [
                "run",
                "p50 / p99 ms",
                "frames",
                "deliveries/s",
                "CPU µs/delivery",
                "raw ws p50 / p99 ms",
                "raw CPU µs/delivery",
            ],
        )
    )
    redis = live["redis"]
    parts.append(
        f"\nRedis PUBLISH→SUBSCRIBE: p50 {redis['p50_ms']:.2f} ms, p99 {redis['p99_ms']:.2f} ms."
    )
    if live.get("memory"):
        m = live["memory"]
        parts.append(
            f"Memory: one daphne process {m['rss_idle_mb']:.0f} MB idle, {m['rss_mb']:.0f} MB with "
            f"{m['sockets']} subscribed idle sockets ({m['kb_per_socket']:.0f} KB per socket)."
        )
    parts += ["", "Targets:", ""]
    parts.append(
        table(
            [
                [t, lim, got, "met" if ok else "MISSED"]
                for t, lim, got, ok in verdicts(small, large, live)
            ],
            ["target", "limit", "measured", "verdict"],
        )
    )
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--full", action="store_true", help="city scale: 100,000 ideas, 1,000 clients"
    )
    args = parser.parse_args()
    started = time.monotonic()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    info = machine()
    info["server_cores"] = serving_cores()
    cores = sorted(os.sched_getaffinity(0))
    info["load_cores"] = split_cores()[1] if len(cores) >= 4 else "any (unpinned)"
    large_size = FULL if args.full else REDUCED
    seconds, warmup = (10, 2) if args.full else (3, 1)
    clients = [100, 1000] if args.full else [100]
    live_seconds = 20 if args.full else 10

    print(f"Preparing datasets ({SMALL['ideas']:,} and {large_size['ideas']:,} ideas)…", flush=True)
    small_url, small_ds = prepare_database("oic_bench_small", SMALL)
    large_url, large_ds = prepare_database("oic_bench", large_size)
    py = sys.executable
    print(f"HTTP at {SMALL['ideas']:,} ideas (reads)…", flush=True)
    small_out, large_out, live_out = (
        LOG_DIR / n for n in ("http-small.json", "http-large.json", "live.json")
    )
    common = [f"--seconds={seconds}", f"--warmup={warmup}"]
    _run(
        [
            py,
            "-m",
            "bench.http_bench",
            f"--database-url={small_url}",
            f"--dataset={small_ds}",
            f"--out={small_out}",
            "--reads-only",
            *common,
        ]
    )
    print(f"HTTP at {large_size['ideas']:,} ideas…", flush=True)
    _run(
        [
            py,
            "-m",
            "bench.http_bench",
            f"--database-url={large_url}",
            f"--dataset={large_ds}",
            f"--out={large_out}",
            *common,
        ]
    )
    print("Live…", flush=True)
    _run(
        [
            py,
            "-m",
            "bench.live_bench",
            f"--database-url={large_url}",
            f"--dataset={large_ds}",
            f"--out={live_out}",
            f"--seconds={live_seconds}",
            "--clients",
            *map(str, clients),
        ]
    )
    small, large, live = (json.loads(p.read_text()) for p in (small_out, large_out, live_out))
    text = report(info, small, large, live)
    (LOG_DIR / ("report-full.md" if args.full else "report.md")).write_text(text + "\n")
    print()
    print(text)
    print(f"\nTotal {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
