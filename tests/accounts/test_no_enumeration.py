"""Sign-up, login, forgotten password and "send the link again" answer the same for known and
unknown addresses: same status, same body (what differs goes by mail to the owner)."""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from mail.models import Mail
from tests import factories

pytestmark = pytest.mark.django_db

KNOWN, UNKNOWN = "ada@example.org", "niemand@example.org"


@pytest.fixture(autouse=True)
def known(db):
    return factories.UserFactory(email=KNOWN)


def both(post) -> tuple:
    return post(KNOWN), post(UNKNOWN)


def api_answer(response) -> tuple:
    return response.status_code, response.json()


def site_answer(response) -> tuple:
    return response.status_code, response.get("Location"), response.content


SIGN_UP = {
    "password": "sennestadt-radweg-42",
    "display_name": "Ada",
    "sector": "citizen",
    "accept_house_rules": True,
}


def test_api_sign_up(db):
    known, unknown = both(
        lambda email: APIClient().post("/api/auth/register/", {"email": email, **SIGN_UP})
    )

    assert api_answer(known) == api_answer(unknown)
    assert known.status_code == 202


def test_api_login(db):
    known, unknown = both(
        lambda email: APIClient().post(
            "/api/auth/token/", {"email": email, "password": "wrong-password-1"}
        )
    )

    assert api_answer(known) == api_answer(unknown)
    assert known.status_code == 400


@pytest.mark.parametrize("path", ["/api/auth/password/forgot/", "/api/auth/confirm/resend/"])
def test_api_forgot_and_resend(db, path):
    known, unknown = both(lambda email: APIClient().post(path, {"email": email}))

    assert api_answer(known) == api_answer(unknown)
    assert known.status_code == 202


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/signup/", SIGN_UP),
        ("/password/forgot/", {}),
        ("/confirm/", {}),
    ],
)
def test_site_forms(db, path, data):
    # Without CSRF tokens in the bodies: the test client does not enforce them.
    known, unknown = both(lambda email: Client().post(path, {"email": email, **data}))

    assert site_answer(known) == site_answer(unknown)
    assert known.status_code == 302


def without_csrf(html: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html.decode())


def test_site_login(db):
    known, unknown = both(
        lambda email: Client().post("/login/", {"email": email, "password": "wrong-password-1"})
    )

    assert known.status_code == unknown.status_code == 400
    # The pages differ only in the address typed into the form (and the CSRF tokens).
    assert without_csrf(known.content).replace(KNOWN, UNKNOWN) == without_csrf(unknown.content)


def test_only_the_owner_of_a_known_address_hears_about_it(db):
    both(lambda email: APIClient().post("/api/auth/password/forgot/", {"email": email}))

    assert list(Mail.objects.values_list("to", flat=True)) == [KNOWN]
