"""Casting and taking back votes, keeping the idea's stored tallies equal to the vote rows.

On PostgreSQL a vote is one statement (`vote_in_one_statement`, at the end); the transaction
path is the portable one (SQLite), and the one that says why a vote is refused."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import realtime
from accounts.models import User
from accounts.services import user_participation_refusal
from challenges.models import Challenge
from core.errors import StateConflict
from ideas.models import HOT_EPOCH, HOT_HALF_LIFE_SECONDS, Idea, hot_score
from ideas.output import IDEA_AND_CHALLENGE_LONG_TEXTS, tallies
from ideas.selectors import with_my_vote
from ideas.services import idea_streams
from votes.models import Vote
from votes.output import tallies_event

VOTE_EVENT = "vote.changed"


def vote_refusal(*, user: User, idea: Idea) -> PermissionDenied | StateConflict | None:
    """Why `user` may not vote on `idea` as it is now, or None when they may: the one place
    of the voting rule. `vote_cast` raises what it returns; pages ask `vote_can_cast`."""
    if not user.is_authenticated:
        return PermissionDenied(_("Please sign in to vote."))
    if (refusal := user_participation_refusal(user=user)) is not None:
        return refusal
    if idea.withdrawn_at is not None:
        return StateConflict(_("This idea has been withdrawn."))
    if idea.hidden_at is not None:
        return StateConflict(_("This idea is hidden by moderation: it takes no votes."))
    if idea.author_id == user.pk:
        return PermissionDenied(_("You cannot vote on your own idea."))
    if not idea.accepts_votes():
        return StateConflict(_("Voting on this idea is closed."))
    return None


# The same rule for the idea, in SQL: the gate of PostgreSQL's one-statement vote, where `i` is
# the idea, `c` its challenge (or NULLs) and `%(user)s` the voter, whose own participation
# (`user_participation_refusal`) is asked in Python first. Where it says no, the transaction
# path runs and `vote_refusal` says why; tests/votes/test_vote_statement.py holds the two
# equal over every combination of states.
VOTE_ALLOWED_SQL = """i.withdrawn_at IS NULL
    AND i.hidden_at IS NULL
    AND i.author_id IS DISTINCT FROM %(user)s
    AND (i.challenge_id IS NULL OR (c.voting_open AND c.status = ANY(%(phases)s)))"""


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
    realtime.publish(idea_streams(idea), VOTE_EVENT, tallies_event(idea))


def _in_one_statement(*, user: User, idea: Idea, value: int) -> dict | None:
    """PostgreSQL's one-statement vote (below), or None where it does not apply or the rule
    refuses: then the transaction path runs and raises the refusal."""
    if not vote_in_one_statement_usable() or not user.is_authenticated:
        return None
    if user_participation_refusal(user=user) is not None:
        return None
    return vote_in_one_statement(user_id=user.pk, idea_id=idea.pk, value=value)


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


# --- PostgreSQL: a vote in one statement ------------------------------------------------------
#
# Lock, rule, vote row, tallies and outbox rows in one data-modifying SQL statement.
#
# The transaction path above needs four statements between BEGIN and COMMIT: the
# locking read, the vote row, the tallies, the outbox. Here one data-modifying statement does
# all of it and commits on its own (autocommit: no BEGIN, no COMMIT on the wire), so a vote
# with an API token is two statements in all: the token, and this (issue 15).
#
# How it stays exact under any concurrency:
# - `target` locks the idea row (FOR UPDATE). Every vote on the idea queues on it, and after
#   the wait PostgreSQL re-reads the row's newest version (READ COMMITTED's recheck).
# - The vote row is written by INSERT ... ON CONFLICT DO UPDATE, which sees (and locks) a
#   conflicting row even when the statement's snapshot is older than it. Its RETURNING says
#   what changed: a new row (`xmax = 0`) had no vote before; an updated one had the other
#   value (votes are 1 or -1, and the update happens only when the value differs); no row
#   returned means the same vote again, which changes nothing. A retraction's DELETE returns
#   the value of the row version it actually deleted.
# - The tallies move by that difference relative to the row's newest version (`up_count + …`),
#   so they stay equal to the rows whatever the snapshot saw.
# - The outbox rows are inserted from the UPDATE's RETURNING: they carry the tallies as
#   committed, and exist only when something changed.
#
# The rule is the gate of the writes, as `VOTE_ALLOWED_SQL` beside `vote_refusal`. Where it
# refuses, the transaction path runs and finds the refusal's reason (or, if the two ever
# disagreed that way, votes): only "SQL allows what Python refuses" could do harm, and
# tests/votes/test_vote_statement.py holds the two equal over every combination.

# `%(value)s` is 1 or -1 for a vote; a retraction's statement has its own `changed`.
_CAST = """
changed AS (
    INSERT INTO {vote} AS v (idea_id, user_id, value, created_at, updated_at)
    SELECT t.id, %(user)s, %(value)s, %(now)s, %(now)s FROM target t WHERE t.allowed
    ON CONFLICT (idea_id, user_id) DO UPDATE
        SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
        WHERE v.value <> EXCLUDED.value
    RETURNING v.idea_id, v.value AS new, CASE WHEN v.xmax = 0 THEN 0 ELSE -v.value END AS old
)"""

_RETRACT = """
changed AS (
    DELETE FROM {vote} AS v USING target t
    WHERE t.allowed AND v.idea_id = t.id AND v.user_id = %(user)s
    RETURNING v.idea_id, 0 AS new, v.value AS old
)"""

# The new score, and `hot` computed from it as ideas.models.hot_score computes it.
_SCORE = "(i.score + c.new - c.old)"
_HOT = (
    f"sign({_SCORE})::float8 * log(greatest(abs({_SCORE}), 1)::float8)"
    f" + (extract(epoch FROM i.created_at) - %(epoch)s)::float8 / %(half_life)s::float8"
)

_STATEMENT = """
WITH target AS MATERIALIZED (
    SELECT i.id, i.challenge_id, i.up_count, i.down_count, i.score,
        ({gate}) AS allowed
    FROM {idea} i LEFT JOIN {challenge} c ON c.id = i.challenge_id
    WHERE i.id = %(idea)s
    FOR UPDATE OF i
),
{changed},
tallied AS (
    UPDATE {idea} i SET
        up_count = i.up_count + (c.new = 1)::int - (c.old = 1)::int,
        down_count = i.down_count + (c.new = -1)::int - (c.old = -1)::int,
        score = {score},
        hot = {hot}
    FROM changed c WHERE i.id = c.idea_id
    RETURNING i.id, i.challenge_id, i.up_count, i.down_count, i.score
),
events AS (
    INSERT INTO {outbox} (stream, type, data, created_at, entity, coalesce_key)
    SELECT s.stream, %(type)s,
        -- votes.output.tallies_event's shape (a test holds them equal)
        jsonb_build_object('idea', n.id, 'up', n.up_count, 'down', n.down_count,
                           'score', n.score),
        %(now)s, %(entity)s, %(coalesce)s
    FROM tallied n
    CROSS JOIN LATERAL (VALUES (1, 'idea:' || n.id), (2, 'challenge:' || n.challenge_id))
        AS s(position, stream)
    WHERE s.stream IS NOT NULL
    ORDER BY s.position
    RETURNING id, stream
)
SELECT t.allowed,
    coalesce(n.up_count, t.up_count), coalesce(n.down_count, t.down_count),
    coalesce(n.score, t.score),
    (SELECT array_agg(e.id ORDER BY e.id) FROM events e),
    (SELECT array_agg(e.stream ORDER BY e.id) FROM events e)
