"""Many people vote, switch and retract on one idea at the same time, over real HTTP.

Afterwards the idea's stored tallies must equal its vote rows, and no request may have failed
with a server error. Runs on SQLite (IMMEDIATE transactions queue the writers) and on
PostgreSQL (the idea row lock queues them) alike.
"""

import http.client
import json
import random
import threading
import time
from urllib.parse import urlsplit

import pytest
from django.db.models import Sum
from rest_framework.authtoken.models import Token

from ideas.models import Idea
from tests import factories
from votes.models import Vote

VOTERS = 32
STEPS = 6


def _request(base: str, token: str, method: str, path: str, body: dict | None) -> int:
    """One request; a connection the test server's small listen backlog refused is retried
    (PUT and DELETE of a vote are idempotent, so a retry cannot count twice)."""
    for attempt in range(10):
        try:
            return _request_once(base, token, method, path, body)
        except (ConnectionRefusedError, ConnectionResetError, http.client.RemoteDisconnected):
            if attempt == 9:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _request_once(base: str, token: str, method: str, path: str, body: dict | None) -> int:
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        conn.request(
            method,
            path,
            body=json.dumps(body) if body is not None else None,
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_keep_the_tallies_equal_to_the_vote_rows(live_server):
    challenge = factories.ChallengeFactory(created_by=factories.UserFactory())
    idea = factories.IdeaFactory(challenge=challenge)
    tokens = [Token.objects.create(user=factories.UserFactory()).key for _ in range(VOTERS)]
    path = f"/api/ideas/{idea.pk}/vote/"
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(VOTERS)

    def voter(token: str, seed: int) -> None:
        rng = random.Random(seed)
        start.wait()
        try:
            steps(rng, token)
        except BaseException as exc:
            with lock:
                errors.append(exc)

    def steps(rng: random.Random, token: str) -> None:
        for _ in range(STEPS):
            choice = rng.choice(["up", "down", "retract"])
            if choice == "retract":
                status = _request(live_server.url, token, "DELETE", path, None)
            else:
                value = 1 if choice == "up" else -1
                status = _request(live_server.url, token, "PUT", path, {"value": value})
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=voter, args=(t, n)) for n, t in enumerate(tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(statuses) == VOTERS * STEPS
    assert set(statuses) == {200}
    idea = Idea.objects.get(pk=idea.pk)
    up = Vote.objects.filter(idea=idea, value=1).count()
    down = Vote.objects.filter(idea=idea, value=-1).count()
    assert (idea.up_count, idea.down_count) == (up, down)
    assert idea.score == (Vote.objects.filter(idea=idea).aggregate(s=Sum("value"))["s"] or 0)
