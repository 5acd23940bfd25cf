"""Who may watch `event:<id>`: anyone, for every event that exists (events are public)."""

from __future__ import annotations

from ideas.gatherings.models import Event


def event_stream_visible(user, pk: int) -> bool:
    return Event.objects.filter(pk=pk).exists()
