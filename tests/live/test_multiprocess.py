"""Scale-out: two real daphne processes share streams through Redis and one database."""

from __future__ import annotations

import asyncio
import os

import pytest
from websockets.asyncio.client import connect as ws_connect

from tests.conftest import service_required
from tests.live import servers

pytestmark = [pytest.mark.redis, pytest.mark.multiprocess]

# CI runs a second suite beside this one and gives it another database.
SHARED_REDIS = os.environ.get("OIC_TEST_SHARED_REDIS", "redis://127.0.0.1:6379/3")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Process A and process B, both on the machine's Redis (db 3 unless told) and one database."""
    if not servers.redis_reachable(SHARED_REDIS):
        service_required("Redis")
    tmp = tmp_path_factory.mktemp("multiprocess")
    with servers.shared_database(tmp) as database_url:
        env = servers.server_env(database_url=database_url, redis_url=SHARED_REDIS, var_dir=tmp)
        setup = servers.manage_shell(env, servers.SETUP_IDEAS % {"count": 2})
        with (
            servers.daphne(env, tmp / "a.log") as (port_a, _),
            servers.daphne(env, tmp / "b.log") as (port_b, _),
        ):
            yield {"a": port_a, "b": port_b, "env": env, **setup}


async def test_a_vote_served_by_process_a_reaches_a_socket_on_process_b(cluster):
    idea = cluster["ideas"][0]
    token = await asyncio.to_thread(servers.register, cluster["a"], cluster["env"])
    b = f"ws://127.0.0.1:{cluster['b']}/ws/"
    async with ws_connect(b, origin=f"http://127.0.0.1:{cluster['b']}") as ws:
        subscribed = await servers.subscribe(ws, f"idea:{idea}")

        status, tallies = await asyncio.to_thread(servers.vote, cluster["a"], idea, token)
        frame = await servers.next_event(ws, f"idea:{idea}")

    assert subscribed["type"] == "subscribed"
    assert status == 200
    assert frame["type"] == "vote.changed"
    assert frame["data"] == {"idea": idea, "up": 1, "down": 0, "score": 1}
    assert tallies["up"] == 1


async def test_an_idle_socket_outlives_the_redis_read_timeout_and_still_receives(cluster):
    idea = cluster["ideas"][1]
    token = await asyncio.to_thread(servers.register, cluster["a"], cluster["env"])
    b = f"ws://127.0.0.1:{cluster['b']}/ws/"
    async with ws_connect(b, origin=f"http://127.0.0.1:{cluster['b']}", ping_interval=None) as ws:
        await servers.subscribe(ws, f"idea:{idea}")

        # Longer than redis-py's old 5 s socket read timeout, which killed idle subscribers.
        await asyncio.sleep(6.5)
        pong = await ws.ping()
        await asyncio.wait_for(pong, 5)
        status, _ = await asyncio.to_thread(servers.vote, cluster["a"], idea, token, -1)
        frame = await servers.next_event(ws, f"idea:{idea}")

    assert status == 200
    assert frame["data"] == {"idea": idea, "up": 0, "down": 1, "score": -1}


async def test_a_foreign_origin_is_refused_by_a_real_server(cluster):
    from websockets.exceptions import InvalidStatus

    b = f"ws://127.0.0.1:{cluster['b']}/ws/"
    with pytest.raises(InvalidStatus) as refused:
        async with ws_connect(b, origin="https://evil.example"):
            pass

    assert refused.value.response.status_code == 403
