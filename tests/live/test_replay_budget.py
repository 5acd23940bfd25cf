"""Replay is bounded per socket and per time: past the budget a subscription gets `resync`
(reload by HTTP) instead of its replay (issue 10, item 7)."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

import realtime
from tests.live.conftest import TEST_EVENT, connect, publish, subscribe

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def publish_many(stream: str, count: int) -> None:
    with transaction.atomic():
        for n in range(count):
            realtime.publish(stream, TEST_EVENT, {"n": n})


def events_in(frames: list[dict]) -> list[dict]:
    return [f for f in frames if "id" in f]


async def test_subscribing_again_and_again_from_zero_replays_at_most_the_budget():
    """The probe: 100 subscribes with since=0 to a stream of 251 events got 25,100 frames. With
    the default budget (2,000 frames a minute) seven replays fit, the rest answer resync."""
    await publish_many("feed", 251)
    ws = await connect()

    answers = [await subscribe(ws, "feed", since=0) for _ in range(100)]

    assert sum(len(events_in(frames)) for frames in answers) == 7 * 251
    assert [frames[0]["type"] for frames in answers[7:]] == ["resync"] * 93
    assert all(frames[-1]["type"] == "subscribed" for frames in answers)
    await ws.disconnect()


@pytest.mark.parametrize(
    ("window", "second_replay"),
    [
        # Five frames a minute: after three, a replay of three more does not fit.
        (60, ["resync", "subscribed"]),
        # A window of 0 s: the first replay is already outside it when the second comes.
        (0, [TEST_EVENT] * 3 + ["subscribed"]),
    ],
)
async def test_a_replay_past_the_budget_of_its_window_is_a_resync(settings, window, second_replay):
    settings.REALTIME_REPLAY_BUDGET = 5
    settings.REALTIME_REPLAY_BUDGET_SECONDS = window
    await publish_many("feed", 3)
    ws = await connect()

    first = await subscribe(ws, "feed", since=0)
    second = await subscribe(ws, "feed", since=0)

    assert len(events_in(first)) == 3
    assert [f["type"] for f in second] == second_replay
    await ws.disconnect()


async def test_the_budget_is_per_socket(settings):
    settings.REALTIME_REPLAY_BUDGET = 3
    await publish_many("feed", 3)
    spent = await connect()
    await subscribe(spent, "feed", since=0)

    fresh = await connect()
    frames = await subscribe(fresh, "feed", since=0)

    assert len(events_in(frames)) == 3
    await spent.disconnect()
    await fresh.disconnect()


async def test_live_events_still_arrive_after_the_budget_is_spent(settings):
    settings.REALTIME_REPLAY_BUDGET = 0
    await publish_many("feed", 2)
    ws = await connect()

    frames = await subscribe(ws, "feed", since=0)
    event_id = await publish("feed")

    assert [f["type"] for f in frames] == ["resync", "subscribed"]
    assert (await ws.receive_json_from(timeout=3))["id"] == event_id
    await ws.disconnect()


@pytest.mark.parametrize("name", ["idea:27\n", "feed\n", "challenge:1\n"])
def test_publish_refuses_a_stream_name_with_a_trailing_newline(name):
    with pytest.raises(ValueError, match="Not a stream name"), transaction.atomic():
        realtime.publish(name, TEST_EVENT, {})
