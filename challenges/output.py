"""Outward shapes of challenges (a reference inside an idea, the challenge itself), defined once
for the API and the events; see accounts/output.py for the rules every shape follows."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from accounts.models import Topic
from accounts.output import TOPIC_READER_KEYS, iso_datetime, organisation_ref, topic_refs
from challenges.models import Challenge

# The columns challenge_ref reads besides the primary key.
CHALLENGE_REF_COLUMNS = ("title", "status")
# The texts only the challenge itself shows: a query for anything that merely refers to a
# challenge leaves them out.
CHALLENGE_LONG_TEXTS = ("description", "description_html")
# Keys of challenge_data that depend on the reader (paths): the API has them, events do not.
CHALLENGE_READER_KEYS = tuple(f"topics[].{key}" for key in TOPIC_READER_KEYS)


def challenge_ref(challenge: Challenge | None) -> dict | None:
    """A challenge as an idea refers to it."""
    if challenge is None:
        return None
    return {"id": challenge.pk, "title": challenge.title, "status": challenge.status}


def challenge_data(
    challenge: Challenge, *, for_reader: bool = True, topics: Iterable[Topic] | None = None
) -> dict:
    """A challenge as the API lists and shows it, and as its events carry it.

    `for_reader=False` leaves out what depends on the reader (the topics' names in their
    language). `topics`, in topic order, saves the query when the caller has just set them."""
    tz = timezone.get_current_timezone()
    return {
        "id": challenge.pk,
        "title": challenge.title,
        "summary": challenge.summary,
        "description": challenge.description,
        "description_html": challenge.description_html,
        "topics": topic_refs(
            challenge.topics.all() if topics is None else topics, for_reader=for_reader
        ),
        "organisation": organisation_ref(challenge.organisation),
        "opens_at": iso_datetime(challenge.opens_at, tz),
        "closes_at": iso_datetime(challenge.closes_at, tz),
        "status": challenge.status,
        "voting_open": challenge.voting_open,
        "accepts_ideas": challenge.accepts_ideas(),
        "idea_count": challenge.idea_count,
        "created_at": iso_datetime(challenge.created_at, tz),
        "updated_at": iso_datetime(challenge.updated_at, tz),
    }


def challenge_status_event(challenge: Challenge, *, from_status: str, by) -> dict:
    """A challenge (`id`) moved from `from_status` to `status` by `by` (a person ref)."""
    return {"id": challenge.pk, "status": challenge.status, "from_status": from_status, "by": by}
