"""Fixtures shared by the whole suite."""

import os
import tempfile
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import Sector
from realtime.models import Event
from tests import factories


def service_required(name: str) -> None:
    """A test needs a real service that is not there: skip locally, fail in CI."""
    message = f"{name} is not available"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, and CI must run this test against it.")
    pytest.skip(message)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Test SQLite in a file, not in memory: an in-memory database is one connection that
    `live_server` shares between all its request threads, so concurrent transactions would
    interleave on it. A file gives each thread its own connection and IMMEDIATE locking.
    The process id keeps parallel runs apart."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(tempfile.gettempdir()) / f"oic-test-{os.getpid()}.sqlite3"
        db.setdefault("TEST", {})["NAME"] = str(name)


# Tests write rows and read the list back at once: the one-second shared cache of anonymous
# list answers is off (servers started by tests inherit this), and tests/core/test_microcache
# turns it on where it is the subject.
os.environ["MICROCACHE_SECONDS"] = "0"


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MICROCACHE_SECONDS = 0
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
def person(db):
    """Someone whose public page is read: a distinctive email address that must never show."""
    return factories.UserFactory(
        email="aylin.private@mailbox.test",
        display_name="Aylin Demir",
        sector=Sector.RESEARCH,
        bio="Ich forsche zu Lastenrädern.\n\nUnd fahre eins.",
    )


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
def session_api(user):
    """Signed in through a real session, so each request pays the session and user lookups."""
    client = APIClient()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def closed_challenge(db, staff):
    return factories.ChallengeFactory(created_by=staff, status="closed")


@pytest.fixture
def event_count(db):
    """Call it to read how many events are in the outbox now."""
    return lambda: Event.objects.count()
