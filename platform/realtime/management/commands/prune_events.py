"""`manage.py prune_events [--days N]`: drop events older than the retention period."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from realtime.services import events_prune


class Command(BaseCommand):
    help = (
        "Delete live events older than --days (default REALTIME_RETENTION_DAYS). Clients "
        "reconnecting with an older `since` are told to reload (resync)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.REALTIME_RETENTION_DAYS)
        parser.add_argument("--batch-size", type=int, default=5_000)

    def handle(self, *args, days: int, batch_size: int, **options):
        if days < 0:
            raise CommandError("--days must not be negative.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        deleted = events_prune(older_than=timedelta(days=days), batch_size=batch_size)
        self.stdout.write(f"Deleted {deleted} events older than {days} days.")
