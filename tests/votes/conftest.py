"""Fixtures for the idea, comment and offer API tests."""

import pytest
from rest_framework.test import APIClient

from realtime.models import Event
from tests import factories


@pytest.fixture
def event_count(db):
    """Call it to read how many events are in the outbox now."""
    return lambda: Event.objects.count()


@pytest.fixture
def session_api(user):
    """Signed in through a real session, so each request pays the session and user lookups."""
    client = APIClient()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def idea(db, open_challenge):
    """An idea as the service leaves it: counted in its challenge's idea_count."""
    made = factories.IdeaFactory(challenge=open_challenge)
    open_challenge.idea_count = 1
    open_challenge.save(update_fields=["idea_count"])
    return made


@pytest.fixture
def author_api(idea):
    client = APIClient()
    client.force_authenticate(idea.author)
    client.user = idea.author
    return client


@pytest.fixture
def closed_challenge(db, staff):
    return factories.ChallengeFactory(created_by=staff, status="closed")
