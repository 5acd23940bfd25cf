"""Fixtures of the challenge tests: clients that authenticate for real on every request."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _english(settings):
    # Exact messages in assertions; the German catalogue is checked by the site's tests.
    settings.LANGUAGE_CODE = "en"


def token_client(user) -> APIClient:
    """A client that authenticates by token each time, so per-request costs (loading the
    person, the city-staff check) show up in query counts as they do in production."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.user = user
    return client