FROM target t LEFT JOIN tallied n ON n.id = t.id
"""


def _sql(changed: str) -> str:
    tables = {
        "idea": Idea._meta.db_table,
        "challenge": Challenge._meta.db_table,
        "vote": Vote._meta.db_table,
        "outbox": realtime.outbox_table(),
    }
    return _STATEMENT.format(
        changed=changed.format(**tables), gate=VOTE_ALLOWED_SQL, score=_SCORE, hot=_HOT, **tables
    ).strip()


CAST_SQL = _sql(_CAST)
RETRACT_SQL = _sql(_RETRACT)


def vote_in_one_statement_usable() -> bool:
    """On PostgreSQL, while no event handler wants vote events (their tasks need `publish`
    in a transaction); elsewhere the portable path runs."""
    return connection.vendor == "postgresql" and realtime.published_in_sql(VOTE_EVENT)


def vote_in_one_statement(*, user_id: int, idea_id: int, value: int) -> dict | None:
    """Vote (`value` 1 or -1) or retract (`value` 0) in one statement. Returns the API's
    tallies, or None where the rule refuses (the caller takes the portable path, which says
    why). Raises Idea.DoesNotExist for an unknown idea."""
    now = timezone.now()
    keys = realtime.outbox_keys(VOTE_EVENT, {"idea": idea_id})
    params = {
        "idea": idea_id,
        "user": user_id,
        "value": value,
        "now": now,
        "phases": sorted(Challenge.VOTING_PHASES),
        "epoch": int(HOT_EPOCH.timestamp()),
        "half_life": HOT_HALF_LIFE_SECONDS,
        "type": VOTE_EVENT,
        "entity": keys[0],
        "coalesce": keys[1],
    }
    with connection.cursor() as cursor:
        cursor.execute(RETRACT_SQL if value == 0 else CAST_SQL, params)
        row = cursor.fetchone()
    if row is None:
        raise Idea.DoesNotExist(f"No idea {idea_id}")
    allowed, up, down, score, event_ids, streams = row
    if not allowed:
        return None
    counts = Idea(pk=idea_id, up_count=up, down_count=down, score=score)
    if event_ids:
        realtime.published(
            VOTE_EVENT,
            zip(event_ids, streams, strict=True),
            data=tallies_event(counts),
            created_at=now,
            keys=keys,
        )
    return tallies(counts, mine=value or None)
