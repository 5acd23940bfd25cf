"""The login policy: an attacker's address is slowed, the account's owner is never locked out.

Site (/login/) and API (/api/auth/token/) share `accounts.services.user_authenticate`; both are
driven here from distinct client addresses (REMOTE_ADDR).
"""

import pytest
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories
from tests.accounts.test_cache_outage import UNREACHABLE_REDIS

pytestmark = pytest.mark.django_db

TOKEN = "/api/auth/token/"
RIGHT = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS = 3
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = 5
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 20
    settings.LOGIN_ATTEMPTS_WINDOW_SECONDS = 900


def api_from(address: str) -> APIClient:
    return APIClient(REMOTE_ADDR=address)


def token_login(address: str, email: str, password: str, **headers):
    return api_from(address).post(
        TOKEN, {"email": email, "password": password}, format="json", **headers
    )


def test_the_attackers_address_is_throttled_even_with_the_right_password(user):
    for _ in range(3):
        assert token_login("203.0.113.66", user.email, "wrong").status_code == 400

    response = token_login("203.0.113.66", user.email, RIGHT)

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert response.json() == {"detail": "Too many login attempts. Please try again in 15 minutes."}
    assert Token.objects.count() == 0


def test_the_owner_logs_in_from_another_address_while_the_attacker_is_throttled(user):
    # Far more failures than the account's own budget, all from one attacker.
    for _ in range(10):
        token_login("203.0.113.66", user.email, "wrong")

    response = token_login("198.51.100.5", user.email, RIGHT)

    assert response.status_code == 200
    assert Token.objects.get(user=user).key == response.json()["token"]
    # ... and the attacker's address stays refused after the owner's success.
    assert token_login("203.0.113.66", user.email, RIGHT).status_code == 429


def test_a_guess_spread_over_many_addresses_gets_one_try_per_address_once_the_budget_is_spent(
    user,
):
    attackers = [f"10.1.0.{n}" for n in range(1, 6)]
    for address in attackers:  # one failure each: the account's budget of 5 is spent
        assert token_login(address, user.email, "wrong").status_code == 400

    # Every address that has failed on this account is now refused, right password or not;
    refused = [token_login(address, user.email, RIGHT).status_code for address in attackers]
    # a fresh address still gets its one try, and after one failure it is refused too.
    fresh_wrong = token_login("10.1.0.99", user.email, "wrong").status_code
    fresh_again = token_login("10.1.0.99", user.email, RIGHT).status_code

    assert refused == [429] * 5
    assert (fresh_wrong, fresh_again) == (400, 429)
    assert Token.objects.count() == 0


def test_an_address_failing_across_many_accounts_is_throttled(settings):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 4
    people = factories.UserFactory.create_batch(5)
    for person in people[:4]:
        assert token_login("192.0.2.7", person.email, "wrong").status_code == 400

    response = token_login("192.0.2.7", people[4].email, RIGHT)

    assert response.status_code == 429
    assert token_login("192.0.2.8", people[4].email, RIGHT).status_code == 200


def test_the_api_refusal_is_in_german_for_a_german_client(user, settings):
    settings.LANGUAGE_CODE = "de"
    for _ in range(3):
        token_login("203.0.113.66", user.email, "wrong")

    response = token_login("203.0.113.66", user.email, RIGHT, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 429
    assert response.json() == {
        "detail": "Zu viele Anmeldeversuche. Bitte versuche es in 15 Minuten noch einmal."
    }


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Zu viele fehlgeschlagene Versuche. Bitte versuche es in 15 Minuten noch einmal."),
        ("en", "Too many failed attempts. Please try again in 15 minutes."),
    ],
)
def test_the_site_refuses_the_attackers_address_in_the_visitors_language(user, language, message):
    attacker = Client(REMOTE_ADDR="203.0.113.66", HTTP_ACCEPT_LANGUAGE=language)
    for _ in range(3):
        assert attacker.post("/login/", {"email": user.email, "password": "x"}).status_code == 400

    response = attacker.post("/login/", {"email": user.email, "password": RIGHT})

    assert response.status_code == 429
    assert message in response.content.decode()
    assert "_auth_user_id" not in attacker.session


def test_the_site_lets_the_owner_in_from_another_address(user):
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(10):
        attacker.post("/login/", {"email": user.email, "password": "x"})
    owner = Client(REMOTE_ADDR="198.51.100.5")

    response = owner.post("/login/", {"email": user.email, "password": RIGHT})

    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(user.pk)


def test_the_login_policy_fails_open_while_the_cache_is_down(user):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        wrong = [token_login("203.0.113.66", user.email, "wrong").status_code for _ in range(6)]
        right = token_login("203.0.113.66", user.email, RIGHT)

    assert wrong == [400] * 6
    assert right.status_code == 200
