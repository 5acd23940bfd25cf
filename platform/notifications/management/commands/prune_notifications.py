"""Delete read notifications older than NOTIFICATIONS_KEEP_READ_DAYS (cron, daily)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from notifications.services import notifications_prune


class Command(BaseCommand):
    help = "Delete notifications that were read more than --days days ago (unread ones stay)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.NOTIFICATIONS_KEEP_READ_DAYS)

    def handle(self, *args, days: int, **options):
        deleted = notifications_prune(older_than=timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} read notification(s) older than {days} days.")
