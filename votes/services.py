"""Casting and taking back votes, keeping the idea's stored tallies equal to the vote rows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import realtime
from accounts.models import User
from core.errors import StateConflict
from ideas.models import Idea, hot_score
from ideas.services import idea_streams
from votes.models import Vote


def _lock_idea_for_voting(*, user: User, idea: Idea) -> Idea:
    """Lock the idea row: every vote on one idea queues here, so the read-modify-write of the
    tallies below is never interleaved. Must be called inside a transaction."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Please sign in to vote."))
    idea = Idea.objects.select_for_update().select_related("challenge").get(pk=idea.pk)
    if idea.withdrawn_at is not None:
        raise StateConflict(_("This idea has been withdrawn."))
    if idea.author_id == user.pk:
        raise PermissionDenied(_("You cannot vote on your own idea."))
    if not idea.accepts_votes():
        raise StateConflict(_("Voting on this idea is closed."))
    return idea


def _apply(idea: Idea, *, old: int, new: int) -> None:
    """Move the idea's tallies from a vote of `old` to `new` (0 meaning no vote) and publish."""
    if old == new:
        return
    idea.up_count += (new == 1) - (old == 1)
    idea.down_count += (new == -1) - (old == -1)
    idea.score = idea.up_count - idea.down_count
    idea.hot = hot_score(idea.score, idea.created_at)
    idea.save(update_fields=["up_count", "down_count", "score", "hot"])
    # Tallies only: who voted is never published.
    realtime.publish(
        idea_streams(idea),
        "vote.changed",
        {"idea": idea.pk, "up": idea.up_count, "down": idea.down_count, "score": idea.score},
    )


@transaction.atomic
def vote_cast(*, user: User, idea: Idea, value: int) -> dict:
    """Vote up (+1) or down (-1), or change one's vote. Returns the idea's new tallies."""
    if value not in (1, -1):
        raise ValidationError({"value": [_("A vote is 1 (up) or -1 (down).")]})
    idea = _lock_idea_for_voting(user=user, idea=idea)
    vote = Vote.objects.filter(idea=idea, user=user).first()
    old = vote.value if vote else 0
    if vote is None:
        Vote.objects.create(idea=idea, user=user, value=value)
    elif vote.value != value:
        vote.value = value
        vote.updated_at = timezone.now()
        vote.save(update_fields=["value", "updated_at"])
    _apply(idea, old=old, new=value)
    return idea.tallies(mine=value)


@transaction.atomic
def vote_retract(*, user: User, idea: Idea) -> dict:
    """Take one's vote back. Returns the idea's new tallies."""
    idea = _lock_idea_for_voting(user=user, idea=idea)
    vote = Vote.objects.filter(idea=idea, user=user).first()
    if vote is not None:
        vote.delete()
        _apply(idea, old=vote.value, new=0)
    return idea.tallies(mine=None)
