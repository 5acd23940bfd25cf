"""Chaos: Redis stops for 30 s while 50 people vote and others watch (issue 10).

Two daphne processes share the database and a private redis-server. Fifty voters cast 1,000
votes over HTTP through both; a part of them before the outage, the rest while Redis is down.
Watchers hold sockets on both servers the whole time and behave like the site's pages: they
keep the newest tallies per idea, and when a socket closes they reconnect with backoff and
`since` (on `resync` they reload the tallies over HTTP). Expected: no vote lost, no 5xx, and
every watcher shows the database's tallies within 10 s of Redis returning.

Runs wherever a redis-server can be started (CI: on SQLite and on PostgreSQL); about 80 s.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field

import pytest
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import WebSocketException

from tests.conftest import service_required
from tests.live import servers

pytestmark = [pytest.mark.redis, pytest.mark.multiprocess]

VOTERS = 50
IDEAS = 20  # every voter votes once on every idea: 1,000 votes
VOTES_BEFORE_OUTAGE = 300
OUTAGE_SECONDS = 30
CONVERGE_SECONDS = 10
WATCHERS = 10

SETUP_VOTERS = """
import json
from rest_framework.authtoken.models import Token
from django.utils import timezone
from accounts.models import User
# Confirmed addresses: only confirmed people may vote.
users = User.objects.bulk_create(
    [
        User(
            email=f"chaos-{n}@example.org",
            display_name=f"Voter {n}",
            email_confirmed_at=timezone.now(),
        )
        for n in range(%(count)d)
    ]
)
print(json.dumps([Token.objects.create(user=u).key for u in users]))
"""

TALLIES = """
import json
from ideas.models import Idea
from votes.models import Vote
print(json.dumps({
    "votes": Vote.objects.count(),
    "tallies": {str(i.pk): [i.up_count, i.down_count] for i in Idea.objects.all()},
}))
"""


def vote_value(voter: int, idea_index: int) -> int:
    return 1 if (voter + idea_index) % 3 else -1


@dataclass
class Watcher:
    """One page's view of the challenge: the newest tallies of each idea, and its cursor."""

    url: str
    origin: str
    stream: str
    tallies: dict[str, list[int]] = field(default_factory=dict)
    version: dict[str, int] = field(default_factory=dict)  # idea -> id of the shown event
    since: int | None = None
    reconnects: int = 0

    def take(self, frame: dict) -> None:
        if frame.get("type") == "vote.changed":
            idea = str(frame["data"]["idea"])
            if frame["id"] > self.version.get(idea, 0):
                self.version[idea] = frame["id"]
                self.tallies[idea] = [frame["data"]["up"], frame["data"]["down"]]
        if "id" in frame:
            self.since = max(self.since or 0, frame["id"])

    def reload(self, challenge: int, last_id: int) -> None:
        """What a page does on `resync`: read the tallies over HTTP."""
        status, body = servers.http(
            "GET", f"{self.origin}/api/ideas/?challenge={challenge}&page_size=100"
        )
        assert status == 200, body
        for idea in body["results"]:
            key = str(idea["id"])
            self.tallies[key] = [idea["votes"]["up"], idea["votes"]["down"]]
            self.version[key] = max(self.version.get(key, 0), last_id)

    async def run(self, challenge: int, ready: asyncio.Event) -> None:
        backoff = 0.2
        while True:
            try:
                async with ws_connect(self.url, origin=self.origin, open_timeout=5) as ws:
                    await ws.send(
                        json.dumps(
                            {"action": "subscribe", "stream": self.stream, "since": self.since}
                        )
                    )
                    resync = False
                    async for text in ws:
                        frame = json.loads(text)
                        if frame.get("type") == "resync":
                            resync = True
                        elif frame.get("type") == "subscribed":
                            self.since = max(self.since or 0, frame["last_id"])
                            if resync:
                                await asyncio.to_thread(self.reload, challenge, frame["last_id"])
                                resync = False
                            ready.set()
                            backoff = 0.2
                        else:
                            self.take(frame)
            except (TimeoutError, OSError, WebSocketException):
                pass  # closed (4013 while Redis is away) or refused: reconnect, as pages do
            self.reconnects += 1
            await asyncio.sleep(backoff * (1 + random.random()))  # noqa: S311
            backoff = min(backoff * 2, 2.0)


