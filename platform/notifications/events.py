"""The events notifications publish on each person's private stream `user:<id>`."""

from realtime.catalogue import EventType

EVENTS = [
    # The notification as the API lists it, in its recipient's language, and their unread count.
    # Private to one person and never edited afterwards: no entity to redact.
    EventType("notification.created", "`user:<recipient>`", "`notification_event`"),
    # After marking read on one page: every other open page of the person updates its bell.
    EventType("notification.read", "`user:<recipient>`", "`unread_event`"),
]
