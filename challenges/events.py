"""The events challenges publish (the event catalogue; registered in ChallengesConfig.ready)."""

from realtime.catalogue import EventType, PayloadField

STREAMS = "`challenge:<id>`, `feed` (once it is no draft)"
CHALLENGE = PayloadField("challenge", "id")

EVENTS = [
    EventType("challenge.created", STREAMS, "`challenge_data`", entity=CHALLENGE),
    EventType("challenge.updated", STREAMS, "`challenge_data`", entity=CHALLENGE),
]