def cast(ports: list[int], tokens: list[str], ideas: list[int], ballots) -> list[int]:
    """Cast `ballots` ((voter, idea index) pairs) with 50 concurrent clients: HTTP statuses."""

    def one(ballot) -> int:
        voter, index = ballot
        port = ports[voter % len(ports)]
        status, _ = servers.vote(port, ideas[index], tokens[voter], vote_value(voter, index))
        return status

    by_voter: dict[int, list] = {}
    for ballot in ballots:
        by_voter.setdefault(ballot[0], []).append(ballot)

    def voter_session(voter_ballots) -> list[int]:
        return [one(b) for b in voter_ballots]

    with ThreadPoolExecutor(max_workers=VOTERS) as pool:
        return [s for statuses in pool.map(voter_session, by_voter.values()) for s in statuses]


@pytest.fixture
def chaos_site(tmp_path):
    if servers.shutil.which("redis-server") is None:
        service_required("Redis")
    with servers.shared_database(tmp_path) as database_url:
        env = servers.server_env(database_url=database_url, redis_url="", var_dir=tmp_path)
        site = servers.manage_shell(env, servers.SETUP_IDEAS % {"count": IDEAS})
        site["tokens"] = servers.manage_shell(env, SETUP_VOTERS % {"count": VOTERS})
        yield {**site, "env": env, "tmp": tmp_path}


async def test_a_redis_outage_under_load_loses_no_vote_and_every_watcher_converges(chaos_site):
    site = chaos_site
    redis_port = servers.free_port()
    env = {**site["env"], "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
    ballots = [(voter, index) for voter in range(VOTERS) for index in range(IDEAS)]
    random.Random(10).shuffle(ballots)
    with ExitStack() as stack:
        redis = stack.enter_context(servers.redis_server(redis_port, site["tmp"]))
        ports = [
            stack.enter_context(servers.daphne(env, site["tmp"] / f"{name}.log"))[0]
            for name in ("a", "b")
        ]
        watchers = [
            Watcher(
                url=f"ws://127.0.0.1:{ports[n % 2]}/ws/",
                origin=f"http://127.0.0.1:{ports[n % 2]}",
                stream=f"challenge:{site['challenge']}",
            )
            for n in range(WATCHERS)
        ]
        ready = [asyncio.Event() for _ in watchers]
        tasks = [
            asyncio.create_task(w.run(site["challenge"], r))
            for w, r in zip(watchers, ready, strict=True)
        ]
        try:
            await asyncio.wait_for(asyncio.gather(*(r.wait() for r in ready)), 30)
            statuses = await asyncio.to_thread(
                cast, ports, site["tokens"], site["ideas"], ballots[:VOTES_BEFORE_OUTAGE]
            )
            servers.stop(redis)
            outage_began = time.monotonic()
            statuses += await asyncio.to_thread(
                cast, ports, site["tokens"], site["ideas"], ballots[VOTES_BEFORE_OUTAGE:]
            )
            database = await asyncio.to_thread(servers.manage_shell, site["env"], TALLIES)
            # Redis stays away for 30 s, or until the last vote is in if that takes longer.
            await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - outage_began)))
            stack.enter_context(servers.redis_server(redis_port, site["tmp"]))
            converged = await converge(watchers, database["tallies"])
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    expected = {str(idea): [0, 0] for idea in site["ideas"]}
    for voter, index in ballots:
        expected[str(site["ideas"][index])][0 if vote_value(voter, index) == 1 else 1] += 1
    assert statuses == [200] * VOTERS * IDEAS
    assert database == {"votes": VOTERS * IDEAS, "tallies": expected}
    assert converged == [True] * WATCHERS
    # Every watcher's socket went through the outage and came back by itself.
    assert all(w.reconnects >= 1 for w in watchers)


async def converge(watchers: list[Watcher], tallies: dict) -> list[bool]:
    """Whether each watcher shows `tallies`, waiting at most CONVERGE_SECONDS for it."""
    deadline = time.monotonic() + CONVERGE_SECONDS
    while time.monotonic() < deadline:
        if all(w.tallies == tallies for w in watchers):
            break
        await asyncio.sleep(0.1)
    return [w.tallies == tallies for w in watchers]
