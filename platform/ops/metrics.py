"""Prometheus metrics of the platform (prometheus-client).

Several daphne processes serve one site, so the metrics are kept in prometheus-client's
multiprocess mode when PROMETHEUS_MULTIPROC_DIR is set (deploy/ sets it): every process writes
its samples to files in that directory and any process's /metrics adds them all up, so one
scrape of the site through nginx sees the whole host. Without it (development, tests) each
process counts for itself. The worker writes into the same directory on its host.

What the database knows (task queue depth and age, mails by status, the worker's heartbeat) is
read at scrape time by `DatabaseCollector`, so every process reports the same, true figures.
"""

from __future__ import annotations

import atexit
import os
import time

from prometheus_client import Counter, Gauge, Histogram

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

HTTP_REQUESTS = Counter(
    "oic_http_requests_total",
    "HTTP requests answered, by view, method and status.",
    ["view", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "oic_http_request_duration_seconds",
    "Time from request to response, by view.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
OPEN_SOCKETS = Gauge(
    "oic_websocket_connections", "Open WebSocket connections.", multiprocess_mode="livesum"
)
SUBSCRIPTIONS = Gauge(
    "oic_websocket_subscriptions",
    "Streams watched, summed over all open sockets.",
    multiprocess_mode="livesum",
)
EVENTS_PUBLISHED = Counter(
    "oic_events_published_total", "Events committed and broadcast, by type.", ["type"]
)
DELIVERY_LAG = Histogram(
    "oic_event_delivery_lag_seconds",
    "From the commit of an event to its frame being sent on a socket (live frames only).",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
BROKER_RECONNECTS = Counter(
    "oic_broker_reconnects_total",
    "Times the subscription to Redis was lost and restored (sockets sent back to the log).",
)
MAIL_DELIVERIES = Counter(
    "oic_mail_deliveries_total", "Mail delivery attempts in the worker, by outcome.", ["outcome"]
)

if MULTIPROCESS:

    def _mark_dead() -> None:
        # The live gauges (sockets, subscriptions) of a process that ended must not count.
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())

    atexit.register(_mark_dead)


class DatabaseCollector:
    """Gauges read from the database at scrape time."""

    def collect(self):
        from django.db.models import Case, Count, F, Max, Min, When
        from django.db.models.functions import Greatest
        from django.utils import timezone
        from django_tasks.backends.database.models import DBTaskResult
        from prometheus_client.core import GaugeMetricFamily

        from mail.models import Mail
        from ops.models import WorkerHeartbeat

        now = timezone.now()
        due_since = Greatest(
            "enqueued_at",
            Case(When(run_after__lte=now, then=F("run_after")), default=F("enqueued_at")),
        )
        queue = DBTaskResult.objects.ready().aggregate(depth=Count("id"), oldest=Min(due_since))
        depth = GaugeMetricFamily("oic_task_queue_depth", "Tasks due and not yet started.")
        depth.add_metric([], queue["depth"])
        yield depth
        age = GaugeMetricFamily(
            "oic_task_queue_oldest_age_seconds",
            "How long the oldest due task has waited (0 when the queue is empty).",
        )
        age.add_metric([], (now - queue["oldest"]).total_seconds() if queue["oldest"] else 0.0)
        yield age

        mails = GaugeMetricFamily(
            "oic_mails", "Mails in the queue's table, by status.", labels=["status"]
        )
        counts = dict(Mail.objects.values_list("status").annotate(n=Count("id")))
        for status in Mail.Status.values:
            mails.add_metric([status], counts.get(status, 0))
        yield mails

        last = WorkerHeartbeat.objects.aggregate(seen=Max("seen_at"))["seen"]
        heartbeat = GaugeMetricFamily(
            "oic_worker_heartbeat_age_seconds",
            "Seconds since a task worker last reported (absent: no worker ever ran).",
        )
        if last is not None:
            heartbeat.add_metric([], max(0.0, (now - last).total_seconds()))
        yield heartbeat


def exposition() -> tuple[bytes, str]:
    """The text exposition of this process (or, in multiprocess mode, of all processes on
    this host) plus the database gauges."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    if MULTIPROCESS:
        from prometheus_client import multiprocess

        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
        output = generate_latest(processes)
    else:
        output = generate_latest(REGISTRY)
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return output + generate_latest(database), CONTENT_TYPE_LATEST


def observe_delivery(committed_at: float | None) -> None:
    if committed_at:
        DELIVERY_LAG.observe(max(0.0, time.time() - committed_at))
