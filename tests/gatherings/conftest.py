"""Fixtures for the events tests: an organisation with an administrator, an event, and a real
SMTP server for the mails the services queue."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership
from tests import factories
from tests.accounts.conftest import smtp  # noqa: F401 - the real SMTP server fixture


@pytest.fixture
def organiser(db):
    return factories.OrganisationFactory(name="Code for Bielefeld", slug="code-for-bielefeld")


@pytest.fixture
def organiser_admin(organiser):
    admin = factories.UserFactory(display_name="Organiser")
    factories.MembershipFactory(organisation=organiser, user=admin, role=Membership.Role.ADMIN)
    return admin


@pytest.fixture
def event(organiser, staff):
    return factories.EventFactory(organiser=organiser, created_by=staff, capacity=2)


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    return client
