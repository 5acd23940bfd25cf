"""Every write on challenges: city staff create, edit and move them through their phases."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import realtime
from accounts.models import Organisation, Topic, User
from challenges.models import Challenge
from core.errors import StateConflict
from core.markup import render_markdown

EDITABLE_FIELDS = {
    "title",
    "summary",
    "description",
    "organisation",
    "opens_at",
    "closes_at",
    "voting_open",
}


def _require_staff(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_city_staff):
        raise PermissionDenied(_("Only city staff may manage challenges."))


def challenge_event_data(challenge: Challenge) -> dict:
    """What a page needs to show a challenge card without another request."""
    return {
        "id": challenge.pk,
        "title": challenge.title,
        "summary": challenge.summary,
        "status": challenge.status,
        "opens_at": challenge.opens_at,
        "closes_at": challenge.closes_at,
        "voting_open": challenge.voting_open,
        "idea_count": challenge.idea_count,
        "topics": [t.slug for t in challenge.topics.all()],
    }


def _publish(challenge: Challenge, type_: str) -> None:
    """Challenge events go to its own stream; to the public feed only once it is not a draft."""
    streams = [realtime.stream_name("challenge", challenge.pk)]
    if challenge.status != Challenge.Status.DRAFT:
        streams.append("feed")
    realtime.publish(streams, type_, challenge_event_data(challenge))


def _validate_window(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError(
            {"closes_at": [_("The end of the submission window must be after its start.")]}
        )


@transaction.atomic
def challenge_create(
    *,
    actor: User,
    title: str,
    summary: str,
    description: str,
    topics: Iterable[Topic] = (),
    organisation: Organisation | None = None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    voting_open: bool = True,
    status: str = Challenge.Status.DRAFT,
) -> Challenge:
    _require_staff(actor)
    if status not in {Challenge.Status.DRAFT, Challenge.Status.OPEN}:
        raise ValidationError({"status": [_("A new challenge starts as a draft or open.")]})
    _validate_window(opens_at, closes_at)
    now = timezone.now()
    challenge = Challenge(
        title=(title or "").strip(),
        summary=(summary or "").strip(),
        description=description or "",
        description_html=render_markdown(description or ""),
        organisation=organisation,
        opens_at=opens_at,
        closes_at=closes_at,
        voting_open=voting_open,
        status=status,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    challenge.full_clean()
    challenge.save()
    challenge.topics.set(topics)
    _publish(challenge, "challenge.created")
    return challenge


@transaction.atomic
def challenge_update(*, actor: User, challenge: Challenge, **fields) -> Challenge:
    """Change a challenge's content and settings; `status` moves it to another phase."""
    _require_staff(actor)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    status = fields.pop("status", None)
    topics = fields.pop("topics", None)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(challenge, key, value.strip() if key in {"title", "summary"} else value)
    _validate_window(challenge.opens_at, challenge.closes_at)
    if "description" in fields:
        challenge.description_html = render_markdown(challenge.description)
    was_draft = challenge.status == Challenge.Status.DRAFT
    if status is not None and status != challenge.status:
        if status not in Challenge.Status.values:
            raise ValidationError({"status": [_("Unknown status.")]})
        if not challenge.can_move_to(status):
            raise StateConflict(
                _("A challenge cannot move from “%(old)s” to “%(new)s”.")
                % {"old": challenge.get_status_display(), "new": Challenge.Status(status).label}
            )
        challenge.status = status
    challenge.updated_at = timezone.now()
    challenge.full_clean()
    challenge.save()
    if topics is not None:
        challenge.topics.set(topics)
    # A draft becoming public is news for the feed: announce it as created there.
    became_public = was_draft and challenge.status != Challenge.Status.DRAFT
    _publish(challenge, "challenge.created" if became_public else "challenge.updated")
    return challenge


def challenge_set_status(*, actor: User, challenge: Challenge, status: str) -> Challenge:
    return challenge_update(actor=actor, challenge=challenge, status=status)


def challenge_open(*, actor: User, challenge: Challenge) -> Challenge:
    return challenge_set_status(actor=actor, challenge=challenge, status=Challenge.Status.OPEN)


def challenge_close(*, actor: User, challenge: Challenge) -> Challenge:
    return challenge_set_status(actor=actor, challenge=challenge, status=Challenge.Status.CLOSED)
