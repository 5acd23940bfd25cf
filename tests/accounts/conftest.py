"""Fixtures of the accounts tests: organisations with an admin and a member."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership
from realtime.models import Event
from tests import factories
from tests.mailbox import Mailbox, free_port


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    return client


@pytest.fixture(autouse=True)
def _english(settings):
    # Exact messages in assertions; the German catalogue is checked by the site's tests.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _nothing_published(db):
    # People and organisations are not live content: no accounts action, granted or
    # refused, may ever write an event, but a request to join a group and its decision (on
    # the asker's private stream, for notifications).
    yield
    from accounts.events import TYPES

    assert not Event.objects.exclude(type__in=TYPES).exists()


@pytest.fixture
def organisation(db):
    return factories.OrganisationFactory(name="Sparrenburg Software GmbH")


@pytest.fixture
def org_admin(organisation):
    admin = factories.UserFactory(display_name="Ada Admin")
    factories.MembershipFactory(organisation=organisation, user=admin, role=Membership.Role.ADMIN)
    return admin


@pytest.fixture
def org_member(organisation):
    member = factories.UserFactory(display_name="Max Member")
    factories.MembershipFactory(organisation=organisation, user=member, role=Membership.Role.MEMBER)
    return member


@pytest.fixture
def admin_api(org_admin):
    return client_for(org_admin)


@pytest.fixture
def member_api(org_member):
    return client_for(org_member)


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free port, and Django's SMTP backend pointed at it."""
    box = Mailbox(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", box.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://oic.example.org"
    box.start()
    yield box
    box.stop()
