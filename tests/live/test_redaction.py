"""Content that was deleted, edited or withdrawn is never served again by a replay (issue 10).

Each test acts over HTTP as a person would, then replays EVERY stream from `since=0` as an
anonymous visitor and reads every stored row: the old text and, where it went, its author
are nowhere. A replaying client still gets frames it can render.
"""

from __future__ import annotations

import json
from importlib import import_module

import pytest
from asgiref.sync import sync_to_async
from django.apps import apps
from django.db import transaction
from rest_framework.test import APIClient

import realtime
from challenges.services import challenge_create
from ideas import services as idea_services
from realtime.models import Event
from tests import factories
from tests.live.conftest import connect, subscribe
from votes.services import vote_cast

pytestmark = pytest.mark.django_db(transaction=True)

IDEA_TITLE = "Telefon 0521 555 0199"
IDEA_SUMMARY = "Ruft mich an unter 0521 555 0199"
COMMENT_TEXT = "Meine Adresse: Jahnplatz 7, 33602 Bielefeld"
RESPONSE_TEXT = "Wir prüfen das im Umweltamt"
CHALLENGE_SUMMARY = "Frist bis Freitag, Rückfragen an 0521 555 0100"
SUMMARY_NOW = "Schatten für den Jahnplatz an heißen Tagen"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def scene(city_staff_group):
    """Through the services, so the log holds what the site really publishes: a challenge
    with an idea by Alice (edited once), Bob's comment on it (edited once), a vote and an
    official response."""
    staff = factories.StaffFactory(display_name="Stadt Bielefeld")
    alice = factories.UserFactory(display_name="Alice Anrufbar")
    bob = factories.UserFactory(display_name="Bob Adressat")
    challenge = factories.ChallengeFactory(created_by=staff)
    idea = idea_services.idea_submit(
        author=alice, title=IDEA_TITLE, summary=IDEA_SUMMARY, challenge=challenge
    )
    idea = idea_services.idea_update(actor=alice, idea=idea, description="Mehr Bäume")
    comment = idea_services.comment_post(author=bob, idea=idea, body=COMMENT_TEXT)
    idea_services.comment_edit(actor=bob, comment=comment, body=COMMENT_TEXT + " (EG)")
    idea_services.idea_set_status(
        actor=staff, idea=idea, status="under_review", response=RESPONSE_TEXT
    )
    vote_cast(user=staff, idea=idea, value=1)
    return {"staff": staff, "alice": alice, "bob": bob, "idea": idea, "comment": comment}


async def replay_everything() -> list[dict]:
    """Every frame an anonymous visitor gets replaying every stream in the log from 0."""
    streams = await sync_to_async(
        lambda: sorted(set(Event.objects.values_list("stream", flat=True)) | {"feed"})
    )()
    ws = await connect()
    frames = []
    for stream in streams:
        got = await subscribe(ws, stream, since=0)
        assert got[-1]["type"] == "subscribed", got
        frames += got[:-1]
    await ws.disconnect()
    return frames


def stored_text() -> str:
    return json.dumps(list(Event.objects.values_list("data", flat=True)), ensure_ascii=False)


async def assert_nowhere(*texts: str) -> list[dict]:
    frames = await replay_everything()
    replayed = json.dumps(frames, ensure_ascii=False)
    stored = await sync_to_async(stored_text)()
    for text in texts:
        assert text not in replayed
        assert text not in stored
    return frames


async def test_the_scene_shows_the_content_before_anything_happens(scene):
    # Without this the tests below could pass on a log that never held the text.
    replayed = json.dumps(await replay_everything(), ensure_ascii=False)

    for text in (IDEA_TITLE, IDEA_SUMMARY, COMMENT_TEXT, "Alice Anrufbar", "Bob Adressat"):
        assert text in replayed


@pytest.mark.parametrize("who", ["bob", "staff"])
async def test_a_deleted_comment_leaves_neither_text_nor_author_in_any_replay(scene, who):
    comment = scene["comment"]

    response = await sync_to_async(client_for(scene[who]).delete)(f"/api/comments/{comment.pk}/")

    assert response.status_code == 204
    frames = await assert_nowhere(COMMENT_TEXT, "Bob Adressat")
    # The replay still tells the thread where the comment was, in the deleted shape.
    created = [f for f in frames if f["type"] == "comment.created"]
    assert {f["stream"] for f in created} == {
        f"idea:{scene['idea'].pk}",
        f"challenge:{scene['idea'].challenge_id}",
        "feed",
    }
    for frame in created:
        assert frame["data"]["id"] == comment.pk
        assert frame["data"]["deleted"] is True
        assert frame["data"]["author"] is None
        assert (frame["data"]["body"], frame["data"]["html"]) == ("", "")
        # What the event added at the time stays: the count after the comment was posted.
        assert frame["data"]["comment_count"] == 1


