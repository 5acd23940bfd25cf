"""Notify of what is due by the clock, such as a followed challenge closing within 3 days
(cron or a systemd timer, e.g. hourly; idempotent)."""

from django.core.management.base import BaseCommand

from notifications.services import notifications_due


class Command(BaseCommand):
    help = "Make the notifications that are due by the clock (each one once per person)."

    def handle(self, *args, **options):
        count = notifications_due()
        self.stdout.write(f"Made {count} notification(s).")
