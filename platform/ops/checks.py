"""What /readyz checks: each check returns (ok, detail)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

_migrations_applied = False


def database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, "ok"


def redis() -> tuple[bool, str]:
    if not settings.REDIS_URL:
        return True, "not configured"
    import redis as redis_py

    client = redis_py.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return True, "ok"


def migrations() -> tuple[bool, str]:
    """Every migration this code knows is applied. (Once true it stays true for this process:
    a later deploy only adds migrations that this code does not know.)"""
    global _migrations_applied
    if _migrations_applied:
        return True, "ok"
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return False, f"{len(plan)} unapplied: " + ", ".join(
            f"{m.app_label}.{m.name}" for m, _backwards in plan[:5]
        )
    _migrations_applied = True
    return True, "ok"


def worker() -> tuple[bool, str]:
    from ops.models import WorkerHeartbeat

    max_age = settings.READYZ_WORKER_MAX_AGE_SECONDS
    last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    if last is None:
        detail, ok = "no worker has reported", False
    else:
        age = (timezone.now() - last).total_seconds()
        ok = last >= timezone.now() - timedelta(seconds=max_age)
        detail = f"last heartbeat {age:.0f} s ago"
    if not ok and not settings.READYZ_REQUIRE_WORKER:
        return True, detail + " (not required)"
    return ok, detail


CHECKS = {"database": database, "redis": redis, "migrations": migrations, "worker": worker}
