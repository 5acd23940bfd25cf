"""Writes are throttled per person (THROTTLE_WRITES); reads never are."""

import pytest

from core.throttling import WriteRateThrottle
from ideas.models import Comment


@pytest.fixture
def two_writes_a_minute(monkeypatch):
    # The rate is read from settings when the class is defined; patch the parsed table.
    monkeypatch.setattr(WriteRateThrottle, "THROTTLE_RATES", {"writes": "2/min"})


def test_the_write_after_the_limit_is_refused_and_not_written(
    user_api, idea, event_count, two_writes_a_minute
):
    url = f"/api/ideas/{idea.pk}/comments/"
    assert user_api.post(url, {"body": "one"}).status_code == 201
    assert user_api.post(url, {"body": "two"}).status_code == 201
    before = event_count()

    response = user_api.post(url, {"body": "three"})

    assert response.status_code == 429
    assert list(Comment.objects.values_list("body", flat=True)) == ["one", "two"]
    assert event_count() == before


def test_the_limit_is_per_person(user_api, other_user, idea, two_writes_a_minute):
    from rest_framework.test import APIClient

    url = f"/api/ideas/{idea.pk}/comments/"
    for body in ("one", "two"):
        user_api.post(url, {"body": body})
    other = APIClient()
    other.force_authenticate(other_user)

    assert other.post(url, {"body": "mine"}).status_code == 201


def test_reads_are_not_throttled(user_api, idea, two_writes_a_minute):
    for _ in range(5):
        assert user_api.get("/api/ideas/").status_code == 200
