"""The events accounts publishes (registered in AccountsConfig.ready): a request to join a
group and its decision, on the asker's private stream. People and organisations are not
live content otherwise; these exist so that notifications can tell the group's
administrators of a request and the asker of the answer (notifications derives from events)."""

from realtime.catalogue import EventType

EVENTS = [
    EventType("membership.requested", "`user:<asker>`", "`membership_request_event`"),
    EventType("membership.decided", "`user:<asker>`", "`membership_request_event`"),
]
TYPES = frozenset(event.type for event in EVENTS)