async def test_an_edited_comment_replays_only_its_current_text(scene):
    comment = scene["comment"]

    response = await sync_to_async(client_for(scene["bob"]).patch)(
        f"/api/comments/{comment.pk}/", {"body": "Lieber per Mail"}, format="json"
    )

    assert response.status_code == 200
    frames = await assert_nowhere(COMMENT_TEXT)
    of_comment = [f for f in frames if f["type"].startswith("comment.")]
    assert {f["type"] for f in of_comment} == {"comment.created", "comment.updated"}
    for frame in of_comment:
        assert frame["data"]["body"] == "Lieber per Mail"
        assert frame["data"]["html"] == "<p>Lieber per Mail</p>"
        assert frame["data"]["author"]["display_name"] == "Bob Adressat"


async def test_an_edited_idea_replays_only_its_current_title_and_summary(scene):
    idea = scene["idea"]

    response = await sync_to_async(client_for(scene["alice"]).patch)(
        f"/api/ideas/{idea.pk}/", {"title": "Mehr Bäume", "summary": SUMMARY_NOW}, format="json"
    )

    assert response.status_code == 200
    frames = await assert_nowhere(IDEA_TITLE, IDEA_SUMMARY)
    cards = [f["data"] for f in frames if f["type"] in {"idea.created", "idea.updated"}]
    assert len(cards) == 7  # created on idea, challenge and feed; two edits on idea, challenge
    assert {(c["title"], c["summary"]) for c in cards} == {("Mehr Bäume", SUMMARY_NOW)}


async def test_a_withdrawn_idea_leaves_nothing_of_it_or_its_discussion_in_any_replay(scene):
    idea = scene["idea"]

    response = await sync_to_async(client_for(scene["alice"]).delete)(f"/api/ideas/{idea.pk}/")

    assert response.status_code == 204
    frames = await assert_nowhere(
        IDEA_TITLE, IDEA_SUMMARY, COMMENT_TEXT, "Alice Anrufbar", "Bob Adressat", RESPONSE_TEXT
    )
    # What stays: the withdrawal itself (so a page showing the idea drops it) and tallies.
    assert sorted((f["type"], f["stream"]) for f in frames) == sorted(
        [
            ("idea.withdrawn", f"challenge:{idea.challenge_id}"),
            ("idea.withdrawn", f"idea:{idea.pk}"),
            ("idea.withdrawn", "feed"),
            ("vote.changed", f"challenge:{idea.challenge_id}"),
            ("vote.changed", f"idea:{idea.pk}"),
        ]
    )


async def test_an_edited_challenge_replays_only_its_current_summary(scene):
    staff = scene["staff"]
    challenge = await sync_to_async(challenge_create)(
        actor=staff,
        title="Grüner Jahnplatz",
        summary=CHALLENGE_SUMMARY,
        description="Mehr Grün",
        status="open",
    )

    response = await sync_to_async(client_for(staff).patch)(
        f"/api/challenges/{challenge.pk}/", {"summary": SUMMARY_NOW}, format="json"
    )

    assert response.status_code == 200
    frames = await assert_nowhere(CHALLENGE_SUMMARY)
    of_challenge = [f["data"] for f in frames if f["type"].startswith("challenge.")]
    assert len(of_challenge) == 4  # created and updated, each on its stream and the feed
    assert {c["summary"] for c in of_challenge} == {SUMMARY_NOW}


async def test_a_refused_delete_redacts_nothing(scene):
    comment = scene["comment"]
    before = await sync_to_async(stored_text)()

    response = await sync_to_async(client_for(scene["alice"]).delete)(
        f"/api/comments/{comment.pk}/"
    )

    assert response.status_code == 403
    assert await sync_to_async(stored_text)() == before


def test_redact_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        realtime.redact(entity="comment:1", current=None)


def test_a_shape_inside_the_payload_is_replaced_where_the_catalogue_says(city_staff_group):
    """`idea.status_changed` carries the status change under `response`: redacting the change
    replaces that and keeps the idea's id and status around it."""
    data = {"id": 7, "status": "under_review", "response": {"id": 3, "text": "alt", "by": None}}
    with transaction.atomic():
        realtime.publish("idea:7", "idea.status_changed", data)
        changed = realtime.redact(
            entity="status_change:3", current={"id": 3, "text": "neu", "html": "<p>neu</p>"}
        )

    assert changed == 1
    assert Event.objects.get().data == {
        "id": 7,
        "status": "under_review",
        "response": {"id": 3, "text": "neu", "html": "<p>neu</p>", "by": None},
    }


def test_events_logged_before_the_catalogue_get_their_entity_and_can_be_redacted():
    """The data migration fills in what `publish` stores today, and removes events of types
    nobody declares any more (their content could never be found to redact)."""
    old = Event.objects.bulk_create(
        [
            Event(stream="feed", type="comment.created", data={"id": 5, "html": "alt"}),
            Event(stream="idea:2", type="vote.changed", data={"idea": 2, "up": 1}),
            Event(stream="feed", type="idea.liked", data={"id": 2, "title": "alt"}),
        ]
    )
    backfill = import_module("realtime.migrations.0004_backfill_entities").backfill

    backfill(apps, None)

    stored = Event.objects.order_by("id").values_list("id", "entity", "coalesce_key")
    assert list(stored) == [(old[0].id, "comment:5", None), (old[1].id, None, "tallies:idea:2")]
    with transaction.atomic():
        assert realtime.redact(entity="comment:5", current=None) == 1
