"""No socket left behind: a socket held open through a broker outage (or a restart of its
server process) ends up with every event committed meanwhile, in order.

Writes go through a second daphne process, as on a site with several servers: the socket's
own process learns of them only through Redis, or, without Redis, from the log on reconnect.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import ExitStack

import pytest
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed

from tests.conftest import service_required
from tests.live import servers

pytestmark = pytest.mark.multiprocess

IDEAS = 3

COMMITTED = """
import json
from realtime.models import Event
rows = Event.objects.filter(stream=%(stream)r, id__gt=%(since)d).order_by("id")
print(json.dumps([[e.id, e.type] for e in rows]))
"""


async def read_until_closed(ws) -> tuple[list[dict], int | None]:
    """Every frame until the server closes the socket, and the close code."""
    frames = []
    try:
        while True:
            frames.append(json.loads(await asyncio.wait_for(ws.recv(), 30)))
    except ConnectionClosed as closed:
        return frames, closed.rcvd.code if closed.rcvd else None


async def resubscribe(url: str, origin: str, stream: str, since: int) -> list[dict]:
    """Reconnect as the page does: subscribe with `since`, return the frames up to
    `subscribed` (the replay)."""
    async with ws_connect(url, origin=origin) as ws:
        await ws.send(json.dumps({"action": "subscribe", "stream": stream, "since": since}))
        return await servers.subscribe_frames(ws)


def write_during_outage(port: int, ideas: list[int], token: str) -> list[int]:
    """A vote on every idea and a comment on the first, through `port`: HTTP statuses."""
    origin = f"http://127.0.0.1:{port}"
    statuses = [servers.vote(port, idea, token)[0] for idea in ideas]
    status, _ = servers.http(
        "POST", f"{origin}/api/ideas/{ideas[0]}/comments/", {"body": "Während des Ausfalls"}, token
    )
    return [*statuses, status]


def events_after(seen: list[dict], since: int) -> list[tuple[int, str]]:
    """(id, type) of the events after `since` in the order they arrived, each once (clients
    drop duplicates by id)."""
    events = {}
    for frame in seen:
        if "id" in frame and frame["id"] > since:
            events.setdefault(frame["id"], frame["type"])
    return list(events.items())


@pytest.fixture
def site(tmp_path):
    """A database with one challenge and its ideas, and the server environment for it."""
    with servers.shared_database(tmp_path) as database_url:
        env = servers.server_env(database_url=database_url, redis_url="", var_dir=tmp_path)
        yield {
            "env": env,
            "tmp": tmp_path,
            **servers.manage_shell(env, servers.SETUP_IDEAS % {"count": IDEAS}),
        }


async def test_a_socket_open_through_a_redis_outage_gets_every_event_written_meanwhile(site):
    if servers.shutil.which("redis-server") is None:
        service_required("Redis")
    redis_port = servers.free_port()
    env = {**site["env"], "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
    stream = f"challenge:{site['challenge']}"
    with ExitStack() as stack:
        redis = stack.enter_context(servers.redis_server(redis_port, site["tmp"]))
        port_a, _ = stack.enter_context(servers.daphne(env, site["tmp"] / "a.log"))
        port_b, _ = stack.enter_context(servers.daphne(env, site["tmp"] / "b.log"))
        url, origin = f"ws://127.0.0.1:{port_a}/ws/", f"http://127.0.0.1:{port_a}"
        token = await asyncio.to_thread(servers.register, port_b, site["env"])

        async with ws_connect(url, origin=origin) as ws:
            await ws.send(json.dumps({"action": "subscribe", "stream": stream, "since": None}))
            since = (await servers.subscribe_frames(ws))[-1]["last_id"]
            servers.stop(redis)
            statuses = await asyncio.to_thread(write_during_outage, port_b, site["ideas"], token)
            stack.enter_context(servers.redis_server(redis_port, site["tmp"]))
            frames, code = await read_until_closed(ws)

        newest = max([since, *(f["id"] for f in frames if "id" in f)])
        replay = await resubscribe(url, origin, stream, newest)

    committed = servers.manage_shell(site["env"], COMMITTED % {"stream": stream, "since": since})
    assert statuses == [200] * IDEAS + [201]
    # The socket's process lost its subscription: it tells the socket and closes with 4013.
    assert code == 4013
    assert frames[-1]["code"] == "unavailable"
    assert [e[1] for e in committed] == ["vote.changed"] * IDEAS + ["comment.created"]
    assert events_after(frames + replay, since) == [tuple(e) for e in committed]
    assert replay[-1]["type"] == "subscribed"


async def test_a_socket_of_a_restarted_server_catches_up_on_reconnect(site):
    """Without Redis the in-memory layer's broker is the process itself: its restart is the
    outage, and the client's reconnect with `since` is the recovery."""
    stream = f"challenge:{site['challenge']}"
    with ExitStack() as stack:
        port_b, _ = stack.enter_context(servers.daphne(site["env"], site["tmp"] / "b.log"))
        token = await asyncio.to_thread(servers.register, port_b, site["env"])
        with servers.daphne(site["env"], site["tmp"] / "a.log") as (port_a, process_a):
            url, origin = f"ws://127.0.0.1:{port_a}/ws/", f"http://127.0.0.1:{port_a}"
            async with ws_connect(url, origin=origin) as ws:
                await ws.send(json.dumps({"action": "subscribe", "stream": stream, "since": None}))
                since = (await servers.subscribe_frames(ws))[-1]["last_id"]
                servers.stop(process_a)
                frames, _code = await read_until_closed(ws)
        statuses = await asyncio.to_thread(write_during_outage, port_b, site["ideas"], token)
        port_a, _ = stack.enter_context(servers.daphne(site["env"], site["tmp"] / "a2.log"))
        url, origin = f"ws://127.0.0.1:{port_a}/ws/", f"http://127.0.0.1:{port_a}"
        replay = await resubscribe(url, origin, stream, since)

    committed = servers.manage_shell(site["env"], COMMITTED % {"stream": stream, "since": since})
    assert statuses == [200] * IDEAS + [201]
    assert [e[1] for e in committed] == ["vote.changed"] * IDEAS + ["comment.created"]
    assert events_after(frames + replay, since) == [tuple(e) for e in committed]
