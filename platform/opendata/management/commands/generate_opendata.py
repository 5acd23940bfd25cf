"""`manage.py generate_opendata [--enqueue]`: write the open-data dumps (run it daily)."""

from django.core.management.base import BaseCommand

from opendata.services import dumps_generate
from opendata.tasks import dumps_generate_task


class Command(BaseCommand):
    help = "Regenerate the open-data dumps (CSV and JSON of every registered dataset)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="hand the work to the worker (db_worker)"
        )

    def handle(self, *args, enqueue: bool, **options):
        if enqueue:
            dumps_generate_task.enqueue()
            self.stdout.write("Queued for the worker.")
            return
        for slug, count in dumps_generate().items():
            self.stdout.write(f"{slug}: {count} rows")
