"""`manage.py run_worker [db_worker options]`: django-tasks' `db_worker` with a heartbeat.

Production runs this (deploy/systemd/oic-worker.service); every option is db_worker's."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ops.heartbeat import Heartbeat


class Command(BaseCommand):
    help = "Run the task worker (django-tasks' db_worker) and record its heartbeat."

    def add_arguments(self, parser):
        parser.add_argument("worker_args", nargs="*", help="passed on to db_worker, e.g. --batch")

    def handle(self, *args, worker_args, **options):
        heartbeat = Heartbeat()
        heartbeat.start()
        try:
            call_command("db_worker", *worker_args)
        finally:
            heartbeat.stop()
