"""`python -m bench.opendata_bench [--full] [--reuse]`: how long the open-data dumps take and
how much memory they need, on the benchmark dataset in PostgreSQL.

The reduced size is bench.run's (10,000 ideas, 30,000 comments); `--full` is the city scale
(100,000 ideas, 300,000 comments). The dumps run in a process of their own; its peak resident
memory is read before and after, so the figure is what the dump adds to a started Django.
Bounded memory shows as the same increase at both sizes. Results go to var/bench/.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.run import FULL, REDUCED, prepare_database
from bench.servers import LOG_DIR, PG_BASE, ROOT

CHILD = """
import json, resource, time
import django
django.setup()
from opendata.services import dumps_generate
from django.db import connection
connection.ensure_connection()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
counts = dumps_generate()
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("RESULT " + json.dumps({"seconds": seconds, "rows": counts,
      "rss_before_kib": before, "rss_peak_kib": after}))
"""


def measure(database_url: str, out_dir: Path) -> dict:
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        OPENDATA_DIR=str(out_dir),
        DJANGO_SETTINGS_MODULE="oic.settings",
        LOG_LEVEL="WARNING",
    )
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    data["files"] = {p.name: p.stat().st_size for p in sorted(out_dir.iterdir())}
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep the filled database")
    args = parser.parse_args()
    size, name = (FULL, "oic_bench_opendata_full") if args.full else (REDUCED, "oic_bench_opendata")
    url = f"{PG_BASE}/{name}"
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    if not args.reuse:
        url, _dataset = prepare_database(name, size)
    with tempfile.TemporaryDirectory() as tmp:
        data = measure(url, Path(tmp))
    data["size"] = size
    (LOG_DIR / f"opendata-{name}.json").write_text(json.dumps(data, indent=2))
    added = (data["rss_peak_kib"] - data["rss_before_kib"]) / 1024
    print(f"{size['ideas']:,} ideas, {size['comments']:,} comments: {data['rows']}")
    print(
        f"time {data['seconds']:.1f} s, peak RSS {data['rss_peak_kib'] / 1024:.0f} MiB "
        f"(+{added:.0f} MiB over a started Django)"
    )
    for file, bytes_ in data["files"].items():
        print(f"  {file}: {bytes_ / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
