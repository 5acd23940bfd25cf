"""`vote_can_cast`: the one voting rule, asked by the idea page and enforced by `vote_cast`."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from core.errors import StateConflict
from tests import factories
from votes.models import Vote
from votes.services import vote_can_cast, vote_cast, vote_refusal

pytestmark = pytest.mark.django_db


def test_someone_else_may_vote_on_an_open_idea(user, idea):
    assert vote_can_cast(user=user, idea=idea) is True
    assert vote_refusal(user=user, idea=idea) is None


@pytest.mark.parametrize(
    ("case", "refusal"),
    [
        ("anonymous", PermissionDenied),
        ("author", PermissionDenied),
        ("withdrawn", StateConflict),
        ("closed", StateConflict),
        ("voting_off", StateConflict),
    ],
)
def test_who_may_not_vote_is_refused_by_the_page_and_the_service_alike(
    case, refusal, user, idea, closed_challenge
):
    voter = user
    if case == "anonymous":
        voter = AnonymousUser()
    elif case == "author":
        voter = idea.author
    elif case == "withdrawn":
        idea.withdrawn_at = idea.created_at
        idea.save(update_fields=["withdrawn_at"])
    elif case == "closed":
        idea = factories.IdeaFactory(challenge=closed_challenge)
    else:
        idea.challenge.voting_open = False
        idea.challenge.save(update_fields=["voting_open"])

    assert vote_can_cast(user=voter, idea=idea) is False
    assert isinstance(vote_refusal(user=voter, idea=idea), refusal)
    with pytest.raises(refusal):
        vote_cast(user=voter, idea=idea, value=1)
    assert not Vote.objects.exists()
