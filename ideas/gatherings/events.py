"""The events the gatherings app publishes (registered in GatheringsConfig.ready)."""

from realtime.catalogue import EventType, PayloadField

EVENT = PayloadField("event", "id")

EVENTS = [
    EventType("event.created", "`event:<id>`, `feed`", "`event_data`", entity=EVENT),
    EventType("event.cancelled", "`event:<id>`, `feed`", "`event_seats`"),
    # Every registration or cancellation supersedes the last count: only the newest matters.
    EventType(
        "event.seats_changed", "`event:<id>`", "`event_seats`", coalesce=PayloadField("seats", "id")
    ),
]
