"""A vote in one SQL statement on PostgreSQL: lock, rule, vote row, tallies and outbox rows.

The portable path (votes.services) needs a transaction of four statements after BEGIN: the
locking read, the vote row, the tallies, the outbox. Here one data-modifying statement does
all of it and commits on its own (autocommit: no BEGIN, no COMMIT on the wire), so a vote
with an API token is two statements in all: the token, and this (issue 15).

How it stays exact under any concurrency:
- `target` locks the idea row (FOR UPDATE). Every vote on the idea queues on it, and after
  the wait PostgreSQL re-reads the row's newest version (READ COMMITTED's recheck).
- The vote row is written by INSERT ... ON CONFLICT DO UPDATE, which sees (and locks) a
  conflicting row even when the statement's snapshot is older than it. Its RETURNING says
  what changed: a new row (`xmax = 0`) had no vote before; an updated one had the other
  value (votes are 1 or -1, and the update happens only when the value differs); no row
  returned means the same vote again, which changes nothing. A retraction's DELETE returns
  the value of the row version it actually deleted.
- The tallies move by that difference relative to the row's newest version (`up_count + …`),
  so they stay equal to the rows whatever the snapshot saw.
- The outbox rows are inserted from the UPDATE's RETURNING: they carry the tallies as
  committed, and exist only when something changed.

The rule (`vote_refusal`) is also written here in SQL, as the gate of the writes. Where it
refuses, the service falls back to the portable path, which finds the refusal's reason (or,
if the two ever disagreed that way, votes): only "SQL allows what Python refuses" could do
harm, and tests/votes/test_vote_statement.py holds the two equal over every combination.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

import realtime
from challenges.models import Challenge
from ideas.models import HOT_EPOCH, HOT_HALF_LIFE_SECONDS, Idea
from ideas.output import tallies
from votes.models import Vote
from votes.output import tallies_event

EVENT = "vote.changed"

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
        (i.withdrawn_at IS NULL
         AND i.author_id IS DISTINCT FROM %(user)s
         AND (i.challenge_id IS NULL
              OR (c.voting_open AND c.status = ANY(%(phases)s)))) AS allowed
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
        changed=changed.format(**tables), score=_SCORE, hot=_HOT, **tables
    ).strip()


CAST_SQL = _sql(_CAST)
RETRACT_SQL = _sql(_RETRACT)


def usable() -> bool:
    """On PostgreSQL, while no event handler wants vote events (their tasks need `publish`
    in a transaction); elsewhere the portable path runs."""
    return connection.vendor == "postgresql" and realtime.published_in_sql(EVENT)


def vote_statement(*, user_id: int, idea_id: int, value: int) -> dict | None:
    """Vote (`value` 1 or -1) or retract (`value` 0) in one statement. Returns the API's
    tallies, or None where the rule refuses (the caller takes the portable path, which says
    why). Raises Idea.DoesNotExist for an unknown idea."""
    now = timezone.now()
    keys = realtime.outbox_keys(EVENT, {"idea": idea_id})
    params = {
        "idea": idea_id,
        "user": user_id,
        "value": value,
        "now": now,
        "phases": sorted(Challenge.VOTING_PHASES),
        "epoch": int(HOT_EPOCH.timestamp()),
        "half_life": HOT_HALF_LIFE_SECONDS,
        "type": EVENT,
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
            EVENT,
            zip(event_ids, streams, strict=True),
            data=tallies_event(counts),
            created_at=now,
            keys=keys,
        )
    return tallies(counts, mine=value or None)
