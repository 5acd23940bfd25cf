"""Bad client frames get an error frame and the socket stays open; flooding closes it."""

from __future__ import annotations

import json

import pytest

from realtime.consumers import CLOSE_FLOODING
from tests.live.conftest import connect, subscribe

pytestmark = pytest.mark.django_db(transaction=True)


async def error_for(ws, text: str | None = None, data: bytes | None = None) -> dict:
    if data is not None:
        await ws.send_to(bytes_data=data)
    else:
        await ws.send_to(text_data=text)
    return await ws.receive_json_from()


async def assert_still_open(ws) -> None:
    frames = await subscribe(ws, "feed")
    assert frames[-1]["type"] == "subscribed"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{not json", "bad_json"),
        # Too deep for the parser (RecursionError): the same answer, not a 1011 close.
        ("[" * 1000, "bad_json"),
        ("[" * 1000 + "]" * 1000, "bad_json"),
        ("[1, 2]", "bad_frame"),
        ('{"action": "publish", "stream": "feed"}', "unknown_action"),
        ('{"stream": "feed"}', "unknown_action"),
        ('{"action": "subscribe", "stream": "idea:abc"}', "invalid_stream"),
        ('{"action": "subscribe", "stream": "idea:0"}', "invalid_stream"),
        ('{"action": "subscribe", "stream": "secret"}', "invalid_stream"),
        ('{"action": "subscribe", "stream": "idea:27\\n"}', "invalid_stream"),
        ('{"action": "subscribe", "stream": "feed\\n"}', "invalid_stream"),
        ('{"action": "subscribe", "stream": " feed"}', "invalid_stream"),
        ('{"action": "subscribe", "stream": 42}', "invalid_stream"),
        ('{"action": "unsubscribe", "stream": "nope"}', "invalid_stream"),
        ('{"action": "subscribe", "stream": "feed", "since": -1}', "invalid_since"),
        ('{"action": "subscribe", "stream": "feed", "since": "12"}', "invalid_since"),
        ('{"action": "subscribe", "stream": "feed", "since": true}', "invalid_since"),
    ],
)
async def test_a_bad_message_gets_an_error_frame_and_the_socket_stays_open(text, code):
    ws = await connect()

    frame = await error_for(ws, text)

    assert frame["type"] == "error"
    assert frame["code"] == code
    assert frame["detail"]
    await assert_still_open(ws)
    await ws.disconnect()


async def test_a_binary_frame_gets_an_error():
    ws = await connect()

    frame = await error_for(ws, data=b"\x00\x01")

    assert frame["code"] == "bad_frame"
    await assert_still_open(ws)
    await ws.disconnect()


async def test_a_frame_over_the_size_limit_gets_an_error(settings):
    ws = await connect()
    text = json.dumps({"action": "subscribe", "stream": "feed", "pad": "x" * (64 * 1024)})

    frame = await error_for(ws, text)

    assert frame == {
        "type": "error",
        "code": "frame_too_large",
        "detail": "Eine Nachricht darf höchstens 65536 Bytes lang sein.",
    }
    await assert_still_open(ws)
    await ws.disconnect()


async def test_the_size_limit_counts_bytes_not_characters(settings):
    settings.REALTIME_MAX_FRAME_BYTES = 100
    ws = await connect()
    # 60 characters, 120 bytes in UTF-8.
    text = json.dumps({"action": "subscribe", "stream": "feed", "x": "ä" * 30}, ensure_ascii=False)

    frame = await error_for(ws, text)

    assert frame["code"] == "frame_too_large"
    await ws.disconnect()


async def test_error_details_follow_the_browser_language():
    from tests.live.conftest import ORIGIN

    ws = await connect(headers=[*ORIGIN, (b"accept-language", b"en-GB,en;q=0.9")])

    frame = await error_for(ws, "{")

    assert frame["detail"] == "The message is not valid JSON."
    await ws.disconnect()


async def test_too_many_streams_gets_an_error(settings):
    settings.REALTIME_MAX_STREAMS = 1
    ws = await connect()
    await subscribe(ws, "feed")

    frames = await subscribe(ws, "challenge:1")

    assert frames[-1]["code"] == "too_many_streams"
    assert frames[-1]["stream"] == "challenge:1"
    await assert_still_open(ws)  # re-subscribing a stream it has is not one more
    await ws.disconnect()


async def test_flooding_closes_the_socket_with_4008(settings):
    settings.REALTIME_MAX_FRAMES_PER_10S = 3
    ws = await connect()
    for _ in range(3):
        await ws.send_to(text_data="{")
        assert (await ws.receive_json_from())["code"] == "bad_json"

    await ws.send_to(text_data="{")
    warning = await ws.receive_json_from()
    closed = await ws.receive_output()

    assert warning["code"] == "flooding"
    assert closed == {
        "type": "websocket.close",
        "code": CLOSE_FLOODING,
        "reason": "too many messages",
    }
    assert CLOSE_FLOODING == 4008
