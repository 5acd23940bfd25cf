"""A blocked person reads and appeals but writes nothing: over the API (token or session), the
site, and the socket (which carries no writes at all)."""

from datetime import timedelta

import pytest
import time_machine
from asgiref.sync import sync_to_async
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ideas.models import Comment, Idea
from moderation import services
from moderation.models import Appeal, Block
from realtime.models import Event
from tests.live.conftest import city_staff_group, connect, in_memory_layer, subscribe  # noqa: F401

pytestmark = pytest.mark.django_db


def _block(world, days=7):
    item = services.item_state_get_or_create(kind="person", object_id=world.author.pk)
    return services.decision_make(
        moderator=world.second,
        item=item,
        kind="block",
        reason="Wiederholte Beleidigungen",
        block_days=days,
    )


def _counts():
    return (Idea.objects.count(), Comment.objects.count(), Event.objects.count())


def test_every_api_write_of_a_blocked_person_gets_403_with_reason_and_end(world):
    decision = _block(world)
    token = Token.objects.create(user=world.author).key
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    before = _counts()
    writes = [
        ("post", f"/api/ideas/{world.idea.pk}/comments/", {"body": "Noch einer"}),
        ("patch", f"/api/comments/{world.comment.pk}/", {"body": "Geändert"}),
        (
            "post",
            "/api/ideas/",
            {"title": "Neue Idee hier", "summary": "Eine lange Zusammenfassung."},
        ),
        ("put", f"/api/ideas/{world.idea.pk}/vote/", {"value": 1}),
        ("patch", "/api/me/", {"bio": "Neu"}),
        ("post", "/api/reports/", {"kind": "idea", "object_id": 1, "reason": "spam", "text": "x"}),
        ("post", "/api/organisations/", {"name": "Verein", "kind": "association"}),
    ]
    for method, path, body in writes:
        response = getattr(api, method)(path, body, format="json")

        assert response.status_code == 403, path
        data = response.json()
        assert data["code"] == "blocked"
        assert data["reason"] == "Wiederholte Beleidigungen"
        assert data["until"] == decision.block_until.isoformat()
        assert "Wiederholte Beleidigungen" in data["detail"]
    assert _counts() == before
    # Reading goes on.
    assert api.get("/api/me/").status_code == 200
    assert api.get(f"/api/ideas/{world.idea.pk}/").status_code == 200


def test_a_blocked_person_on_the_site_sees_why_and_until_when(world):
    _block(world)
    site = Client()
    site.force_login(world.author)
    before = _counts()

    response = site.post(f"/ideas/{world.idea.pk}/comments/", {"body": "Noch einer"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "Dein Konto ist gesperrt bis" in html
    assert "Wiederholte Beleidigungen" in html
    assert _counts() == before
    assert site.get(f"/ideas/{world.idea.pk}/").status_code == 200


def test_a_permanent_block_says_so(world):
    _block(world, days=None)
    api = APIClient()
    api.force_login(world.author)

    response = api.post(f"/api/ideas/{world.idea.pk}/comments/", {"body": "x"}, format="json")

    assert response.status_code == 403
    assert response.json()["until"] is None
    assert "dauerhaft gesperrt" in response.json()["detail"]


def test_the_services_refuse_a_blocked_person_too(world):
    from django.core.exceptions import PermissionDenied

    from ideas import services as idea_services

    _block(world)
    world.author.refresh_from_db()
    with pytest.raises(PermissionDenied, match="Wiederholte Beleidigungen"):
        idea_services.comment_post(author=world.author, idea=world.idea, body="Trotzdem")


def test_a_blocked_person_may_appeal_and_a_reversal_lifts_the_block(world):
    decision = _block(world)
    site = Client()
    site.force_login(world.author)

    response = site.post(
        f"/moderation/decisions/{decision.pk}/appeal/", {"text": "Ich war es nicht."}
    )

    assert response.status_code == 302
    appeal = Appeal.objects.get()
    services.appeal_decide(
        moderator=world.staff, appeal=appeal, outcome="reversed", reason="Verwechslung."
    )
    assert Block.objects.get().lifted_at is not None
    response = site.post(f"/ideas/{world.idea.pk}/comments/", {"body": "Wieder da"})
    assert response.status_code == 302
    assert Comment.objects.filter(body="Wieder da").exists()


def test_an_expired_block_ends_by_itself(world):
    decision = _block(world, days=1)

    with time_machine.travel(decision.block_until + timedelta(seconds=1), tick=False):
        api = APIClient()
        api.force_login(world.author)
        response = api.post(
            f"/api/ideas/{world.idea.pk}/comments/", {"body": "Nach der Sperre"}, format="json"
        )
    assert response.status_code == 201


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("in_memory_layer", "city_staff_group")
async def test_a_blocked_person_keeps_reading_live_and_the_socket_takes_no_write(world):
    @sync_to_async
    def blocked_session():
        _block(world)
        client = Client()
        client.force_login(world.author)
        return f"sessionid={client.cookies['sessionid'].value}", _counts()

    cookie, before = await blocked_session()
    ws = await connect(cookie=cookie)

    frames = await subscribe(ws, f"idea:{world.idea.pk}")
    await ws.send_json_to({"action": "comment", "idea": world.idea.pk, "body": "Über den Socket"})
    refused = await ws.receive_json_from(timeout=3)
    await ws.disconnect()

    assert frames[-1]["type"] == "subscribed"
    assert (refused["type"], refused["code"]) == ("error", "unknown_action")
    assert await sync_to_async(_counts)() == before
