"""Reads of the event log: what a (re)connecting client missed on one stream."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Max, Min

from realtime.models import Event, LogHorizon


@dataclass
class Replay:
    """What to send a subscriber before live events: the missed frames in id order, or
    `resync` when they cannot all be replayed; `last_id` is the cursor to resume from."""

    frames: list[dict] = field(default_factory=list)
    skipped_ids: set[int] = field(default_factory=set)
    # coalescing key -> id of the newest replayed event with it (the one that was sent)
    coalesced: dict[str, int] = field(default_factory=dict)
    resync: bool = False
    last_id: int = 0


def events_replay(*, stream: str, since: int | None, limit: int, grace: timedelta) -> Replay:
    """The events of `stream` a client that has seen everything up to `since` has missed.

    Ids are taken before commit, so a transaction can commit after one with a higher id: a
    client may have seen #11 and not yet #10. Events with id <= since that were written within
    `grace` before the `since` event are therefore replayed again; clients drop duplicates by
    id. More than `limit` missed events, a `since` below the prune horizon, or one from the
    future (a restored database) mean `resync`: the client reloads by HTTP.

    Among replayed events with the same coalescing key (from the event catalogue, e.g.
    "tallies:idea:42") only the newest is sent: it supersedes the others, which are returned
    in `skipped_ids` so their live copies, should they still be in flight, are dropped too.
    """
    # The cursor is read first: anything that commits later arrives live (the caller has
    # already joined the stream's group), and anything below it that commits late is within
    # the grace window of a later `since`.
    newest = Event.objects.aggregate(m=Max("id"))["m"] or 0
    if since is None:
        return Replay(last_id=newest)
    if since < LogHorizon.current() or since > newest:
        return Replay(resync=True, last_id=newest)

    since_at = Event.objects.filter(id=since).values_list("created_at", flat=True).first()
    floor = since
    if since_at is not None:
        # The lowest id written within the grace window: a short range scan on created_at,
        # so the replay itself stays a range scan on the (stream, id) index.
        grace_floor = Event.objects.filter(created_at__gte=since_at - grace).aggregate(m=Min("id"))[
            "m"
        ]
        if grace_floor is not None:
            floor = min(since, grace_floor - 1)
    events = list(Event.objects.filter(stream=stream, id__gt=floor).order_by("id")[: limit + 1])
    if len(events) > limit:
        return Replay(resync=True, last_id=newest)
    if since_at is None:
        events = [e for e in events if e.id > since]
    else:
        events = [
            e for e in events if e.id > since or (e.id < since and e.created_at >= since_at - grace)
        ]

    newest_by_key: dict[str, int] = {}
    for e in events:
        if e.coalesce_key is not None:
            newest_by_key[e.coalesce_key] = e.id
    replay = Replay(last_id=max(newest, events[-1].id if events else 0), coalesced=newest_by_key)
    for e in events:
        if e.coalesce_key is not None and newest_by_key[e.coalesce_key] != e.id:
            replay.skipped_ids.add(e.id)
        else:
            replay.frames.append(e.as_frame())
    return replay
