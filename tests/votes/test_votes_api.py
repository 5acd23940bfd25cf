"""Voting on ideas over the JSON API: casting, switching, retracting, and every refusal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from ideas.models import Idea
from tests import factories
from votes.models import Vote


def vote_url(idea):
    return f"/api/ideas/{idea.pk}/vote/"


def tallies_of(idea):
    idea.refresh_from_db()
    return (idea.up_count, idea.down_count, idea.score)


def test_vote_up_answers_the_new_tallies(user_api, idea, event_count):
    before = event_count()

    response = user_api.put(vote_url(idea), {"value": 1})

    assert response.status_code == 200
    assert response.json() == {"up": 1, "down": 0, "score": 1, "mine": 1}
    assert tallies_of(idea) == (1, 0, 1)
    assert event_count() == before + 2  # idea and challenge streams, tallies only


def test_switching_moves_the_vote(user_api, idea):
    user_api.put(vote_url(idea), {"value": 1})

    response = user_api.put(vote_url(idea), {"value": -1})

    assert response.json() == {"up": 0, "down": 1, "score": -1, "mine": -1}
    assert Vote.objects.get().value == -1


def test_a_second_identical_vote_changes_nothing(user_api, idea, event_count):
    user_api.put(vote_url(idea), {"value": 1})
    before = event_count()

    response = user_api.put(vote_url(idea), {"value": 1})

    assert response.json() == {"up": 1, "down": 0, "score": 1, "mine": 1}
    assert Vote.objects.count() == 1
    assert event_count() == before


def test_retracting_removes_the_vote(user_api, idea):
    user_api.put(vote_url(idea), {"value": -1})

    response = user_api.delete(vote_url(idea))

    assert response.status_code == 200
    assert response.json() == {"up": 0, "down": 0, "score": 0, "mine": None}
    assert Vote.objects.count() == 0


def test_retracting_without_a_vote_changes_nothing(user_api, idea, event_count):
    before = event_count()

    response = user_api.delete(vote_url(idea))

    assert response.json() == {"up": 0, "down": 0, "score": 0, "mine": None}
    assert event_count() == before


def test_the_hot_column_follows_the_score(user_api, idea):
    from ideas.models import hot_score

    user_api.put(vote_url(idea), {"value": 1})

    idea.refresh_from_db()
    assert idea.hot == hot_score(1, idea.created_at)


def test_no_vote_on_ones_own_idea(author_api, idea, event_count):
    before = event_count()

    response = author_api.put(vote_url(idea), {"value": 1})

    assert response.status_code == 403
    assert Vote.objects.count() == 0
    assert tallies_of(idea) == (0, 0, 0)
    assert event_count() == before


@pytest.mark.parametrize(
    ("status", "voting_open"),
    [("open", False), ("closed", True), ("archived", True)],
)
def test_no_vote_while_the_challenge_takes_none(user_api, idea, event_count, status, voting_open):
    idea.challenge.status = status
    idea.challenge.voting_open = voting_open
    idea.challenge.save()
    before = event_count()

    assert user_api.put(vote_url(idea), {"value": 1}).status_code == 409
    assert user_api.delete(vote_url(idea)).status_code == 409
    assert Vote.objects.count() == 0
    assert tallies_of(idea) == (0, 0, 0)
    assert event_count() == before


@pytest.mark.parametrize("value", [0, 2, -2, "up", True, None, 1.5])
def test_a_bad_value_is_refused(user_api, idea, event_count, value):
    before = event_count()

    response = user_api.put(vote_url(idea), {"value": value})

    assert response.status_code == 400
    assert list(response.json()) == ["value"]
    assert Vote.objects.count() == 0
    assert event_count() == before


def test_signed_out_cannot_vote(api, idea, event_count):
    before = event_count()

    assert api.put(vote_url(idea), {"value": 1}).status_code == 401
    assert Vote.objects.count() == 0
    assert event_count() == before


def test_vote_on_an_unknown_idea_is_not_found(user_api, db):
    assert user_api.put("/api/ideas/999999/vote/", {"value": 1}).status_code == 404


def test_vote_on_a_withdrawn_idea_is_a_conflict(user_api, idea, event_count):
    Idea.objects.filter(pk=idea.pk).update(withdrawn_at="2026-01-01T00:00:00Z")
    before = event_count()

    assert user_api.put(vote_url(idea), {"value": 1}).status_code == 409
    assert Vote.objects.count() == 0
    assert event_count() == before


def test_no_vote_on_an_idea_hidden_by_moderation(user_api, idea, event_count):
    # Reported: PUT /api/ideas/<id>/vote/ on an idea a moderator had hidden answered 200 with
    # its tallies and counted the vote, while its comments and detail answered it was hidden.
    Idea.objects.filter(pk=idea.pk).update(hidden_at="2026-01-01T00:00:00Z", hidden_reason="spam")
    before = event_count()

    for response in (user_api.put(vote_url(idea), {"value": 1}), user_api.delete(vote_url(idea))):
        assert response.status_code == 409
        assert "Moderation" in response.json()["detail"]
    assert Vote.objects.count() == 0
    assert tallies_of(idea) == (0, 0, 0)
    assert event_count() == before


def test_my_vote_shows_in_the_detail(user_api, idea):
    user_api.put(vote_url(idea), {"value": -1})

    assert user_api.get(f"/api/ideas/{idea.pk}/").json()["votes"] == {
        "up": 0,
        "down": 1,
        "score": -1,
        "mine": -1,
    }


def statements(request_fn):
    """The SQL statements a request runs, without transaction control (BEGIN, COMMIT), which
    SQLite logs and PostgreSQL does not. Run in a real transaction (transactional_db) so the
    service's atomic block is not a savepoint of the test's."""
    with CaptureQueriesContext(connection) as ctx:
        response = request_fn()
    assert response.status_code == 200
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(control)]


@pytest.fixture
def voter_client(transactional_db):
    client = APIClient()
    client.force_authenticate(factories.UserFactory())
    return client


# On PostgreSQL a vote is one statement that commits on its own (vote_in_one_statement); the
# portable path (SQLite) is a transaction of the statements the comments name.
ONE_STATEMENT = connection.vendor == "postgresql"


def test_vote_queries_on_a_free_idea(voter_client):
    idea = factories.IdeaFactory(challenge=None)
    change = 1 if ONE_STATEMENT else 4

    # locking read of the idea with my vote, insert vote, update tallies, one outbox row
    assert len(statements(lambda: voter_client.put(vote_url(idea), {"value": 1}))) == change
    # locking read, update vote, update tallies, one outbox row
    assert len(statements(lambda: voter_client.put(vote_url(idea), {"value": -1}))) == change
    # a repeated vote is the locking read alone
    assert len(statements(lambda: voter_client.put(vote_url(idea), {"value": -1}))) == 1
    # locking read, delete vote, update tallies, one outbox row
    assert len(statements(lambda: voter_client.delete(vote_url(idea)))) == change


def test_vote_queries_on_a_challenge_idea(voter_client):
    challenge = factories.ChallengeFactory(created_by=factories.UserFactory())
    idea = factories.IdeaFactory(challenge=challenge)
    change = 1 if ONE_STATEMENT else 4

    # as on a free idea: the outbox rows of both streams go in with one INSERT
    assert len(statements(lambda: voter_client.put(vote_url(idea), {"value": 1}))) == change
    assert len(statements(lambda: voter_client.delete(vote_url(idea)))) == change


def test_a_vote_with_a_token_looks_the_token_up_once(transactional_db):
    """Moderation's blocked-writes check authenticates the token before DRF does; DRF reuses
    that lookup (core.authentication) instead of asking the database again."""
    from rest_framework.authtoken.models import Token

    voter = factories.UserFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=voter).key}")
    idea = factories.IdeaFactory(challenge=None)

    sql = statements(lambda: client.put(vote_url(idea), {"value": 1}))
    assert len([s for s in sql if "authtoken_token" in s]) == 1
    # token, then the vote (one statement on PostgreSQL; locking read, insert vote, update
    # tallies, one outbox row on the portable path)
    assert len(sql) == (2 if ONE_STATEMENT else 5)
    assert Vote.objects.get(idea=idea).user == voter


def test_a_bad_token_is_still_refused_after_the_middleware_tried_it(transactional_db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    idea = factories.IdeaFactory(challenge=None)
    response = client.put(vote_url(idea), {"value": 1})
    assert response.status_code == 401
    assert not Vote.objects.exists()
