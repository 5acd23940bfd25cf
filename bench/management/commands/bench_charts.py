"""`manage.py bench_charts`: how long the charts of one big challenge take to compute.

Fills the configured database (use a scratch one, as for bench_dataset) with one challenge of
`--ideas` ideas, its votes and comments (bench.dataset), and an official answer for a quarter of
the ideas; then computes `challenge_figures` `--runs` times and prints the median, the quartiles,
the slowest run, the number of queries, the machine's load and the CPU spent per computation
(this process plus, on a PostgreSQL on this machine, its backend process: a figure that a busy
machine inflates far less than the wall time). docs/benchmarks.md records the figures.
"""

import json
import math
import os
import random
import statistics
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from bench.dataset import DatasetSize, generate
from challenges.models import Challenge
from ideas.evaluation.selectors import challenge_figures
from ideas.models import Idea, IdeaStatusChange


class Command(BaseCommand):
    help = "Time the chart figures of one challenge with many ideas (issue 18)."

    def add_arguments(self, parser):
        parser.add_argument("--ideas", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--json", help="also write the result here")
        parser.add_argument(
            "--again", action="store_true", help="time the biggest challenge there is, fill nothing"
        )

    def handle(self, *args, **options):
        if options["again"]:
            self._time(Challenge.objects.order_by("-idea_count").first(), options)
            return
        # bench.dataset leaves 10 % of ideas free and withdraws 1 %: ask for enough that the one
        # challenge holds `--ideas` visible ideas.
        total = math.ceil(options["ideas"] / (0.9 * 0.99))
        result = generate(
            DatasetSize(
                users=5_000,
                orgs=20,
                challenges=1,
                ideas=total,
                votes=total * 5,
                comments=total * 2,
            )
        )
        challenge = Challenge.objects.get(pk=result.focus_challenge_id)
        staff = User.objects.order_by("pk").first()
        rng = random.Random(7)
        answered = list(
            Idea.objects.filter(challenge=challenge).values_list("pk", "created_at")[::4]
        )
        IdeaStatusChange.objects.bulk_create(
            [
                IdeaStatusChange(
                    idea_id=pk,
                    from_status="submitted",
                    to_status="under_review",
                    changed_by=staff,
                    created_at=created + timedelta(hours=rng.uniform(1, 400)),
                )
                for pk, created in answered
            ],
            batch_size=2_000,
        )
        self._time(challenge, options)

    def _time(self, challenge, options):
        challenge_figures(challenge)  # warm the connection and the caches of the database
        backend_cpu = _backend_cpu_reader()
        times = []
        cpu_started, backend_started = time.process_time(), backend_cpu()
        for _ in range(options["runs"]):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                figures = challenge_figures(challenge)
                times.append((time.perf_counter() - started) * 1000)
        client_ms = (time.process_time() - cpu_started) * 1000 / options["runs"]
        backend_ms = (backend_cpu() - backend_started) * 1000 / options["runs"]
        quartiles = statistics.quantiles(times, n=4)
        out = {
            "database": connection.vendor,
            "ideas": figures.ideas,
            "participants": figures.participants,
            "answered": figures.answered,
            "queries": len(queries.captured_queries),
            "median_ms": round(statistics.median(times), 1),
            "quartiles_ms": [round(quartiles[0], 1), round(quartiles[2], 1)],
            "min_ms": round(min(times), 1),
            "max_ms": round(max(times), 1),
            "cpu_ms": round(client_ms + backend_ms, 1),
            "cpu_backend_ms": round(backend_ms, 1),
            "load": [round(n, 2) for n in os.getloadavg()],
            "runs": options["runs"],
        }
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as f:
                json.dump(out, f, indent=1)
        self.stdout.write(json.dumps(out))


def _backend_cpu_reader():
    """A function returning the CPU seconds (user + system) of this connection's PostgreSQL
    backend so far, read from /proc when the server runs on this machine; 0 otherwise (SQLite
    runs in this process, whose CPU is counted already)."""
    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    path, tick = f"/proc/{pid}/stat", os.sysconf("SC_CLK_TCK")

    def read() -> float:
        try:
            with open(path, encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:  # the database runs elsewhere
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick

    return read
