"""PostgreSQL's one-statement vote (votes.services.vote_in_one_statement) against the
transaction path it stands in for: the same rule, the same tallies and `hot`, the same outbox
rows and frames."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

import realtime
from challenges.models import Challenge
from ideas.models import Idea, hot_score
from ideas.services import idea_streams
from realtime.handlers import unregister_event_handler
from realtime.models import Event
from tests import factories
from votes.models import Vote
from votes.output import tallies_event
from votes.services import (
    vote_cast,
    vote_in_one_statement,
    vote_in_one_statement_usable,
    vote_refusal,
    vote_retract,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the statement is PostgreSQL's"),
]


def _rows_match_tallies(idea: Idea) -> None:
    idea.refresh_from_db()
    values = list(Vote.objects.filter(idea=idea).values_list("value", flat=True))
    assert (idea.up_count, idea.down_count) == (values.count(1), values.count(-1))
    assert idea.score == idea.up_count - idea.down_count
    assert idea.hot == hot_score(idea.score, idea.created_at)


@pytest.fixture
def sent(monkeypatch):
    """The frames `published` hands to the broadcast (run at once: the test's transaction
    never commits, so on_commit callbacks are captured and run here)."""
    frames = []
    monkeypatch.setattr(
        "realtime.publishing.broadcast", lambda f, **kw: frames.append((f, kw["coalesce_key"]))
    )
    return frames


@pytest.mark.parametrize(
    ("withdrawn", "hidden", "own", "phase", "voting_open"),
    [
        (withdrawn, hidden, own, phase, voting_open)
        for withdrawn, hidden, own, (phase, voting_open) in itertools.product(
            (False, True),
            (False, True),
            (False, True),
            [(None, None)] + [(s, o) for s in Challenge.Status.values for o in (True, False)],
        )
    ],
)
def test_the_statement_allows_exactly_what_the_rule_allows(
    withdrawn, hidden, own, phase, voting_open
):
    voter = factories.UserFactory()
    challenge = None
    if phase is not None:
        challenge = factories.ChallengeFactory(status=phase, voting_open=voting_open)
    idea = factories.IdeaFactory(
        challenge=challenge,
        author=voter if own else factories.UserFactory(),
        withdrawn_at=datetime.now(UTC) if withdrawn else None,
        hidden_at=datetime.now(UTC) if hidden else None,
    )
    refused = vote_refusal(user=voter, idea=Idea.objects.select_related("challenge").get())

    for value in (1, 0):
        result = vote_in_one_statement(user_id=voter.pk, idea_id=idea.pk, value=value)
        assert (result is None) == (refused is not None)
    assert not Vote.objects.exists()
    _rows_match_tallies(idea)


def test_an_unknown_idea_is_does_not_exist():
    voter = factories.UserFactory()
    with pytest.raises(Idea.DoesNotExist):
        vote_in_one_statement(user_id=voter.pk, idea_id=987654, value=1)


@pytest.mark.parametrize("score", [-1001, -13, -2, -1, 0, 1, 2, 9, 10, 99, 12345])
@pytest.mark.parametrize(
    "created_at",
    [
        datetime(2019, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(2020, 1, 1, tzinfo=UTC),
        datetime(2026, 12, 5, 13, 7, 41, 123457, tzinfo=UTC),
        datetime(2031, 6, 30, 1, 2, 3, 1, tzinfo=UTC),
    ],
)
def test_hot_is_computed_bit_for_bit_as_python_computes_it(score, created_at):
    """The vote moves the score from `score - 1` to `score`; `hot` must be hot_score's."""
    before = score - 1
    idea = factories.IdeaFactory(
        challenge=None,
        created_at=created_at,
        up_count=max(before, 0) + 5,
        down_count=max(-before, 0) + 5,
        score=before,
    )
    voter = factories.UserFactory()
    vote_in_one_statement(user_id=voter.pk, idea_id=idea.pk, value=1)
    idea.refresh_from_db()
    assert idea.score == score
    assert idea.hot == hot_score(score, created_at)


def test_every_change_moves_the_tallies_and_publishes_what_publish_would(
    django_capture_on_commit_callbacks, sent
):
    challenge = factories.ChallengeFactory(created_by=factories.UserFactory())
    idea = factories.IdeaFactory(challenge=challenge)
    voter, other = factories.UserFactory(), factories.UserFactory()
    vote_cast(user=other, idea=idea, value=-1)

    steps = [(1, {"up": 1, "down": 1, "score": 0, "mine": 1})]  # new vote
    steps.append((-1, {"up": 0, "down": 2, "score": -2, "mine": -1}))  # switched
    steps.append((-1, None))  # the same again: nothing changes, nothing is published
    steps.append((0, {"up": 0, "down": 1, "score": -1, "mine": None}))  # retracted
    steps.append((0, None))  # retracted without a vote: nothing
    for value, expected in steps:
        sent.clear()
        before = Event.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            if value:
                answer = vote_cast(user=voter, idea=idea, value=value)
            else:
                answer = vote_retract(user=voter, idea=idea)
        _rows_match_tallies(idea)
        if expected is None:
            assert Event.objects.count() == before
            assert sent == []
            continue
        assert answer == expected
        events = list(Event.objects.filter(id__gt=0).order_by("-id")[:2])[::-1]
        assert [e.stream for e in events] == idea_streams(idea)
        assert Event.objects.count() == before + 2
        for event in events:
            assert event.type == "vote.changed"
            assert event.data == tallies_event(idea)
            assert (event.entity, event.coalesce_key) == (None, f"tallies:idea:{idea.pk}")
        # The live frames are the stored rows' frames, as a replay would send them.
        assert sent == [([e.as_frame() for e in events], f"tallies:idea:{idea.pk}")]


def test_a_vote_is_one_statement_outside_any_transaction(transactional_db, sent):
    """No BEGIN/COMMIT on the wire: the statement commits on its own, and the broadcast
    follows it at once."""
    idea = factories.IdeaFactory(challenge=None)
    voter = factories.UserFactory()
    assert not connection.in_atomic_block
    vote_cast(user=voter, idea=idea, value=1)
    assert len(sent) == 1
    _rows_match_tallies(idea)


def test_a_refused_vote_falls_back_to_the_portable_path_for_its_reason():
    idea = factories.IdeaFactory(challenge=None)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        vote_cast(user=idea.author, idea=idea, value=1)
    assert not Vote.objects.exists()


def test_with_a_handler_for_vote_events_the_portable_path_runs(django_capture_on_commit_callbacks):
    """A handler's task must be written in the vote's transaction, which the one statement
    does not have: `published_in_sql` says no, and the transaction path enqueues it."""
    from django_tasks.backends.database.models import DBTaskResult

    realtime.register_event_handler("test-votes", lambda event: None, types=["vote.changed"])
    try:
        assert not vote_in_one_statement_usable()
        idea = factories.IdeaFactory(challenge=None)
        vote_cast(user=factories.UserFactory(), idea=idea, value=1)
        assert DBTaskResult.objects.count() == 1
        _rows_match_tallies(idea)
    finally:
        unregister_event_handler("test-votes")
    assert vote_in_one_statement_usable()


def test_published_refuses_keys_the_catalogue_would_not_store():
    with pytest.raises(ValueError, match="not the catalogue's"):
        realtime.published(
            "vote.changed",
            [(1, "idea:1")],
            data={"idea": 1, "up": 1, "down": 0, "score": 1},
            created_at=datetime.now(UTC) - timedelta(seconds=1),
            keys=(None, "tallies:idea:2"),
        )
