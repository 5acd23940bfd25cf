"""Write an event to the outbox inside the caller's transaction; broadcast it after commit."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from ops.metrics import EVENTS_PUBLISHED
from realtime.handlers import handlers_enqueue, handlers_for

logger = logging.getLogger(__name__)

# A whole stream name, matched with `fullmatch` (`$` would also accept a trailing newline):
# `feed` or `<kind>:<id>`. Which kinds exist and who may watch them is the guard registry's
# business (realtime.streams): a kind nobody registered is refused like an unknown id.
STREAM_RE = re.compile(r"feed|[a-z][a-z_]{0,29}:[1-9][0-9]{0,18}")


def stream_name(kind: str, pk: int | None = None) -> str:
    """`stream_name("idea", 42)` -> "idea:42"; `stream_name("feed")` -> "feed"."""
    return kind if pk is None else f"{kind}:{pk}"


def group_name(stream: str) -> str:
    """Channel-layer group for a stream (groups allow only [a-zA-Z0-9._-])."""
    return "s." + stream.replace(":", ".")


def _jsonable(data: dict) -> dict:
    # Round-trip through Django's encoder so datetimes/decimals become strings exactly as
    # they will be stored, and the live frame equals the replayed one.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def publish(stream: str | Iterable[str], type: str, data: dict) -> list[int]:  # noqa: A002
    """Record an event on one or more streams and broadcast it once the transaction commits.

    `type` must be declared in the event catalogue (`realtime.catalogue`), else this raises
    `UndeclaredEvent`: the declaration gives the entity and the coalescing key stored with
    the event.

    Must be called inside `transaction.atomic()`: the outbox row commits or rolls back with
    the change it describes, and nothing is sent for a rolled-back transaction. A broker
    failure after commit is logged, never raised: the event stays in the log and clients
    catch up with `since` when they reconnect. Returns the new event ids.
    """
    from realtime.catalogue import event_type
    from realtime.models import Event

    declared = event_type(type)
    streams = [stream] if isinstance(stream, str) else list(stream)
    for s in streams:
        if not STREAM_RE.fullmatch(s):
            raise ValueError(f"Not a stream name: {s!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("realtime.publish must be called inside transaction.atomic()")
    payload = _jsonable(data)
    entity = declared.entity(payload) if declared.entity else None
    coalesce_key = declared.coalesce(payload) if declared.coalesce else None
    # One INSERT for all streams (ids come back through RETURNING on PostgreSQL and SQLite).
    now = timezone.now()
    same = {"type": type, "data": payload, "created_at": now, "entity": entity}
    events = Event.objects.bulk_create(
        [Event(stream=s, coalesce_key=coalesce_key, **same) for s in streams]
    )
    frames = [e.as_frame() for e in events]
    transaction.on_commit(lambda: broadcast(frames, coalesce_key=coalesce_key))
    # Capabilities that derive work from events (notifications) get a task per event, written
    # in this transaction (the database task backend): committed with the change or not at all.
    handlers_enqueue(type=type, event_id=events[0].id)
    return [e.id for e in events]


def outbox_keys(type: str, data: dict) -> tuple[str | None, str | None]:  # noqa: A002
    """(entity, coalescing key) the catalogue gives an event of `type` carrying `data`: for a
    service that writes its outbox rows in its own SQL statement (see `published`). `data`
    needs only the fields the declaration reads."""
    from realtime.catalogue import event_type

    declared = event_type(type)
    payload = _jsonable(data)
    return (
        declared.entity(payload) if declared.entity else None,
        declared.coalesce(payload) if declared.coalesce else None,
    )


def outbox_table() -> str:
    """The outbox's table, for a service's own INSERT (see `published`)."""
    from realtime.models import Event

    return Event._meta.db_table


def published_in_sql(type: str) -> bool:  # noqa: A002
    """May a service write events of `type` in its own SQL statement (`published`)? Only
    while no capability wants them (`register_event_handler`): their tasks are written by
    `publish` in the change's transaction, which one statement on its own does not have."""
    from realtime.catalogue import event_type

    event_type(type)  # declared, or UndeclaredEvent
    return not handlers_for(type)


