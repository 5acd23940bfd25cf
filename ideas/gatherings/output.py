"""Outward shapes of events, defined once for the API, the live events and the site.

The online link is never part of a shape: it is for people with a seat only (the API adds it
for them, see api.py). The seats shape is what `event.seats_changed` carries.
"""

from __future__ import annotations

from django.utils import timezone

from accounts.output import iso_datetime, organisation_ref, topic_refs
from ideas.gatherings.models import Event

EVENT_READER_KEYS = ("topics[].name", "my_registration", "online_url")


def event_seats(event: Event) -> dict:
    """What changes when someone registers or cancels: enough to update seats in place."""
    return {
        "id": event.pk,
        "capacity": event.capacity,
        "registered_count": event.registered_count,
        "waiting_count": event.waiting_count,
        "seats_left": event.seats_left,
        "status": event.status,
    }


def event_data(event: Event, *, for_reader: bool = True) -> dict:
    """An event as the API lists and shows it (needs topics, challenges and ideas prefetched
    and the organiser joined, as the selectors do)."""
    tz = timezone.get_current_timezone()
    return {
        **event_seats(event),
        "title": event.title,
        "description": event.description,
        "kind": event.kind,
        "topics": topic_refs(event.topics.all(), for_reader=for_reader),
        "starts_at": iso_datetime(event.starts_at, tz),
        "ends_at": iso_datetime(event.ends_at, tz),
        "place": event.place,
        "address": event.address,
        "organiser": organisation_ref(event.organiser),
        "challenges": [challenge.pk for challenge in event.challenges.all()],
        "ideas": [idea.pk for idea in event.ideas.all()],
        "results": event.results,
    }
