"""The broadcast path: each frame is encoded once by the publisher and sent as is; the
consumer's own dispatch loop keeps the socket's messages sequential and cleans up after it."""

from __future__ import annotations

import asyncio
import json
from unittest import mock

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import transaction

import realtime
from realtime.consumers import StreamConsumer
from realtime.fanout import run_eagerly
from realtime.models import Event
from realtime.publishing import group_name
from tests.live.conftest import ORIGIN, connect, publish, subscribe

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_layer_message_carries_the_frame_and_its_encoded_text_once():
    sent = []
    layer = mock.Mock(group_send=mock.AsyncMock(side_effect=lambda g, m: sent.append((g, m))))

    with mock.patch("realtime.publishing.get_channel_layer", return_value=layer):
        with transaction.atomic():
            (event_id,) = realtime.publish("idea:5", "comment.created", {"html": "<p>ä</p>"})

    frame = Event.objects.get(id=event_id).as_frame()
    [(group, message)] = sent
    assert group == "s.idea.5"
    assert message == {
        "type": "stream.event",
        "event": frame,
        "text": message["text"],
        "coalesce": None,
        # When it left after the commit: sockets measure the delivery lag from it (ops).
        "committed_at": message["committed_at"],
    }
    assert message["text"] == json.dumps(message["event"])
    assert isinstance(message["committed_at"], float)


async def test_the_socket_sends_the_publishers_text_as_is():
    event_id = await publish("feed", "comment.created", {"html": "<p>Grüße</p>"})
    frame = (await database_sync_to_async(Event.objects.get)(id=event_id)).as_frame()
    ws = await connect()
    await subscribe(ws, "feed")
    text = json.dumps(frame, separators=(",", ":"))  # not what the consumer would encode

    await get_channel_layer().group_send(
        group_name("feed"), {"type": "stream.event", "event": frame, "text": text}
    )

    assert await ws.receive_from() == text
    await ws.disconnect()


async def test_a_message_without_text_from_an_older_publisher_is_still_delivered():
    event_id = await publish("feed", "comment.created", {"n": 1})
    frame = (await database_sync_to_async(Event.objects.get)(id=event_id)).as_frame()
    ws = await connect()
    await subscribe(ws, "feed")

    await get_channel_layer().group_send(
        group_name("feed"), {"type": "stream.event", "event": frame}
    )

    assert await ws.receive_json_from() == frame
    await ws.disconnect()


async def test_a_vote_held_back_by_the_gate_is_sent_with_its_own_text(settings):
    settings.REALTIME_COALESCE_MS = 500
    ws = await connect()
    await subscribe(ws, "feed")

    first = await publish("feed", "vote.changed", {"idea": 3, "up": 1, "down": 0, "score": 1})
    await publish("feed", "vote.changed", {"idea": 3, "up": 2, "down": 0, "score": 2})
    last = await publish("feed", "vote.changed", {"idea": 3, "up": 3, "down": 0, "score": 3})
    texts = [await ws.receive_from(timeout=2), await ws.receive_from(timeout=2)]

    frames = [
        (await database_sync_to_async(Event.objects.get)(id=i)).as_frame() for i in (first, last)
    ]
    # (PostgreSQL's jsonb reorders keys of the stored copy: compare content, not text.)
    assert [json.loads(t) for t in texts] == frames
    assert await ws.receive_nothing(timeout=0.3)
    await ws.disconnect()


async def test_disconnecting_releases_the_sockets_channel_and_groups():
    layer = get_channel_layer()
    ws = await connect()
    await subscribe(ws, "feed")
    assert layer.groups[group_name("feed")]

    await ws.disconnect()

    assert group_name("feed") not in layer.groups
    assert layer.channels == {}


async def test_an_error_while_handling_a_broadcast_ends_the_connection():
    ws = await connect()
    await subscribe(ws, "feed")

    with mock.patch.object(StreamConsumer, "stream_event", side_effect=RuntimeError("boom")):
        await publish("feed")
        with pytest.raises(RuntimeError, match="boom"):
            await ws.wait(timeout=2)


async def test_sockets_on_one_stream_share_one_group_membership_per_process():
    layer = get_channel_layer()
    first, second = await connect(), await connect()
    await subscribe(first, "feed")
    await subscribe(second, "feed")

    members = dict(layer.groups[group_name("feed")])
    event_id = await publish("feed")

    assert len(members) == 1
    assert (await first.receive_json_from())["id"] == event_id
    assert (await second.receive_json_from())["id"] == event_id
    await first.disconnect()
    await second.disconnect()


