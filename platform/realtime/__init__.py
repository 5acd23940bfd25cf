"""Live events: the outbox, publish-on-commit, and the WebSocket consumer.

Services call `realtime.publish(stream, type, data)` inside their transaction, and
`realtime.redact(entity=…, current=…)` in the transaction that edits, deletes, withdraws or
hides content. Domain apps import only these functions, the stream-name helper,
`register_stream_guard` (to say who may watch their streams) and `register_events` (to
declare the events they publish, see `realtime.catalogue`); realtime imports no domain app.
Capabilities (notifications) add `register_event_handler` (work derived from events in the
worker, see `realtime.handlers`) and `publish_each` (many people's own events at once).
A service that writes its outbox rows in its own SQL statement (PostgreSQL's one-statement
vote) takes their table and keys from `outbox_table` and `outbox_keys`, and hands the new
rows to `published`, which checks and broadcasts them as `publish` would.
"""

from realtime.catalogue import EventType, PayloadField, register_events
from realtime.handlers import register_event_handler
from realtime.publishing import (
    outbox_keys,
    outbox_table,
    publish,
    publish_each,
    published,
    published_in_sql,
    stream_name,
)
from realtime.redaction import redact
from realtime.streams import register_stream_guard

__all__ = [
    "EventType",
    "PayloadField",
    "outbox_keys",
    "outbox_table",
    "publish",
    "publish_each",
    "published",
    "published_in_sql",
    "redact",
    "register_event_handler",
    "register_events",
    "register_stream_guard",
    "stream_name",
]
