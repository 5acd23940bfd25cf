"""A challenge whose first contributions are reviewed holds a person's first idea or comment,
unpublished, until a moderator approves (restores) it; then it goes out like a new one."""

import pytest
from rest_framework.test import APIClient

from challenges.models import Challenge
from ideas import services as idea_services
from ideas.models import Comment, Idea
from moderation import selectors, services
from realtime.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(world):
    Challenge.objects.filter(pk=world.challenge.pk).update(first_contribution_reviewed=True)
    world.challenge.refresh_from_db()
    return world


def test_a_first_idea_is_held_without_an_event_and_approved_into_the_lists(reviewed):
    w = reviewed
    newcomer = factories.UserFactory()
    events = Event.objects.count()
    api = APIClient()
    api.force_authenticate(newcomer)

    answer = api.post(
        "/api/ideas/",
        {
            "title": "Ein Trinkbrunnen",
            "summary": "Wasser für alle am Kesselbrink.",
            "challenge": w.challenge.pk,
        },
        format="json",
    )

    assert answer.status_code == 202
    idea = Idea.objects.get(author=newcomer)
    assert Event.objects.count() == events
    assert Challenge.objects.get(pk=w.challenge.pk).idea_count == 1  # the author's earlier one
    assert "Trinkbrunnen" not in str(APIClient().get("/api/ideas/").json())
    queued = list(selectors.queue(user=w.moderator))
    assert [(i.kind, i.object_id, i.held) for i in queued] == [("idea", idea.pk, True)]

    services.decision_make(moderator=w.moderator, item=queued[0], kind="restore", reason="Passt.")

    assert "Trinkbrunnen" in str(APIClient().get("/api/ideas/").json())
    assert Challenge.objects.get(pk=w.challenge.pk).idea_count == 2
    assert Event.objects.filter(type="idea.restored", entity=f"idea:{idea.pk}").count() == 3
    assert list(selectors.queue(user=w.moderator)) == []
    # Approved once, the person's next contribution goes out at once.
    comment = idea_services.comment_post(author=newcomer, idea=w.idea, body="Und noch was")
    assert comment.hidden_at is None


def test_a_first_comment_is_held_and_counted_only_when_approved(reviewed):
    w = reviewed
    newcomer = factories.UserFactory()

    comment = idea_services.comment_post(author=newcomer, idea=w.idea, body="Erstes Wort")

    assert comment.hidden_at is not None
    assert Idea.objects.get(pk=w.idea.pk).comment_count == 1
    assert not Event.objects.filter(entity=f"comment:{comment.pk}").exists()
    item = selectors.item_state_of(kind="comment", object_id=comment.pk)
    services.decision_make(moderator=w.second, item=item, kind="restore", reason="Gut.")
    assert Comment.objects.get(pk=comment.pk).hidden_at is None
    assert Idea.objects.get(pk=w.idea.pk).comment_count == 2


def test_without_the_switch_and_for_moderators_nothing_is_held(world):
    newcomer = factories.UserFactory()
    assert idea_services.comment_post(author=newcomer, idea=world.idea, body="x").hidden_at is None
    Challenge.objects.filter(pk=world.challenge.pk).update(first_contribution_reviewed=True)
    idea = Idea.objects.select_related("challenge").get(pk=world.idea.pk)
    said = idea_services.comment_post(author=world.moderator, idea=idea, body="Moderation")
    assert said.hidden_at is None
