"""When the process's fan-out may have lost broadcasts, every socket it serves is told and
closed with 4013, so its client reconnects with `since` and replays the gap from the log."""

from __future__ import annotations

import asyncio

import pytest
from channels.layers import get_channel_layer

from realtime.consumers import CLOSE_TRY_AGAIN_LATER
from tests.live.conftest import connect, subscribe

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_failed_receive_closes_every_socket_of_the_process_with_4013(monkeypatch):
    layer = get_channel_layer()
    receive, fail = layer.receive, asyncio.Event()

    async def receive_until_the_broker_fails(channel):
        message = asyncio.ensure_future(receive(channel))
        failed = asyncio.ensure_future(fail.wait())
        await asyncio.wait({message, failed}, return_when=asyncio.FIRST_COMPLETED)
        if failed.done():
            message.cancel()
            fail.clear()
            raise ConnectionError("the broker went away")
        failed.cancel()
        return message.result()

    monkeypatch.setattr(layer, "receive", receive_until_the_broker_fails)
    first, second = await connect(), await connect()
    await subscribe(first, "feed")
    await subscribe(second, "feed")

    fail.set()

    for ws in (first, second):
        error = await ws.receive_json_from(timeout=3)
        assert error["type"] == "error"
        assert error["code"] == "unavailable"
        assert await ws.receive_output(timeout=3) == {
            "type": "websocket.close",
            "code": CLOSE_TRY_AGAIN_LATER,
            "reason": "broker connection lost",
        }
        await ws.disconnect()
