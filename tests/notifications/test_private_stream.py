"""`user:<id>` over a real socket: only its owner may watch it; anonymous visitors, other
people and city staff get exactly the answer a stream that does not exist gets; the owner's
bell count arrives live, nobody else's socket hears of it."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.test import Client

from ideas import services as idea_services
from tests import factories
from tests.live.conftest import (  # noqa: F401 - fixtures
    city_staff_group,
    connect,
    in_memory_layer,
    subscribe,
)
from tests.notifications.conftest import derive

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("city_staff_group")]


def _cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


@sync_to_async
def _world():
    owner = factories.UserFactory(display_name="Owner", language="en")
    other = factories.UserFactory(display_name="Other")
    staff = factories.StaffFactory(display_name="Staff")
    idea = idea_services.idea_submit(
        author=owner,
        challenge=factories.ChallengeFactory(),
        title="Bänke",
        summary="Mehr Bänke am Kesselbrink",
    )
    derive()
    return owner, other, staff, idea, {p: _cookie(p) for p in (owner, other, staff)}


def _without_stream(frame: dict) -> dict:
    return {key: value for key, value in frame.items() if key != "stream"}


async def test_only_the_owner_may_watch_and_the_others_cannot_tell_it_exists():
    owner, other, staff, _idea, cookies = await _world()
    stream = f"user:{owner.pk}"
    nobody = f"user:{owner.pk + 1000}"

    ws = await connect(cookie=cookies[owner])
    assert (await subscribe(ws, stream))[-1]["type"] == "subscribed"
    await ws.disconnect()

    for cookie in (None, cookies[other], cookies[staff]):
        ws = await connect(cookie=cookie)
        refused = (await subscribe(ws, stream))[-1]
        missing = (await subscribe(ws, nobody))[-1]
        await ws.disconnect()

        assert refused["code"] == "unknown_stream"
        assert _without_stream(refused) == _without_stream(missing)


async def test_the_owner_gets_the_notification_and_the_new_count_live_and_alone():
    owner, other, _staff, idea, cookies = await _world()
    mine = await connect(cookie=cookies[owner])
    await subscribe(mine, f"user:{owner.pk}")
    theirs = await connect(cookie=cookies[other])
    await subscribe(theirs, f"user:{other.pk}")

    await sync_to_async(idea_services.comment_post)(author=other, idea=idea, body="Super")
    await sync_to_async(derive)()

    frame = await mine.receive_json_from(timeout=3)
    assert frame["type"] == "notification.created"
    assert frame["stream"] == f"user:{owner.pk}"
    assert frame["data"]["unread_count"] == 1
    assert frame["data"]["notification"]["text"] == "New comment on “Bänke”"
    assert frame["data"]["notification"]["read"] is False
    assert await theirs.receive_nothing(timeout=0.3)
    await mine.disconnect()
    await theirs.disconnect()
