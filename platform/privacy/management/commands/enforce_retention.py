"""`manage.py enforce_retention`: delete what is kept longer than its retention period."""

from django.core.management.base import BaseCommand

from privacy.registry import retention_rules
from privacy.retention import retention_enforce


class Command(BaseCommand):
    help = (
        "Delete everything older than its retention period (settings PRIVACY_*_RETENTION_*, "
        "REALTIME_RETENTION_DAYS, ACCOUNTS_UNCONFIRMED_RETENTION_DAYS). Run it daily."
    )

    def handle(self, *args, **options):
        removed = retention_enforce()
        for rule in retention_rules():
            if rule.key in removed:
                self.stdout.write(
                    f"{rule.key}: {removed[rule.key]} removed (older than {rule.days} days)"
                )
            else:
                self.stdout.write(f"{rule.key}: {rule.days} days, enforced outside the platform")
