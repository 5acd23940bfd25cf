"""The admin lists ideas, comments, offers and votes, and moderates through the services."""

import pytest
from django.test import Client

from ideas.models import CocreatorOffer
from tests import factories


@pytest.fixture
def admin_client_(staff):
    staff.is_staff = True
    staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/ideas/idea/",
        "/admin/ideas/comment/",
        "/admin/ideas/cocreatoroffer/",
        "/admin/votes/vote/",
    ],
)
def test_changelists_render(admin_client_, idea, path):
    factories.CommentFactory(idea=idea)
    factories.VoteFactory(idea=idea)
    CocreatorOffer.objects.create(idea=idea, user=factories.UserFactory(), message="m")

    assert admin_client_.get(path).status_code == 200


def test_withdraw_action_goes_through_the_service(admin_client_, idea, event_count):
    before = event_count()

    admin_client_.post(
        "/admin/ideas/idea/",
        {"action": "withdraw_ideas", "_selected_action": [idea.pk]},
    )

    idea.refresh_from_db()
    assert idea.withdrawn_at is not None
    assert event_count() == before + 3
