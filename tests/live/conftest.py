"""Fixtures for live-event tests: a fresh in-memory channel layer and socket helpers."""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction

import realtime
from oic.asgi import application
from realtime.catalogue import EventType, register_events, unregister_events

ORIGIN = [(b"origin", b"http://testserver"), (b"host", b"testserver")]


TEST_EVENT = "test.event"


@pytest.fixture(autouse=True)
def test_event_type():
    """Tests of the bus itself publish a type of their own, declared like any app's."""
    register_events("tests", [EventType(type=TEST_EVENT, streams="any", payload="anything")])
    yield TEST_EVENT
    unregister_events([TEST_EVENT])


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    """Each test gets its own in-memory layer, even when REDIS_URL is set for the run
    (changing the setting makes Channels drop its cached layer)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.REALTIME_REPLAY_GRACE_SECONDS = 0


async def connect(*, headers=ORIGIN, cookie: str | None = None) -> WebsocketCommunicator:
    if cookie:
        headers = [*headers, (b"cookie", cookie.encode())]
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def subscribe(communicator, stream: str, since: int | None = None) -> list[dict]:
    """Subscribe and return every frame up to and including `subscribed` (or an error)."""
    await communicator.send_json_to({"action": "subscribe", "stream": stream, "since": since})
    frames = []
    while True:
        frame = await communicator.receive_json_from(timeout=3)
        frames.append(frame)
        if frame.get("type") in {"subscribed", "error"}:
            return frames


async def receive_frames(communicator, count: int, timeout: float = 3) -> list[dict]:
    return [await communicator.receive_json_from(timeout=timeout) for _ in range(count)]


@database_sync_to_async
def publish(stream, type_: str = TEST_EVENT, data: dict | None = None) -> int:
    """Publish one committed event (broadcast runs on commit) and return its id."""
    with transaction.atomic():
        ids = realtime.publish(stream, type_, data or {})
    return ids[0]


def raw_frame(text: str) -> dict:
    return json.loads(text)


@pytest.fixture
def city_staff_group(transactional_db):
    """Transactional tests empty every table afterwards, also the "City staff" group that a
    data migration seeds; put it back (permissions are recreated after each flush)."""
    from django.contrib.auth.models import Group, Permission

    from accounts.models import CITY_STAFF_GROUP, CITY_STAFF_PERMISSION

    app_label, codename = CITY_STAFF_PERMISSION.split(".")
    group, _ = Group.objects.get_or_create(name=CITY_STAFF_GROUP)
    group.permissions.add(
        Permission.objects.get(codename=codename, content_type__app_label=app_label)
    )
    return group
