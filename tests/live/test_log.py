"""The event log: replay windows, out-of-order commits, pruning and when to resync."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

import realtime
from realtime.models import Event, LogHorizon
from realtime.selectors import events_replay
from realtime.services import events_prune
from tests.live.conftest import connect, publish, subscribe

GRACE = timedelta(seconds=10)


def event(stream: str = "idea:1", *, age: timedelta = timedelta(0)) -> Event:
    return Event.objects.create(stream=stream, type="t", data={}, created_at=timezone.now() - age)


def replayed_ids(stream: str, since: int | None, grace: timedelta = GRACE) -> list[int]:
    return [
        f["id"] for f in events_replay(stream=stream, since=since, limit=100, grace=grace).frames
    ]


@pytest.mark.django_db
def test_replay_reaches_back_into_the_grace_window_before_since():
    long_ago = event(age=timedelta(hours=1))
    late = event(age=timedelta(seconds=3))  # committed after `seen`, though numbered before
    seen = event(age=timedelta(seconds=1))
    new = event()

    ids = replayed_ids("idea:1", since=seen.id)

    assert ids == [late.id, new.id]
    assert long_ago.id not in ids


@pytest.mark.django_db
def test_replay_without_grace_is_exactly_the_events_after_since():
    first, second, third = event(), event(), event()

    assert replayed_ids("idea:1", since=first.id, grace=timedelta(0)) == [second.id, third.id]


@pytest.mark.django_db
def test_more_missed_events_than_the_replay_limit_mean_resync():
    seen = event()
    for _ in range(3):
        event()

    replay = events_replay(stream="idea:1", since=seen.id, limit=2, grace=timedelta(0))

    assert replay.resync is True
    assert replay.frames == []


@pytest.mark.django_db
def test_prune_deletes_old_events_in_batches_and_records_the_horizon():
    old = [event(age=timedelta(days=31)) for _ in range(5)]
    kept = event(age=timedelta(days=1))

    deleted = events_prune(older_than=timedelta(days=30), batch_size=2)

    assert deleted == 5
    assert list(Event.objects.values_list("id", flat=True)) == [kept.id]
    assert LogHorizon.current() == old[-1].id


@pytest.mark.django_db
def test_prune_command_uses_the_retention_setting_by_default(settings, capsys):
    settings.REALTIME_RETENTION_DAYS = 7
    event(age=timedelta(days=8))
    kept = event(age=timedelta(days=6))

    call_command("prune_events")

    assert list(Event.objects.values_list("id", flat=True)) == [kept.id]
    assert "Deleted 1 events older than 7 days." in capsys.readouterr().out


@pytest.mark.django_db
def test_prune_command_takes_days():
    event(age=timedelta(days=3))
    kept = event()

    call_command("prune_events", "--days", "2")

    assert list(Event.objects.values_list("id", flat=True)) == [kept.id]


@pytest.mark.django_db
def test_a_since_below_the_prune_horizon_means_resync():
    seen = event("idea:1", age=timedelta(days=40))
    event("idea:1", age=timedelta(days=35))
    kept = event("idea:1")
    events_prune(older_than=timedelta(days=30))

    replay = events_replay(stream="idea:1", since=seen.id, limit=100, grace=GRACE)

    assert replay.resync is True
    assert replay.last_id == kept.id


@pytest.mark.django_db
def test_a_quiet_stream_whose_first_event_is_above_since_does_not_resync():
    # The oldest kept event of idea:2 is far above `since`, yet nothing of idea:2 was pruned:
    # comparing with the stream's oldest kept id would wrongly ask for a reload.
    event("feed", age=timedelta(days=40))
    seen = event("feed", age=timedelta(days=1))
    for _ in range(3):
        event("feed")
    first_of_quiet = event("idea:2")
    events_prune(older_than=timedelta(days=30))

    replay = events_replay(stream="idea:2", since=seen.id, limit=100, grace=timedelta(0))

    assert replay.resync is False
    assert [f["id"] for f in replay.frames] == [first_of_quiet.id]


@pytest.mark.django_db
def test_an_emptied_log_still_knows_what_it_pruned():
    seen = event(age=timedelta(days=40))
    event(age=timedelta(days=35))
    events_prune(older_than=timedelta(days=30))

    replay = events_replay(stream="idea:1", since=seen.id, limit=100, grace=GRACE)

    assert Event.objects.count() == 0
    assert replay.resync is True


@pytest.mark.django_db(transaction=True)
async def test_a_reconnecting_client_below_the_horizon_gets_resync():
    seen = await publish("feed")
    await database_sync_to_async(
        lambda: Event.objects.filter(id=seen).update(created_at=timezone.now() - timedelta(days=31))
    )()
    await database_sync_to_async(events_prune)(older_than=timedelta(days=30))
    ws = await connect()

    frames = await subscribe(ws, "feed", since=seen)

    assert frames[0] == {"type": "resync", "stream": "feed"}
    assert frames[-1]["type"] == "subscribed"
    await ws.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_an_event_committed_out_of_id_order_reaches_a_reconnecting_client(settings):
    """Transaction A takes an id, B takes a higher one and commits first; a client sees B,
    goes away, A commits. Reconnecting with since=B must still deliver A."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite admits one writer at a time: commits cannot overtake ids there")
    settings.REALTIME_REPLAY_GRACE_SECONDS = 10
    a_numbered, b_committed = threading.Event(), threading.Event()
    ids = {}

    def transaction_a():
        try:
            with transaction.atomic():
                ids["a"] = realtime.publish("feed", "test.event", {"n": "a"})[0]
                a_numbered.set()
                assert b_committed.wait(10)
        finally:
            close_old_connections()

    def transaction_b():
        try:
            assert a_numbered.wait(10)
            with transaction.atomic():
                ids["b"] = realtime.publish("feed", "test.event", {"n": "b"})[0]
        finally:
            close_old_connections()

    ws = await connect()
    await subscribe(ws, "feed")
    thread_a = threading.Thread(target=transaction_a)
    thread_a.start()
    await database_sync_to_async(transaction_b)()
    seen = await ws.receive_json_from()
    await ws.disconnect()
    b_committed.set()
    await database_sync_to_async(thread_a.join)()

    ws = await connect()
    frames = await subscribe(ws, "feed", since=seen["id"])

    assert ids["a"] < ids["b"] == seen["id"]
    assert [f["id"] for f in frames[:-1]] == [ids["a"]]
    await ws.disconnect()
