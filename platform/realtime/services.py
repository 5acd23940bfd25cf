"""Writes on the event log itself: pruning old events (services of domain apps publish and
redact through `realtime.publish` and `realtime.redact`)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from realtime.models import Event, LogHorizon


def events_prune(*, older_than: timedelta, batch_size: int = 5_000) -> int:
    """Delete events older than `older_than`, in batches; returns how many were deleted.

    Deletion goes by id up to the newest expired event, so the kept log is always a suffix
    by id and one number, the horizon, says which `since` can still be replayed. The horizon
    is committed before the first row goes: a replay running meanwhile then answers
    `resync` instead of silently missing rows deleted under it.
    """
    cutoff = timezone.now() - older_than
    boundary = Event.objects.filter(created_at__lt=cutoff).aggregate(m=Max("id"))["m"]
    if boundary is None:
        return 0
    with transaction.atomic():
        horizon, _ = LogHorizon.objects.select_for_update().get_or_create(pk=1)
        horizon.pruned_through = max(horizon.pruned_through, boundary)
        horizon.pruned_at = timezone.now()
        horizon.save()
    deleted = 0
    while True:
        # One short transaction per batch: no long lock on the table, publishing goes on.
        ids = list(
            Event.objects.filter(id__lte=boundary)
            .order_by("id")
            .values_list("id", flat=True)[:batch_size]
        )
        if not ids:
            return deleted
        count, _ = Event.objects.filter(id__gte=ids[0], id__lte=ids[-1]).delete()
        deleted += count
