"""Outward shapes of people, organisations and topics, defined once for the API and the events.

Every app's `output.py` builds plain dicts by hand (DRF's generic path was the largest part of
a list page's CPU). A shape is what anyone may see, the same for every reader; the API adds
the keys that depend on who reads (see READER_KEYS in each module) and an event payload,
sent to every reader alike, leaves them out. Higher apps reuse these shapes, never the other
way round: frontend -> votes -> ideas -> challenges -> accounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo

from django.utils import timezone

from accounts.models import Organisation, Topic, User


def iso_datetime(value: datetime | None, tz: tzinfo | None = None) -> str | None:
    """What DRF's DateTimeField outputs: ISO 8601 in the current time zone, "Z" for UTC.
    Pass `tz` (the current time zone) when formatting many values: looking it up is dearer
    than the formatting."""
    if not value:
        return None
    text = value.astimezone(tz or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def related(relation: str, columns: Iterable[str]) -> tuple[str, ...]:
    """Columns of a shape embedded through a foreign key, as `only()`/`defer()` name them:
    `related("author", PERSON_REF_COLUMNS)` -> ("author__display_name", "author__sector")."""
    return tuple(f"{relation}__{column}" for column in columns)


# --- Person ------------------------------------------------------------------------------------

# The columns person_ref reads besides the primary key. Never the email address.
PERSON_REF_COLUMNS = ("display_name", "sector")
# A person's columns no embedded shape reads: left out wherever people are joined to a list.
PERSON_UNSHOWN_COLUMNS = ("password", "bio")


def person_ref(user: User) -> dict:
    """What anyone may see of a person."""
    return {"id": user.pk, "display_name": user.display_name, "sector": user.sector}


# The columns person_profile reads besides the primary key: still never the email address.
PERSON_PROFILE_COLUMNS = (*PERSON_REF_COLUMNS, "bio")


def person_profile(user: User, *, organisations: Iterable[Organisation]) -> dict:
    """A person's public page: the person ref, what they write about themselves and the
    organisations they belong to (public on each organisation's page too)."""
    return {
        **person_ref(user),
        "bio": user.bio,
        "organisations": [organisation_ref(organisation) for organisation in organisations],
    }


# --- Organisation ------------------------------------------------------------------------------

ORGANISATION_REF_COLUMNS = ("name",)
ORGANISATION_UNSHOWN_COLUMNS = ("description",)


def organisation_ref(organisation: Organisation | None) -> dict | None:
    if organisation is None:
        return None
    return {"id": organisation.pk, "name": organisation.name}


# --- Topic -------------------------------------------------------------------------------------

# A topic's `name` is in the reader's language (Accept-Language), so it is a reader key: the
# API shows it, an event (stored once, sent to readers of every language) carries the slug only
# and a page looks the name up by slug.
TOPIC_READER_KEYS = ("name",)


def topic_ref(topic: Topic, *, for_reader: bool = True) -> dict:
    if not for_reader:
        return {"slug": topic.slug}
    return {"slug": topic.slug, "name": topic.name}


def topic_refs(topics: Iterable[Topic], *, for_reader: bool = True) -> list[dict]:
    return [topic_ref(topic, for_reader=for_reader) for topic in topics]


def in_topic_order(topics: Iterable[Topic]) -> list[Topic]:
    """Topics in the order a prefetched `topics.all()` gives them (Topic.Meta.ordering), without
    duplicates: for a service that has just set an object's topics and holds them in hand."""
    unique = {topic.pk: topic for topic in topics}
    return sorted(unique.values(), key=lambda topic: (topic.position, topic.slug))


# --- Requests to join ----------------------------------------------------------------------------


def membership_request_event(request) -> dict:
    """A request to join (`membership.requested` / `membership.decided`): ids and the status
    only; the notification texts look names up when they are made."""
    return {
        "id": request.pk,
        "organisation": request.organisation_id,
        "user": request.user_id,
        "status": request.status,
    }
