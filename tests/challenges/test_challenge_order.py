"""Challenge lists show open challenges first, soonest deadline first, then all others."""

from datetime import timedelta

import pytest
from django.utils import timezone

from challenges.selectors import challenge_list_open_first, challenge_page
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenges():
    now = timezone.now()
    make = factories.ChallengeFactory
    return [
        make(title="Alt geschlossen", status="closed", created_at=now - timedelta(days=90)),
        make(
            title="Offen, läuft lange",
            closes_at=now + timedelta(days=60),
            created_at=now - timedelta(days=30),
        ),
        make(title="Neu geschlossen", status="closed", created_at=now - timedelta(days=2)),
        make(title="Offen ohne Frist", closes_at=None, created_at=now - timedelta(days=20)),
        make(title="In Bewertung", status="evaluation", created_at=now - timedelta(days=10)),
        make(
            title="Offen, endet bald",
            closes_at=now + timedelta(days=3),
            created_at=now - timedelta(days=40),
        ),
        make(title="Entwurf", status="draft", created_at=now - timedelta(days=1)),
    ]


def test_open_challenges_come_first_by_deadline_then_the_rest_newest_first(challenges, user):
    titles = [c.title for c in challenge_list_open_first(user=user)]

    assert titles == [
        "Offen, endet bald",
        "Offen, läuft lange",
        "Offen ohne Frist",
        "Neu geschlossen",
        "In Bewertung",
        "Alt geschlossen",
    ]


def test_staff_see_drafts_among_the_rest(challenges, staff):
    titles = [c.title for c in challenge_list_open_first(user=staff)]

    assert titles[:3] == ["Offen, endet bald", "Offen, läuft lange", "Offen ohne Frist"]
    assert titles[3] == "Entwurf"


def test_a_page_keeps_the_order_and_filters(challenges, user):
    page = challenge_page(user=user, number="2", size=2)
    closed = challenge_page(user=user, number=None, size=10, status="closed")

    assert [c.title for c in page.object_list] == ["Offen ohne Frist", "Neu geschlossen"]
    assert (page.number, page.paginator.num_pages) == (2, 3)
    assert [c.title for c in closed.object_list] == ["Neu geschlossen", "Alt geschlossen"]
