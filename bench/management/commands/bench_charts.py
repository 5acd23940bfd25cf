"""`manage.py bench_charts`: how long the charts of one big challenge take to compute.

Fills the configured database (use a scratch one, as for bench_dataset) with one challenge of
`--ideas` ideas, its votes and comments (bench.dataset), and an official answer for a quarter of
the ideas; then computes `challenge_figures` `--runs` times and prints the median, the slowest
run and the number of queries. docs/benchmarks.md records the figures.
"""

import json
import math
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
        times = []
        for _ in range(options["runs"]):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                figures = challenge_figures(challenge)
                times.append((time.perf_counter() - started) * 1000)
        out = {
            "database": connection.vendor,
            "ideas": figures.ideas,
            "participants": figures.participants,
            "answered": figures.answered,
            "queries": len(queries.captured_queries),
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
            "runs": options["runs"],
        }
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as f:
                json.dump(out, f, indent=1)
        self.stdout.write(json.dumps(out))
