"""Fixtures shared by the whole suite."""

import os

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests import factories


def service_required(name: str) -> None:
    """A test needs a real service that is not there: skip locally, fail in CI."""
    message = f"{name} is not available"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, and CI must run this test against it.")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def user(db):
    return factories.UserFactory()


@pytest.fixture
def other_user(db):
    return factories.UserFactory()


@pytest.fixture
def staff(db):
    return factories.StaffFactory()


@pytest.fixture
def user_api(user):
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    return client


@pytest.fixture
def staff_api(staff):
    client = APIClient()
    client.force_authenticate(staff)
    client.user = staff
    return client


@pytest.fixture
def open_challenge(db, staff):
    return factories.ChallengeFactory(created_by=staff)


@pytest.fixture
def idea(db, open_challenge):
    return factories.IdeaFactory(challenge=open_challenge)
