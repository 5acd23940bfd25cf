"""Outward shapes of ideas, their tallies, status changes, comments and offers, defined once for
the API (ideas/serializers.py) and the event payloads (ideas/services.py, votes/services.py).

Rules shared by every shape are in accounts/output.py. Here in short: a shape is the same for
every reader; keys that depend on who reads (IDEA_READER_KEYS) are added for the API only, and
an event carries the shape without them, plus, where a page needs it, clearly named extra keys.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from accounts.models import Topic
from accounts.output import (
    ORGANISATION_REF_COLUMNS,
    ORGANISATION_UNSHOWN_COLUMNS,
    PERSON_REF_COLUMNS,
    PERSON_UNSHOWN_COLUMNS,
    TOPIC_READER_KEYS,
    iso_datetime,
    organisation_ref,
    person_ref,
    related,
    topic_refs,
)
from challenges.output import CHALLENGE_LONG_TEXTS, CHALLENGE_REF_COLUMNS, challenge_ref
from ideas.models import CocreatorOffer, Comment, Idea, IdeaStatusChange

# --- Columns -----------------------------------------------------------------------------------

# The idea's own columns idea_card reads besides the primary key and the foreign keys.
IDEA_CARD_OWN_COLUMNS = (
    "title",
    "summary",
    "status",
    "sector",
    "seeking_cocreators",
    "up_count",
    "down_count",
    "score",
    "comment_count",
    "created_at",
    "updated_at",
    "edited_at",
)
# Every column idea_card reads, through its joins too: a list query loading only these (plus
# its ordering's cursor) converts a third of the values it would otherwise.
IDEA_CARD_COLUMNS = (
    *IDEA_CARD_OWN_COLUMNS,
    *related("challenge", CHALLENGE_REF_COLUMNS),
    *related("author", PERSON_REF_COLUMNS),
    *related("organisation", ORGANISATION_REF_COLUMNS),
)
# The texts only the idea's detail shows.
IDEA_LONG_TEXTS = ("description", "description_html")
# An idea with its challenge, without the long texts of either: what a card or a vote needs.
IDEA_AND_CHALLENGE_LONG_TEXTS = (*IDEA_LONG_TEXTS, *related("challenge", CHALLENGE_LONG_TEXTS))
# Everything a joined idea list never shows.
IDEA_LIST_UNSHOWN_COLUMNS = (
    *IDEA_AND_CHALLENGE_LONG_TEXTS,
    *related("author", PERSON_UNSHOWN_COLUMNS),
    *related("organisation", ORGANISATION_UNSHOWN_COLUMNS),
)

# Keys of the idea card and detail that depend on the reader, as paths: the reader's own vote,
# and the topics' names in the reader's language. The API has them; events do not (an event
# goes to every reader alike: a `mine: null` there would tell someone who voted they had not).
IDEA_READER_KEYS = ("votes.mine", *(f"topics[].{key}" for key in TOPIC_READER_KEYS))


# --- Tallies -----------------------------------------------------------------------------------


def tallies(idea: Idea, *, mine: int | None = None, for_reader: bool = True) -> dict:
    """An idea's votes; for a reader also `mine`, their own vote (1, -1) or None."""
    data = {"up": idea.up_count, "down": idea.down_count, "score": idea.score}
    if for_reader:
        data["mine"] = mine
    return data


# --- Ideas -------------------------------------------------------------------------------------


def idea_card(
    idea: Idea, *, for_reader: bool = True, topics: Iterable[Topic] | None = None
) -> dict:
    """An idea in a list, and in the events that announce or change it.

    Reads only IDEA_CARD_COLUMNS (and the prefetched topics, or `topics` in topic order when
    the caller has just set them); the reader's vote comes from the `my_vote` annotation."""
    tz = timezone.get_current_timezone()
    return {
        "id": idea.pk,
        "title": idea.title,
        "summary": idea.summary,
        "challenge": challenge_ref(idea.challenge if idea.challenge_id is not None else None),
        "topics": topic_refs(
            idea.topics.all() if topics is None else topics, for_reader=for_reader
        ),
        "status": idea.status,
        "author": person_ref(idea.author),
        "sector": idea.sector,
        "organisation": organisation_ref(
            idea.organisation if idea.organisation_id is not None else None
        ),
        "seeking_cocreators": idea.seeking_cocreators,
        "votes": tallies(idea, mine=getattr(idea, "my_vote", None), for_reader=for_reader),
        "comment_count": idea.comment_count,
        "created_at": iso_datetime(idea.created_at, tz),
        "updated_at": iso_datetime(idea.updated_at, tz),
        "edited_at": iso_datetime(idea.edited_at, tz),
    }


def idea_detail(idea: Idea) -> dict:
    """An idea's page in the API: its card, the long description and the official responses."""
    return {
        **idea_card(idea),
        "description": idea.description,
        "description_html": idea.description_html,
        "responses": [status_change(change) for change in idea.status_changes.all()],
    }


def idea_withdrawn_event(idea: Idea) -> dict:
    """An idea taken back: which one, and the challenge whose lists it leaves."""
    return {
        "id": idea.pk,
        "challenge": challenge_ref(idea.challenge if idea.challenge_id is not None else None),
    }


def idea_hidden_event(idea: Idea) -> dict:
    """An idea hidden by moderation: which one, its challenge, and the public reason."""
    return {**idea_withdrawn_event(idea), "reason": idea.hidden_reason}


# --- Status changes ----------------------------------------------------------------------------


def status_change(change: IdeaStatusChange) -> dict:
    """One step through the funnel with the city's official response, as the history lists it."""
    return {
        "id": change.pk,
        "from_status": change.from_status,
        "to_status": change.to_status,
        "text": change.response,
        "html": change.response_html,
        "by": person_ref(change.changed_by),
        "at": iso_datetime(change.created_at),
    }


def status_changed_event(idea: Idea, change: IdeaStatusChange) -> dict:
    """The idea (`id`, its new `status`) and the step, as the history lists it (`response`)."""
    return {"id": idea.pk, "status": idea.status, "response": status_change(change)}


# --- Comments ----------------------------------------------------------------------------------


def comment_data(comment: Comment) -> dict:
    """A comment; a deleted one keeps its place in the thread but shows neither text nor
    author. One hidden by moderation shows neither either, but `hidden`: the public reason.
    (The API's thread adds `replies` to top-level comments: that is the thread's nesting, not
    part of a comment.)"""
    hidden = comment.hidden_at is not None
    deleted = comment.deleted_at is not None
    gone = deleted or hidden
    tz = timezone.get_current_timezone()
    return {
        "id": comment.pk,
        "idea": comment.idea_id,
        "parent": comment.parent_id,
        "author": None if gone else person_ref(comment.author),
        "body": "" if gone else comment.body,
        "html": "" if gone else comment.body_html,
        "deleted": deleted,
        "hidden": comment.hidden_reason if hidden and not deleted else None,
        "created_at": iso_datetime(comment.created_at, tz),
        "edited_at": iso_datetime(comment.edited_at, tz),
    }


def comment_event(comment: Comment) -> dict:
    """A comment, plus its idea's new `comment_count` for the pages that show it."""
    return {**comment_data(comment), "comment_count": comment.idea.comment_count}


# --- Co-creator offers -------------------------------------------------------------------------


def offer_data(offer: CocreatorOffer) -> dict:
    return {
        "id": offer.pk,
        "idea": offer.idea_id,
        "user": person_ref(offer.user),
        "message": offer.message,
        "created_at": iso_datetime(offer.created_at),
    }
