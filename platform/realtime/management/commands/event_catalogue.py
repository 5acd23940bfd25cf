"""`manage.py event_catalogue`: print the event catalogue as docs/realtime.md's table."""

from django.core.management.base import BaseCommand

from realtime.catalogue import catalogue_table


class Command(BaseCommand):
    help = "Print every declared event type as the Markdown table of docs/realtime.md."

    def handle(self, *args, **options):
        self.stdout.write(catalogue_table(), ending="")
