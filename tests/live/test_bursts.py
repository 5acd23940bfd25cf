"""Vote bursts reach each socket coalesced; refused and rolled-back writes send nothing."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied
from django.db import transaction

import realtime
from core.errors import StateConflict
from realtime.models import Event
from tests import factories
from tests.live.conftest import connect, subscribe
from votes.services import vote_cast

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("city_staff_group")]


@database_sync_to_async
def make_idea(**challenge):
    return factories.IdeaFactory(challenge=factories.ChallengeFactory(**challenge))


@database_sync_to_async
def fifty_votes(idea) -> dict:
    tallies = None
    for n in range(50):
        voter = factories.UserFactory()
        tallies = vote_cast(user=voter, idea=idea, value=1 if n % 5 else -1)
    return tallies


@database_sync_to_async
def event_count() -> int:
    return Event.objects.count()


async def test_fifty_quick_votes_arrive_as_few_frames_ending_with_the_final_tallies(settings):
    settings.REALTIME_COALESCE_MS = 500
    idea = await make_idea()
    ws = await connect()
    await subscribe(ws, f"idea:{idea.pk}")

    final = await fifty_votes(idea)
    frames = []
    while not frames or frames[-1]["data"]["up"] != final["up"]:
        frames.append(await ws.receive_json_from(timeout=5))

    assert len(frames) < 50
    assert all(f["type"] == "vote.changed" for f in frames)
    assert [f["id"] for f in frames] == sorted(f["id"] for f in frames)
    assert frames[-1]["data"] == {"idea": idea.pk, "up": 40, "down": 10, "score": 30}
    assert await ws.receive_nothing(timeout=1)
    await ws.disconnect()


async def test_a_replay_sends_only_the_newest_tallies_per_idea(settings):
    idea = await make_idea()
    await fifty_votes(idea)
    ws = await connect()

    frames = await subscribe(ws, f"idea:{idea.pk}", since=0)

    assert [f["type"] for f in frames] == ["vote.changed", "subscribed"]
    assert frames[0]["data"] == {"idea": idea.pk, "up": 40, "down": 10, "score": 30}
    await ws.disconnect()


async def test_a_refused_vote_on_ones_own_idea_publishes_nothing():
    idea = await make_idea()
    ws = await connect()
    await subscribe(ws, f"idea:{idea.pk}")
    before = await event_count()

    with pytest.raises(PermissionDenied):
        await database_sync_to_async(vote_cast)(user=idea.author, idea=idea, value=1)

    assert await event_count() == before
    assert await ws.receive_nothing(timeout=0.3)
    await ws.disconnect()


async def test_a_vote_while_voting_is_closed_publishes_nothing():
    idea = await make_idea(voting_open=False)
    voter = await database_sync_to_async(factories.UserFactory)()
    ws = await connect()
    await subscribe(ws, f"idea:{idea.pk}")
    before = await event_count()

    with pytest.raises(StateConflict):
        await database_sync_to_async(vote_cast)(user=voter, idea=idea, value=1)

    assert await event_count() == before
    assert await ws.receive_nothing(timeout=0.3)
    await ws.disconnect()


async def test_a_rolled_back_transaction_publishes_nothing():
    ws = await connect()
    await subscribe(ws, "feed")
    before = await event_count()

    @database_sync_to_async
    def publish_then_fail():
        with transaction.atomic():
            realtime.publish("feed", "challenge.created", {"id": 1})
            raise RuntimeError("the change failed after publishing")

    with pytest.raises(RuntimeError):
        await publish_then_fail()

    assert await event_count() == before
    assert await ws.receive_nothing(timeout=0.3)
    await ws.disconnect()


async def test_layer_events_skip_the_connection_cleanup_hop(monkeypatch):
    import channels.consumer

    hops = []
    original = channels.consumer.aclose_old_connections

    async def counting():
        hops.append(1)
        await original()

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", counting)
    ws = await connect()
    await subscribe(ws, "feed")
    after_subscribe = len(hops)

    await database_sync_to_async(
        lambda: transaction.atomic()(realtime.publish)("feed", "test.event", {})
    )()
    frame = await ws.receive_json_from()

    assert frame["type"] == "test.event"
    assert after_subscribe > 0  # client frames still recycle connections
    assert len(hops) == after_subscribe
    await ws.disconnect()