def published(
    type: str,  # noqa: A002
    rows: Iterable[tuple[int, str]],
    *,
    data: dict,
    created_at,
    keys: tuple[str | None, str | None],
) -> list[int]:
    """Finish publishing events whose outbox rows a service inserted itself, in the very
    statement that made the change they describe (PostgreSQL's one-statement vote): `rows`
    are the new rows' (id, stream), `data`, `created_at` and `keys` (from `outbox_keys`) what
    the statement stored in each. Checks them as `publish` checks its own, then broadcasts
    once the change is committed: at once when the statement ran outside a transaction (it
    committed on its own), else on commit. Only for types `published_in_sql` allows."""
    from realtime.models import Event

    if not published_in_sql(type):
        raise RuntimeError(f"{type}: its handlers need realtime.publish in a transaction")
    payload = _jsonable(data)
    if keys != outbox_keys(type, payload):
        raise ValueError(f"{type}: stored keys {keys!r} are not the catalogue's for {payload!r}")
    rows = sorted(rows)
    for _, s in rows:
        if not STREAM_RE.fullmatch(s):
            raise ValueError(f"Not a stream name: {s!r}")
    # The frames a replay of these rows will send.
    frames = [
        Event(id=pk, stream=s, type=type, data=payload, created_at=created_at).as_frame()
        for pk, s in rows
    ]
    if frames:
        transaction.on_commit(lambda: broadcast(frames, coalesce_key=keys[1]))
    return [pk for pk, _ in rows]


def publish_each(type: str, items: Iterable[tuple[str, dict]], *, batch_size: int = 1000) -> int:  # noqa: A002
    """Record one event per `(stream, data)` item, each on its own stream, and broadcast them
    after commit: for a capability sending many people their own event at once (10,000
    notifications: one INSERT per `batch_size` events, not one per person). Same rules as
    `publish` (declared type, inside `transaction.atomic()`); no event handlers are run for
    these. Returns how many events were written."""
    from realtime.catalogue import event_type
    from realtime.models import Event

    declared = event_type(type)
    if declared.coalesce is not None:
        # Each event is its own person's: nothing on one stream supersedes another's.
        raise ValueError(f"{type}: publish_each takes event types without a coalescing key")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("realtime.publish_each must be called inside transaction.atomic()")
    now = timezone.now()
    frames: list[dict] = []
    batch: list[Event] = []

    def flush() -> None:
        frames.extend(e.as_frame() for e in Event.objects.bulk_create(batch))
        batch.clear()

    for stream, data in items:
        if not STREAM_RE.fullmatch(stream):
            raise ValueError(f"Not a stream name: {stream!r}")
        payload = _jsonable(data)
        batch.append(
            Event(
                stream=stream,
                type=type,
                data=payload,
                created_at=now,
                entity=declared.entity(payload) if declared.entity else None,
            )
        )
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    if frames:
        transaction.on_commit(lambda: broadcast(frames, concurrent=True))
    return len(frames)


# Frames of different streams sent at once by `publish_each`: each is one broker round trip,
# so 10,000 people's frames in sequence would wait for 10,000 round trips one after another.
CONCURRENT_SENDS = 100


def broadcast(
    frames: list[dict], *, coalesce_key: str | None = None, concurrent: bool = False
) -> None:
    """Send committed event frames to their stream groups; log (not raise) broker failures.
    `coalesce_key` travels with each message, so sockets coalesce without the catalogue.
    `concurrent`: the frames go to different streams (each its own person's), so their order
    does not matter and up to CONCURRENT_SENDS are in flight at once."""
    layer = get_channel_layer()
    if layer is None:
        return
    # One hop to the event loop for all streams of an event, not one per stream: it runs in
    # the request's thread, before the response goes out.
    if concurrent:
        async_to_sync(_send_concurrently)(layer, frames)
    else:
        async_to_sync(_send_all)(layer, frames, coalesce_key)


async def _send_concurrently(layer, frames: list[dict]) -> None:
    for start in range(0, len(frames), CONCURRENT_SENDS):
        chunk = frames[start : start + CONCURRENT_SENDS]
        await asyncio.gather(*(_send_all(layer, [frame], None) for frame in chunk))


async def _send_all(layer, frames: list[dict], coalesce_key: str | None) -> None:
    # Sent right after the commit: sockets measure the delivery lag from here (ops.metrics).
    committed_at = time.time()
    for frame in frames:
        EVENTS_PUBLISHED.labels(frame["type"]).inc()
        # `text` is the frame as sent on the wire, encoded once here rather than once per
        # socket; `event` is what consumers read for replay dedup, `coalesce` their key for
        # folding superseded events (absent or None: every event is sent).
        message = {
            "type": "stream.event",
            "event": frame,
            "text": json.dumps(frame),
            "coalesce": coalesce_key,
            "committed_at": committed_at,
        }
        try:
            await layer.group_send(group_name(frame["stream"]), message)
        except Exception:
            logger.exception(
                "Could not broadcast event %s on %s; it stays in the log for replay.",
                frame["id"],
                frame["stream"],
            )
