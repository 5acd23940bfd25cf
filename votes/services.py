"""Casting and taking back votes, keeping the idea's stored tallies equal to the vote rows.

On PostgreSQL a vote is one statement (votes.statement); the transaction below is the
portable path (SQLite), and the one that says why a vote is refused."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import realtime
from accounts.models import User
from accounts.services import user_participation_refusal
from core.errors import StateConflict
from ideas.models import Idea, hot_score
from ideas.output import IDEA_AND_CHALLENGE_LONG_TEXTS, tallies
from ideas.selectors import with_my_vote
from ideas.services import idea_streams
from votes import statement
from votes.models import Vote
from votes.output import tallies_event


def vote_refusal(*, user: User, idea: Idea) -> PermissionDenied | StateConflict | None:
    """Why `user` may not vote on `idea` as it is now, or None when they may: the one place
    of the voting rule. `vote_cast` raises what it returns; pages ask `vote_can_cast`."""
    if not user.is_authenticated:
        return PermissionDenied(_("Please sign in to vote."))
    if (refusal := user_participation_refusal(user=user)) is not None:
        return refusal
    if idea.withdrawn_at is not None:
        return StateConflict(_("This idea has been withdrawn."))
    if idea.author_id == user.pk:
        return PermissionDenied(_("You cannot vote on your own idea."))
    if not idea.accepts_votes():
        return StateConflict(_("Voting on this idea is closed."))
    return None


def vote_can_cast(*, user: User, idea: Idea) -> bool:
    """May `user` vote on (or take back their vote on) `idea` now? Needs `idea.challenge`."""
    return vote_refusal(user=user, idea=idea) is None


def _lock_idea_for_voting(*, user: User, idea: Idea) -> Idea:
    """Lock the idea row and read the voter's current vote in the same query (`my_vote`).

    Every vote on one idea queues on this row lock (on SQLite: on the IMMEDIATE transaction's
    write lock), so the read-modify-write of the tallies below is never interleaved and the
    (idea, user) row cannot be inserted twice. Must be called inside a transaction. Raises
    Idea.DoesNotExist for an unknown id."""
    if not user.is_authenticated:
        # Refused before the lock: an anonymous request must not queue on the idea's row.
        raise vote_refusal(user=user, idea=idea)
    # A vote needs the idea's counters and its challenge's phase, not their long texts.
    qs = (
        Idea.objects.select_for_update(of=("self",))
        .select_related("challenge")
        .defer(*IDEA_AND_CHALLENGE_LONG_TEXTS)
    )
    idea = with_my_vote(qs, user).get(pk=idea.pk)
    refusal = vote_refusal(user=user, idea=idea)
    if refusal is not None:
        raise refusal
    return idea


def _apply(idea: Idea, *, old: int, new: int) -> None:
    """Move the idea's tallies from a vote of `old` to `new` (0 meaning no vote) and publish.
    The caller holds the idea's row lock, so the values computed here are current."""
    idea.up_count += (new == 1) - (old == 1)
    idea.down_count += (new == -1) - (old == -1)
    idea.score = idea.up_count - idea.down_count
    idea.hot = hot_score(idea.score, idea.created_at)
    Idea.objects.filter(pk=idea.pk).update(
        up_count=idea.up_count, down_count=idea.down_count, score=idea.score, hot=idea.hot
    )
    # Tallies only: who voted is never published.
    realtime.publish(idea_streams(idea), "vote.changed", tallies_event(idea))


def _in_one_statement(*, user: User, idea: Idea, value: int) -> dict | None:
    """PostgreSQL's one-statement vote (votes.statement), or None where it does not apply or
    the rule refuses: then the portable path runs and raises the refusal."""
    if not statement.usable() or not user.is_authenticated:
        return None
    if user_participation_refusal(user=user) is not None:
        return None
    return statement.vote_statement(user_id=user.pk, idea_id=idea.pk, value=value)


def vote_cast(*, user: User, idea: Idea, value: int) -> dict:
    """Vote up (+1) or down (-1), or change one's vote. Returns the idea's new tallies.

    Repeating the same vote changes nothing and publishes nothing."""
    if isinstance(value, bool) or value not in (1, -1):
        raise ValidationError({"value": [_("A vote is 1 (up) or -1 (down).")]})
    if (result := _in_one_statement(user=user, idea=idea, value=value)) is not None:
        return result
    return _vote_cast_in_transaction(user=user, idea=idea, value=value)


@transaction.atomic
def _vote_cast_in_transaction(*, user: User, idea: Idea, value: int) -> dict:
    idea = _lock_idea_for_voting(user=user, idea=idea)
    old = idea.my_vote or 0
    if old == value:
        return tallies(idea, mine=value)
    if old == 0:
        Vote.objects.create(idea=idea, user=user, value=value)
    else:
        Vote.objects.filter(idea=idea, user=user).update(value=value, updated_at=timezone.now())
    _apply(idea, old=old, new=value)
    return tallies(idea, mine=value)


def vote_retract(*, user: User, idea: Idea) -> dict:
    """Take one's vote back. Returns the idea's new tallies; without a vote, changes nothing."""
    if (result := _in_one_statement(user=user, idea=idea, value=0)) is not None:
        return result
    return _vote_retract_in_transaction(user=user, idea=idea)


@transaction.atomic
def _vote_retract_in_transaction(*, user: User, idea: Idea) -> dict:
    idea = _lock_idea_for_voting(user=user, idea=idea)
    old = idea.my_vote or 0
    if old != 0:
        Vote.objects.filter(idea=idea, user=user).delete()
        _apply(idea, old=old, new=0)
    return tallies(idea, mine=None)


def votes_erase_of(*, user: User, placeholder: User, keep_contributions: bool) -> int:
    """Take back every vote of a person whose account is being deleted (privacy's eraser),
    whatever the voting rules say now: each through the idea's row lock and `_apply`, so the
    tallies stay equal to the rows and each change is published. Returns how many went."""
    count = 0
    for vote in Vote.objects.filter(user=user).order_by("idea_id").only("idea_id", "value"):
        with transaction.atomic():
            idea = (
                Idea.objects.select_for_update(of=("self",))
                .defer(*IDEA_AND_CHALLENGE_LONG_TEXTS)
                .get(pk=vote.idea_id)
            )
            Vote.objects.filter(pk=vote.pk).delete()
            _apply(idea, old=vote.value, new=0)
            count += 1
    return count
