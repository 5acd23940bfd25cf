"""The output serializers build their JSON by hand (for speed); it must equal what their
declared DRF fields produce, key for key and value for value."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override
from rest_framework import serializers

from accounts.models import Topic
from ideas import selectors
from ideas.serializers import (
    CommentSerializer,
    CommentThreadSerializer,
    IdeaDetailSerializer,
    IdeaListSerializer,
    StatusChangeSerializer,
)
from ideas.services import idea_set_status
from tests import factories


def declared(serializer_class, instance) -> dict:
    """The output of DRF's generic path over the serializer's declared fields."""
    return serializers.Serializer.to_representation(serializer_class(instance), instance)


@pytest.fixture
def rich_idea(db, open_challenge, staff):
    organisation = factories.OrganisationFactory()
    idea = factories.IdeaFactory(
        challenge=open_challenge,
        organisation=organisation,
        seeking_cocreators=True,
        up_count=3,
        down_count=1,
        score=2,
        comment_count=2,
        edited_at=timezone.now() - timedelta(hours=1),
    )
    idea.topics.set(Topic.objects.all()[:2])
    idea_set_status(actor=staff, idea=idea, status="under_review", response="Wir *prüfen*.")
    return idea


def listed_card(user, pk):
    """An idea as the list view loads it: only the card's columns."""
    return selectors.idea_list(user=user).only(*selectors.IDEA_LIST_COLUMNS).get(pk=pk)


def test_a_card_reads_no_column_the_list_query_left_out(rich_idea, user, django_assert_num_queries):
    listed = listed_card(user, rich_idea.pk)
    with django_assert_num_queries(0):
        IdeaListSerializer(listed).data  # noqa: B018


@pytest.mark.parametrize("language", ["de", "en"])
def test_list_and_detail_output_equals_declared_fields(rich_idea, user, language):
    factories.VoteFactory(idea=rich_idea, user=user, value=-1)
    with override(language):
        listed = listed_card(user, rich_idea.pk)
        detail = selectors.idea_get(user=user, pk=rich_idea.pk)
        assert len(listed.topics.all()) == 2
        assert IdeaListSerializer(listed).data == declared(IdeaListSerializer, listed)
        assert IdeaDetailSerializer(detail).data == declared(IdeaDetailSerializer, detail)
        assert list(IdeaDetailSerializer(detail).data) == list(
            declared(IdeaDetailSerializer, detail)
        )
        change = detail.status_changes.all()[0]
        assert StatusChangeSerializer(change).data == declared(StatusChangeSerializer, change)


def test_free_idea_without_organisation_equals_declared_fields(db):
    idea = factories.IdeaFactory(challenge=None)
    listed = listed_card(None, idea.pk)
    data = IdeaListSerializer(listed).data
    assert data["challenge"] is None
    assert data["organisation"] is None
    assert data["votes"] == {"up": 0, "down": 0, "score": 0, "mine": None}
    assert data == declared(IdeaListSerializer, listed)


def test_comment_output_equals_declared_fields(rich_idea):
    root = factories.CommentFactory(idea=rich_idea, edited_at=timezone.now())
    factories.CommentFactory(idea=rich_idea, parent=root)
    factories.CommentFactory(
        idea=rich_idea, parent=root, deleted_at=timezone.now(), body="", body_html=""
    )
    thread = selectors.comment_threads(idea=rich_idea).get(pk=root.pk)
    data = CommentThreadSerializer(thread).data
    assert data == declared(CommentThreadSerializer, thread)
    assert [r["deleted"] for r in data["replies"]] == [False, True]
    assert data["replies"][1]["author"] is None
    for reply in thread.replies.all():
        assert CommentSerializer(reply).data == declared(CommentSerializer, reply)
