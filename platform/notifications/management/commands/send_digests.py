"""Queue the daily or weekly notification digests (cron or a systemd timer; idempotent)."""

from django.core.management.base import BaseCommand

from notifications.models import DigestSent
from notifications.services import digests_send


class Command(BaseCommand):
    help = (
        "Queue one digest mail per person with their pending notifications of the kinds they "
        "get daily (or weekly). Running it again in the same day (ISO week) sends nothing twice; "
        "the worker (db_worker) delivers the mails."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, choices=DigestSent.Period.values)

    def handle(self, *args, period: str, **options):
        count = digests_send(period=period)
        self.stdout.write(f"Queued {count} {period} digest(s).")
