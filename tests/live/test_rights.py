"""Who may watch which stream; sessions authenticate the socket, origins are checked."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from challenges.models import Challenge
from oic.asgi import application
from tests import factories
from tests.live.conftest import connect, subscribe

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("city_staff_group")]


@sync_to_async
def make(factory, **kwargs):
    return factory(**kwargs)


@sync_to_async
def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


async def test_anyone_may_watch_the_feed_an_open_challenge_and_an_idea():
    idea = await make(factories.IdeaFactory)
    ws = await connect()

    feed = await subscribe(ws, "feed")
    challenge = await subscribe(ws, f"challenge:{idea.challenge_id}")
    own = await subscribe(ws, f"idea:{idea.pk}")

    assert [f[-1]["type"] for f in (feed, challenge, own)] == ["subscribed"] * 3
    await ws.disconnect()


async def test_a_draft_challenge_looks_unknown_to_anonymous_visitors():
    draft = await make(factories.ChallengeFactory, status=Challenge.Status.DRAFT)
    ws = await connect()

    frames = await subscribe(ws, f"challenge:{draft.pk}")

    assert frames == [
        {
            "type": "error",
            "code": "unknown_stream",
            "detail": "Diesen Stream gibt es nicht.",
            "stream": f"challenge:{draft.pk}",
        }
    ]
    await ws.disconnect()


async def test_a_draft_challenge_is_refused_to_a_signed_in_citizen():
    draft = await make(factories.ChallengeFactory, status=Challenge.Status.DRAFT)
    citizen = await make(factories.UserFactory)
    ws = await connect(cookie=await session_cookie(citizen))

    frames = await subscribe(ws, f"challenge:{draft.pk}")

    assert frames[-1]["code"] == "unknown_stream"
    await ws.disconnect()


async def test_city_staff_signed_in_by_session_may_watch_a_draft_challenge():
    draft = await make(factories.ChallengeFactory, status=Challenge.Status.DRAFT)
    staff = await make(factories.StaffFactory)
    ws = await connect(cookie=await session_cookie(staff))

    frames = await subscribe(ws, f"challenge:{draft.pk}")

    assert frames[-1]["type"] == "subscribed"
    await ws.disconnect()


@pytest.mark.parametrize("stream", ["challenge:999999", "idea:999999"])
async def test_unknown_ids_get_an_error_and_the_socket_stays_open(stream):
    ws = await connect()

    frames = await subscribe(ws, stream)
    still_open = await subscribe(ws, "feed")

    assert frames[-1]["code"] == "unknown_stream"
    assert still_open[-1]["type"] == "subscribed"
    await ws.disconnect()


async def test_a_withdrawn_idea_stays_watchable_so_an_open_page_learns_of_it():
    idea = await make(factories.IdeaFactory, withdrawn_at="2026-01-01T00:00:00Z")
    ws = await connect()

    frames = await subscribe(ws, f"idea:{idea.pk}")

    assert frames[-1]["type"] == "subscribed"
    await ws.disconnect()


async def test_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application,
        "/ws/",
        headers=[(b"origin", b"https://evil.example"), (b"host", b"testserver")],
    )

    connected, _ = await communicator.connect()

    assert connected is False


def test_realtime_imports_no_domain_app():
    from pathlib import Path

    import realtime

    root = Path(realtime.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("import ", "from "))
        and line.split()[1].split(".")[0]
        in {"accounts", "challenges", "ideas", "votes", "frontend"}
    ]

    assert offenders == []
