"""`make run`: one daphne without REDIS_URL serves /ws/ on the in-memory channel layer."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect as ws_connect

from tests.live import servers

pytestmark = pytest.mark.multiprocess


async def test_one_daphne_on_the_in_memory_layer_pushes_its_own_writes(tmp_path):
    with servers.shared_database(tmp_path) as database_url:
        env = servers.server_env(database_url=database_url, redis_url="", var_dir=tmp_path)
        setup = servers.manage_shell(env, servers.SETUP_IDEAS % {"count": 1})
        idea = setup["ideas"][0]
        with servers.daphne(env, tmp_path / "daphne.log") as (port, _):
            token = await asyncio.to_thread(servers.register, port, env)
            url = f"ws://127.0.0.1:{port}/ws/"
            async with ws_connect(url, origin=f"http://127.0.0.1:{port}") as ws:
                subscribed = await servers.subscribe(ws, f"idea:{idea}")
                status, _ = await asyncio.to_thread(servers.vote, port, idea, token)
                frame = await servers.next_event(ws, f"idea:{idea}")
                await ws.send("not json")
                error = json.loads(await asyncio.wait_for(ws.recv(), 10))

    assert subscribed["type"] == "subscribed"
    assert status == 200
    assert frame["data"] == {"idea": idea, "up": 1, "down": 0, "score": 1}
    assert error["code"] == "bad_json"
