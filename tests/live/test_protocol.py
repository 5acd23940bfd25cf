"""The /ws/ protocol as a client sees it: subscribe, catch up with `since`, then live."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from realtime.models import Event
from tests.live.conftest import connect, publish, receive_frames, subscribe

pytestmark = pytest.mark.django_db(transaction=True)


async def test_subscribe_without_since_sends_subscribed_with_newest_id_then_live_events():
    old = await publish("feed")
    ws = await connect()

    frames = await subscribe(ws, "feed")
    new = await publish("feed", "challenge.created", {"id": 7})
    live = await ws.receive_json_from()

    assert frames == [{"type": "subscribed", "stream": "feed", "last_id": old}]
    assert live["id"] == new
    assert live["stream"] == "feed"
    assert live["type"] == "challenge.created"
    assert live["data"] == {"id": 7}
    assert live["at"]
    await ws.disconnect()


async def test_since_replays_every_missed_event_of_that_stream_in_id_order():
    seen = await publish("feed")
    missed = [await publish("feed", "test.event", {"n": n}) for n in range(3)]
    await publish("idea:99")  # another stream: not replayed
    ws = await connect()

    frames = await subscribe(ws, "feed", since=seen)

    assert [f["id"] for f in frames[:-1]] == missed
    assert [f["data"] for f in frames[:-1]] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert frames[-1] == {"type": "subscribed", "stream": "feed", "last_id": missed[-1] + 1}
    await ws.disconnect()


async def test_replay_then_live_without_gap_or_duplicate():
    seen = await publish("feed")
    missed = await publish("feed")
    ws = await connect()

    replayed = await subscribe(ws, "feed", since=seen)
    later = await publish("feed")
    live = await ws.receive_json_from()

    assert [f["id"] for f in replayed[:-1]] == [missed]
    assert live["id"] == later
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_live_copy_of_an_event_also_replayed_is_not_sent_twice():
    # The group is joined before the log is read, so an event committed in between arrives
    # both from the log and live; this stands in for that race by sending the live copy of an
    # already replayed event to the group.
    from channels.layers import get_channel_layer

    from realtime.publishing import group_name

    seen = await publish("feed")
    missed = await publish("feed")
    ws = await connect()
    await subscribe(ws, "feed", since=seen)
    frame = (await database_sync_to_async(Event.objects.get)(id=missed)).as_frame()

    await get_channel_layer().group_send(
        group_name("feed"), {"type": "stream.event", "event": frame}
    )

    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_unsubscribe_stops_the_stream():
    ws = await connect()
    await subscribe(ws, "feed")

    await ws.send_json_to({"action": "unsubscribe", "stream": "feed"})
    await ws.send_json_to({"action": "unsubscribe", "stream": "feed"})  # twice: harmless
    await publish("feed")

    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_one_socket_multiplexes_streams():
    ws = await connect()
    await subscribe(ws, "feed")
    await subscribe(ws, "feed")  # subscribing twice is harmless

    first = await publish("feed")
    frames = await receive_frames(ws, 1)

    assert [f["id"] for f in frames] == [first]
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_since_from_the_future_asks_for_resync():
    newest = await publish("feed")
    ws = await connect()

    frames = await subscribe(ws, "feed", since=newest + 1000)

    assert frames == [
        {"type": "resync", "stream": "feed"},
        {"type": "subscribed", "stream": "feed", "last_id": newest},
    ]
    await ws.disconnect()
