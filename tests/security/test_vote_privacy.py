"""Votes are private: the live event of a vote carries the new tallies and nothing of who."""

import pytest

from realtime.models import Event
from votes import services as vote_services

pytestmark = pytest.mark.django_db


def test_a_vote_event_names_the_idea_and_its_tallies_only(user, idea):
    vote_services.vote_cast(user=user, idea=idea, value=1)

    payloads = list(Event.objects.filter(type="vote.changed").values_list("data", flat=True))

    assert payloads == [{"idea": idea.pk, "up": 1, "down": 0, "score": 1}] * 2
