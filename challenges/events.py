"""The events challenges publish (the event catalogue; registered in ChallengesConfig.ready)."""

from realtime.catalogue import EventType, PayloadField

STREAMS = "`challenge:<id>`, `feed` (once it is no draft)"
CHALLENGE = PayloadField("challenge", "id")

EVENTS = [
    EventType("challenge.created", STREAMS, "`challenge_data`", entity=CHALLENGE),
    EventType("challenge.updated", STREAMS, "`challenge_data`", entity=CHALLENGE),
    # A move to another phase, besides the `challenge.updated` that carries the challenge:
    # what notifications need to tell "opens" and "closes" from an edit of the text. Ids and
    # statuses only: no text of the challenge that an edit would have to redact.
    EventType("challenge.status_changed", "`challenge:<id>`", "`challenge_status_event`"),
]
