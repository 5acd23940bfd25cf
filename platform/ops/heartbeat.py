"""The worker's heartbeat: a thread beside the task loop that touches its row every few seconds,
so /readyz and the `oic_worker_heartbeat_age_seconds` gauge tell whether tasks are being run."""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def beat(name: str) -> None:
    from ops.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(worker=name, defaults={"seen_at": timezone.now()})


def prune(max_age_seconds: int) -> int:
    """Forget workers not seen for a long time (stopped ones keep their last row otherwise)."""
    from ops.models import WorkerHeartbeat

    cutoff = timezone.now() - timedelta(seconds=max_age_seconds)
    return WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()[0]


class Heartbeat(threading.Thread):
    def __init__(self, interval: float | None = None):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.interval = interval or settings.WORKER_HEARTBEAT_SECONDS
        self.name_in_db = worker_name()
        self.stopped = threading.Event()

    def start(self) -> None:
        # The first beat in the caller's thread: a worker that cannot reach the database
        # fails at once, and even a `--batch` run leaves its mark.
        beat(self.name_in_db)
        prune(24 * 3600)
        super().start()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                close_old_connections()
                beat(self.name_in_db)
            except Exception:
                logger.exception("Could not record the worker's heartbeat")
            finally:
                connection.close()

    def stop(self) -> None:
        self.stopped.set()
