"""The events votes publish (the event catalogue; registered in VotesConfig.ready)."""

from realtime.catalogue import EventType, PayloadField

EVENTS = [
    # Absolute tallies, never who voted: no content to redact, and each one supersedes the
    # earlier ones of its idea, so sockets and the replay send only the newest.
    EventType(
        "vote.changed",
        "`idea:<idea>`, `challenge:<its challenge>` (if any)",
        "`tallies_event`",
        coalesce=PayloadField("tallies:idea", "idea"),
    ),
]
