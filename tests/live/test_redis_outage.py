"""A Redis outage loses no event: writes succeed, the failure is logged, `since` catches up."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect as ws_connect

from tests.conftest import service_required
from tests.live import servers

pytestmark = [pytest.mark.redis, pytest.mark.multiprocess]

IDEAS = 4


@pytest.fixture
def outage_site(tmp_path):
    """One daphne on our own redis-server (stopped and restarted by the test)."""
    if servers.shutil.which("redis-server") is None:
        service_required("Redis")
    redis_port = servers.free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    with servers.shared_database(tmp_path) as database_url:
        env = servers.server_env(database_url=database_url, redis_url=redis_url, var_dir=tmp_path)
        setup = servers.manage_shell(env, servers.SETUP_IDEAS % {"count": IDEAS})
        site = {
            "redis_port": redis_port,
            "tmp": tmp_path,
            "log": tmp_path / "daphne.log",
            "env": env,
            **setup,
        }
        redis = servers.redis_server(redis_port, tmp_path)
        site["redis"] = redis.__enter__()
        try:
            with servers.daphne(env, site["log"]) as (port, _):
                site["port"] = port
                yield site
        finally:
            redis.__exit__(None, None, None)


async def test_writes_during_a_redis_outage_succeed_and_reach_clients_by_replay(outage_site):
    site = outage_site
    port, stream = site["port"], f"challenge:{site['challenge']}"
    url, origin = f"ws://127.0.0.1:{port}/ws/", f"http://127.0.0.1:{port}"
    token = await asyncio.to_thread(servers.register, port, site["env"])
    async with ws_connect(url, origin=origin) as ws:
        await ws.send(json.dumps({"action": "subscribe", "stream": stream, "since": None}))
        since = (await servers.subscribe_frames(ws))[-1]["last_id"]

    servers.stop(site["redis"])
    statuses = []
    for idea in site["ideas"]:
        status, _ = await asyncio.to_thread(
            servers.http, "PUT", f"{origin}/api/ideas/{idea}/vote/", {"value": 1}, token
        )
        statuses.append(status)
    log = site["log"].read_text(errors="replace")
    with servers.redis_server(site["redis_port"], site["tmp"]):
        async with ws_connect(url, origin=origin) as ws:
            await ws.send(json.dumps({"action": "subscribe", "stream": stream, "since": since}))
            frames = await servers.subscribe_frames(ws)

    assert statuses == [200] * IDEAS
    # Each vote is an event on its idea's stream and one on the challenge's.
    assert log.count("Could not broadcast event") == 2 * IDEAS
    # Events just before `since` come again (the out-of-order grace window); clients drop
    # them by id. Everything after `since` is what the outage swallowed.
    missed = [f for f in frames[:-1] if f["id"] > since]
    assert frames[-1]["type"] == "subscribed"
    assert [f["type"] for f in missed] == ["vote.changed"] * IDEAS
    assert [f["data"]["idea"] for f in missed] == site["ideas"]
    assert all(f["data"]["up"] == 1 for f in missed)
