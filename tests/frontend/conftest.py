"""Fixtures of the web-site tests: logged-in browsers (Django test clients) and big lists."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ideas.models import Idea, hot_score
from tests import factories


@pytest.fixture
def browser():
    """An anonymous visitor. German is the default language of the site."""
    return Client()


@pytest.fixture
def citizen_browser(user):
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def staff_browser(staff):
    client = Client()
    client.force_login(staff)
    client.user = staff
    return client


def bulk_ideas(challenge, count: int, *, author=None, **fields) -> list[Idea]:
    """`count` ideas in one INSERT, with distinct times and scores so every ordering is total."""
    author = author or factories.UserFactory()
    now = timezone.now()
    ideas = []
    for n in range(count):
        created = now - timedelta(minutes=n)
        up = n % 7
        ideas.append(
            Idea(
                title=f"Bulk idea {n}",
                summary="A bulk idea.",
                challenge=challenge,
                author=author,
                sector=author.sector,
                up_count=up,
                score=up,
                comment_count=n % 5,
                created_at=created,
                updated_at=created,
                hot=hot_score(up, created),
                **fields,
            )
        )
    created_ideas = Idea.objects.bulk_create(ideas)
    if challenge is not None:
        challenge.idea_count = count
        challenge.save(update_fields=["idea_count"])
    return created_ideas
