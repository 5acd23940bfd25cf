"""iCalendar (RFC 5545) for events: one event as an .ics file, and feeds of many.

Times are written in UTC ("…Z"): every calendar program converts them to its own zone, and
no VTIMEZONE block has to describe Europe/Berlin's daylight-saving rules. A cancelled event
stays in a feed with STATUS:CANCELLED, so subscribed calendars remove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from ideas.gatherings.models import Event

PRODID = "-//Open Innovation City//Events//DE"


def _uid(event: Event) -> str:
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "localhost"
    return f"event-{event.pk}@{host}"


def _location(event: Event) -> str:
    if event.place == Event.Place.ONLINE:
        return "Online"
    if event.place == Event.Place.ADDRESS:
        return event.address
    return settings.OIC_BRAND.get("office_address", "")


def _vevent(event: Event, *, online_url: str = "") -> VEvent:
    url = settings.SITE_URL + reverse("frontend:event_detail", args=[event.pk])
    vevent = VEvent()
    vevent.add("uid", _uid(event))
    vevent.add("dtstamp", timezone.now().astimezone(UTC))
    vevent.add("dtstart", event.starts_at.astimezone(UTC))
    vevent.add("dtend", event.ends_at.astimezone(UTC))
    vevent.add("summary", event.title)
    description = event.description
    if online_url:
        description = f"{description}\n\n{online_url}".strip()
    vevent.add("description", f"{description}\n\n{url}".strip())
    vevent.add("location", _location(event))
    vevent.add("url", url)
    vevent.add("organizer", event.organiser.name)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("categories", [topic.slug for topic in event.topics.all()] or [event.kind])
    return vevent


def calendar_ics(events: Iterable[Event], *, name: str, online_urls: dict | None = None) -> bytes:
    """The events as one VCALENDAR; `online_urls` maps event ids to the join link where the
    reader may see it."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event, online_url=(online_urls or {}).get(event.pk, "")))
    return calendar.to_ical()


def office_address() -> str:
    return settings.OIC_BRAND.get("office_address", "")
