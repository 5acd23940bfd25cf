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
from accounts.output import in_topic_order, person_ref
from challenges.events import CHALLENGE
from challenges.models import Challenge
from challenges.output import challenge_data, challenge_status_event
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
    "first_contribution_reviewed",
}


def _require_staff(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_city_staff):
        raise PermissionDenied(_("Only city staff may manage challenges."))


def _publish(
    challenge: Challenge, type_: str, *, topics: list[Topic] | None = None, edited: bool = False
) -> None:
    """Challenge events go to its own stream; to the public feed only once it is not a draft.
    The payload is the challenge as the API shows it (for no reader in particular); `topics`,
    in topic order, when the caller has just set them. After an edit the earlier events are
    redacted to the same shape: a replay shows the challenge as it is now, not its old text."""
    streams = [realtime.stream_name("challenge", challenge.pk)]
    if challenge.status != Challenge.Status.DRAFT:
        streams.append("feed")
    data = challenge_data(challenge, for_reader=False, topics=topics)
    if edited:
        realtime.redact(entity=CHALLENGE.of(challenge.pk), current=data)
    realtime.publish(streams, type_, data)


def _check_department(organisation: Organisation | None) -> None:
    """Only a city department can be responsible for a challenge: the city asks it."""
    if organisation is not None and organisation.kind != Organisation.Kind.CITY_DEPARTMENT:
        raise ValidationError(
            {"organisation": [_("Only a city department can be responsible for a challenge.")]}
        )


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
    first_contribution_reviewed: bool = False,
    status: str = Challenge.Status.DRAFT,
) -> Challenge:
    _require_staff(actor)
    if status not in {Challenge.Status.DRAFT, Challenge.Status.OPEN}:
        raise ValidationError({"status": [_("A new challenge starts as a draft or open.")]})
    _check_department(organisation)
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
        first_contribution_reviewed=first_contribution_reviewed,
        status=status,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    challenge.full_clean()
    challenge.save()
    topics = in_topic_order(topics)
    challenge.topics.set(topics)
    _publish(challenge, "challenge.created", topics=topics)
    return challenge


@transaction.atomic
def challenge_update(*, actor: User, challenge: Challenge, **fields) -> Challenge:
    """Change a challenge's content and settings; `status` moves it to another phase."""
    _require_staff(actor)
    # The organisation comes along for the event's payload (`of=self`: PostgreSQL refuses FOR
    # UPDATE on the nullable side of an outer join, and only the challenge needs the lock).
    challenge = (
        Challenge.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=challenge.pk)
    )
    status = fields.pop("status", None)
    topics = fields.pop("topics", None)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if "organisation" in fields:
        _check_department(fields["organisation"])
    for key, value in fields.items():
        setattr(challenge, key, value.strip() if key in {"title", "summary"} else value)
    _validate_window(challenge.opens_at, challenge.closes_at)
    if "description" in fields:
        challenge.description_html = render_markdown(challenge.description)
    was_draft = challenge.status == Challenge.Status.DRAFT
    from_status = challenge.status
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
        topics = in_topic_order(topics)
        challenge.topics.set(topics)
    # A draft becoming public is news for the feed: announce it as created there.
    became_public = was_draft and challenge.status != Challenge.Status.DRAFT
    _publish(
        challenge,
        "challenge.created" if became_public else "challenge.updated",
        topics=topics,
        edited=True,
    )
    if challenge.status != from_status:
        realtime.publish(
            realtime.stream_name("challenge", challenge.pk),
            "challenge.status_changed",
            challenge_status_event(challenge, from_status=from_status, by=person_ref(actor)),
        )
    return challenge


def challenge_set_status(*, actor: User, challenge: Challenge, status: str) -> Challenge:
    return challenge_update(actor=actor, challenge=challenge, status=status)


def challenge_open(*, actor: User, challenge: Challenge) -> Challenge:
    return challenge_set_status(actor=actor, challenge=challenge, status=Challenge.Status.OPEN)


def challenge_close(*, actor: User, challenge: Challenge) -> Challenge:
    return challenge_set_status(actor=actor, challenge=challenge, status=Challenge.Status.CLOSED)
