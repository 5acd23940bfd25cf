"""The benchmark dataset keeps the invariants the services keep: tallies equal the rows."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from accounts.models import User
from bench.dataset import DatasetSize, generate
from challenges.models import Challenge
from ideas.models import Comment, Idea, hot_score
from votes.models import Vote

TINY = DatasetSize(users=40, orgs=4, challenges=5, ideas=60, votes=700, comments=240)


@pytest.fixture
def dataset(db):
    return generate(TINY, seed=7)


def test_inserts_the_requested_row_counts(dataset):
    assert User.objects.count() == TINY.users
    assert Challenge.objects.count() == TINY.challenges
    assert Idea.objects.count() == TINY.ideas
    assert Vote.objects.count() == TINY.votes
    assert Comment.objects.count() == TINY.comments


def test_every_idea_tally_equals_its_vote_rows(dataset):
    up = Counter(Vote.objects.filter(value=1).values_list("idea_id", flat=True))
    down = Counter(Vote.objects.filter(value=-1).values_list("idea_id", flat=True))
    for idea in Idea.objects.all():
        assert (idea.up_count, idea.down_count, idea.score) == (
            up[idea.pk],
            down[idea.pk],
            up[idea.pk] - down[idea.pk],
        )
        assert idea.hot == hot_score(idea.score, idea.created_at)


def test_every_comment_count_equals_the_live_comments(dataset):
    live = Counter(
        Comment.objects.filter(deleted_at__isnull=True).values_list("idea_id", flat=True)
    )
    for idea in Idea.objects.all():
        assert idea.comment_count == live[idea.pk]


def test_every_challenge_idea_count_equals_its_visible_ideas(dataset):
    counted = Challenge.objects.annotate(
        visible=Count("ideas", filter=Q(ideas__withdrawn_at__isnull=True))
    )
    for challenge in counted:
        assert challenge.idea_count == challenge.visible


def test_nobody_votes_on_their_own_idea(dataset):
    assert not Vote.objects.filter(user_id=F("idea__author_id")).exists()


def test_replies_point_at_a_top_level_comment_of_the_same_idea(dataset):
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.exists()
    for reply in replies:
        assert reply.parent.parent_id is None
        assert reply.parent.idea_id == reply.idea_id


def test_the_focus_idea_is_in_an_open_challenge_and_has_comments(dataset):
    idea = Idea.objects.select_related("challenge").get(pk=dataset.focus_idea_id)
    assert idea.challenge_id == dataset.focus_challenge_id
    assert idea.challenge.accepts_ideas()
    assert idea.withdrawn_at is None
    assert Comment.objects.filter(idea=idea).count() == TINY.comments // 3


def test_the_command_runs_with_sizes_from_the_command_line(db):
    call_command(
        "bench_dataset",
        "--users=10",
        "--orgs=2",
        "--challenges=2",
        "--ideas=12",
        "--votes=30",
        "--comments=20",
        verbosity=0,
    )
    assert Idea.objects.count() == 12
    assert Vote.objects.count() == 30


def test_every_idea_passes_the_model_validation(dataset):
    # The dataset bypasses the services: the rows must still be ones the services accept.
    for idea in Idea.objects.all():
        idea.full_clean(exclude=["author", "challenge", "organisation"])
