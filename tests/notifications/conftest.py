"""Fixtures of the notification tests: running the derived work as the worker would."""

from __future__ import annotations

import pytest
from django_tasks.backends.database.models import DBTaskResult

from realtime import handlers
from tests.accounts.conftest import smtp  # noqa: F401 - the real SMTP server, shared

EVENT_TASK = "realtime.tasks.event_handle_task"


def derive() -> int:
    """Run the queued event handlers in this process and test transaction, in order, as the
    worker (`db_worker`) runs them in its own; returns how many ran. (The worker's own run is
    tested over real SMTP in test_mail_delivery.py.)"""
    ran = 0
    while True:
        queued = list(
            DBTaskResult.objects.filter(task_path=EVENT_TASK, status="READY").order_by(
                "enqueued_at", "id"
            )
        )
        if not queued:
            return ran
        for row in queued:
            handlers.event_handle(**row.args_kwargs["kwargs"])
            row.delete()
            ran += 1


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.SITE_URL = "https://oic.example.org"
