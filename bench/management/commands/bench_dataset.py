"""`manage.py bench_dataset`: fill the database with a city-scale synthetic dataset."""

import json
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand

from bench.dataset import DatasetSize, generate

DEFAULTS = DatasetSize()


class Command(BaseCommand):
    help = (
        "Bulk-insert a synthetic dataset (people of every sector, organisations, challenges, "
        "ideas, votes, comments with replies) with tallies equal to the vote and comment rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=DEFAULTS.users)
        parser.add_argument("--orgs", type=int, default=DEFAULTS.orgs)
        parser.add_argument("--challenges", type=int, default=DEFAULTS.challenges)
        parser.add_argument("--ideas", type=int, default=DEFAULTS.ideas)
        parser.add_argument("--votes", type=int, default=DEFAULTS.votes)
        parser.add_argument("--comments", type=int, default=DEFAULTS.comments)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--json", help="also write the result (ids the benchmarks use) here")

    def handle(self, *args, **options):
        size = DatasetSize(
            users=options["users"],
            orgs=options["orgs"],
            challenges=options["challenges"],
            ideas=options["ideas"],
            votes=options["votes"],
            comments=options["comments"],
        )
        verbose = options["verbosity"] > 1
        result = generate(
            size,
            seed=options["seed"],
            log=(lambda m: self.stdout.write(f"  {m}")) if verbose else (lambda _m: None),
        )
        if options["json"]:
            Path(options["json"]).write_text(
                json.dumps(
                    {
                        "size": asdict(size),
                        "seconds": round(result.seconds, 2),
                        "rows": result.rows,
                        "focus_idea_id": result.focus_idea_id,
                        "focus_challenge_id": result.focus_challenge_id,
                    },
                    indent=1,
                )
            )
        rows = ", ".join(f"{label}={n}" for label, n in result.rows.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Dataset inserted in {result.seconds:.1f} s: {rows}. "
                f"Focus idea {result.focus_idea_id} in challenge {result.focus_challenge_id}."
            )
        )