async def test_one_socket_leaving_a_stream_keeps_it_flowing_to_the_others():
    first, second = await connect(), await connect()
    await subscribe(first, "feed")
    await subscribe(second, "feed")

    await first.send_json_to({"action": "unsubscribe", "stream": "feed"})
    await first.disconnect()
    event_id = await publish("feed")

    assert (await second.receive_json_from())["id"] == event_id
    await second.disconnect()


async def test_a_failing_socket_does_not_stop_the_broadcast_to_the_others():
    marker = (b"user-agent", b"fails")
    failing = await connect(headers=[*ORIGIN, marker])
    healthy = await connect()
    await subscribe(failing, "feed")
    await subscribe(healthy, "feed")
    original = StreamConsumer.stream_event

    async def fail_for_the_marked_socket(self, message):
        if marker in self.scope["headers"]:
            raise RuntimeError("boom")
        await original(self, message)

    with mock.patch.object(StreamConsumer, "stream_event", fail_for_the_marked_socket):
        event_id = await publish("feed")
        frame = await healthy.receive_json_from()
        with pytest.raises(RuntimeError, match="boom"):
            await failing.wait(timeout=2)

    assert frame["id"] == event_id
    await healthy.disconnect()


async def test_run_eagerly_finishes_a_coroutine_that_never_waits_in_the_callers_task():
    steps = []

    async def no_wait():
        steps.append(asyncio.current_task())

    task = run_eagerly(no_wait())

    assert task is None
    assert steps == [asyncio.current_task()]


async def test_run_eagerly_hands_a_coroutine_that_waits_to_a_task_of_its_own():
    gate = asyncio.get_running_loop().create_future()
    steps = []

    async def waits():
        steps.append("started")
        value = await gate
        steps.append(value)
        return value * 2

    task = run_eagerly(waits())
    assert steps == ["started"]
    gate.set_result(21)

    assert await task == 42
    assert steps == ["started", 21]


async def test_run_eagerly_passes_cancellation_and_errors_to_the_coroutine():
    cleaned_up = []

    async def waits_forever():
        try:
            await asyncio.Event().wait()
        finally:
            cleaned_up.append(True)

    async def fails_after_waiting():
        await asyncio.sleep(0)
        raise ValueError("late")

    forever = run_eagerly(waits_forever())
    forever.cancel()
    with pytest.raises(asyncio.CancelledError):
        await forever
    with pytest.raises(ValueError, match="late"):
        await run_eagerly(fails_after_waiting())
    assert cleaned_up == [True]


async def test_an_event_that_arrives_while_the_socket_is_busy_waits_its_turn_in_order():
    ws = await connect()
    await subscribe(ws, "feed")
    first = await publish("feed")
    await ws.receive_json_from()
    busy = asyncio.Event()
    release = asyncio.Event()
    original = StreamConsumer.stream_event

    async def slow_first(self, message):
        if not busy.is_set():
            busy.set()
            await release.wait()
        await original(self, message)

    with mock.patch.object(StreamConsumer, "stream_event", slow_first):
        ids = [await publish("feed") for _ in range(3)]
        await busy.wait()
        release.set()
        frames = [await ws.receive_json_from() for _ in ids]

    assert first < ids[0]
    assert [f["id"] for f in frames] == ids
    await ws.disconnect()


async def test_a_socket_that_cannot_take_an_event_does_not_stop_the_stream_for_others():
    marker = (b"user-agent", b"fails")
    broken = await connect(headers=[*ORIGIN, marker])
    healthy = await connect()
    await subscribe(broken, "feed")
    await subscribe(healthy, "feed")
    original = StreamConsumer.offer

    def offer(self, message):
        if marker in self.scope["headers"]:
            raise RuntimeError("cannot take it")
        original(self, message)

    with mock.patch.object(StreamConsumer, "offer", offer):
        ids = [await publish("feed"), await publish("feed")]
        frames = [await healthy.receive_json_from(), await healthy.receive_json_from()]

    assert [f["id"] for f in frames] == ids
    await healthy.disconnect()
    await broken.disconnect()
