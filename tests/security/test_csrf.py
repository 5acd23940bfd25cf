"""Cross-site request forgery: a signed-in browser's cookie alone never makes a write."""

import pytest
from django.test import Client

from ideas.models import Comment
from realtime.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def forged(user):
    """A signed-in browser posting from a foreign page: session cookie, no CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_site_form_posted_without_the_csrf_token_is_refused(forged, idea):
    events = Event.objects.count()

    response = forged.post(f"/ideas/{idea.pk}/comments/", {"body": "Gefälscht"})

    assert response.status_code == 403
    assert Comment.objects.count() == 0
    assert Event.objects.count() == events


def test_an_api_write_with_the_session_cookie_but_no_csrf_token_is_refused(forged, idea):
    events = Event.objects.count()

    response = forged.post(
        f"/api/ideas/{idea.pk}/comments/", {"body": "Gefälscht"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert Comment.objects.count() == 0
    assert Event.objects.count() == events
