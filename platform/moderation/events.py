"""The event moderation publishes: a decision told to the affected person on their private
stream, from which notifications makes an in-app notification (moderation mails the statement
of reasons itself)."""

from realtime.catalogue import EventType

EVENTS = [
    # Private to the author of the decided item; never edited afterwards: nothing to redact.
    EventType("moderation.decided", "`user:<author>`", "`decision_notice`"),
]
