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

HACKATHON_EVENTS = [
    # A team formed, someone joined or left, the team submitted, or it dissolved: its counts
    # and sector mix. Only the newest state of a team matters.
    EventType(
        "team.changed", "`challenge:<id>`", "`team_seats`", coalesce=PayloadField("team", "id")
    ),
    EventType("hackathon.jury_announced", "`challenge:<id>`, `feed`", "`hackathon_data`"),
    # A request to join a team and its answer, on the asker's private stream (no message):
    # notifications tells the lead of the request and the asker of the answer.
    EventType("team.join_requested", "`user:<asker>`", "`team_request_event`"),
    EventType("team.join_decided", "`user:<asker>`", "`team_request_event`"),
]
