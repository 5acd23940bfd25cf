"""Sign-up, API tokens and log-out, with the login and sign-up throttles."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from mail.models import Mail
from realtime.models import Event
from tests import factories

pytestmark = pytest.mark.django_db

REGISTER = "/api/auth/register/"
TOKEN = "/api/auth/token/"


def registration(**overrides) -> dict:
    return {
        "email": "Jana.Petersen@Example.org",
        "password": "sennestadt-radweg-42",
        "display_name": "Jana Petersen",
        "sector": "research",
        "accept_house_rules": True,
        **overrides,
    }


SENT = {"detail": "Almost done: open the link we have mailed to this address."}


def test_register_creates_an_unconfirmed_account_and_queues_its_link(api):
    response = api.post(REGISTER, registration(), format="json")

    assert response.status_code == 202
    assert response.json() == SENT
    user = User.objects.get()
    assert (user.email, user.display_name, user.sector) == (
        "jana.petersen@example.org",
        "Jana Petersen",
        "research",
    )
    assert user.email_confirmed_at is None
    assert user.check_password("sennestadt-radweg-42")
    assert Mail.objects.get().to == "jana.petersen@example.org"
    assert Token.objects.count() == 0
    assert Event.objects.count() == 0


def test_a_new_account_signs_in_and_sees_its_unconfirmed_profile(api):
    api.post(REGISTER, registration(), format="json")
    token = api.post(
        TOKEN,
        {"email": "jana.petersen@example.org", "password": "sennestadt-radweg-42"},
        format="json",
    ).json()["token"]

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/me/")

    assert response.status_code == 200
    assert response.json()["email"] == "jana.petersen@example.org"
    assert response.json()["email_confirmed"] is False


def test_register_with_a_taken_email_answers_the_same_and_tells_the_owner(api):
    factories.UserFactory(email="jana.petersen@example.org", language="de")

    response = api.post(REGISTER, registration(email="JANA.petersen@example.ORG"), format="json")

    assert response.status_code == 202
    assert response.json() == SENT
    assert User.objects.count() == 1
    assert Token.objects.count() == 0
    mail = Mail.objects.get()
    assert (mail.to, mail.subject) == (
        "jana.petersen@example.org",
        "Du hast schon ein Konto – Open Innovation City",  # in the owner's language
    )


@pytest.mark.parametrize("email", ["not-an-email", "<b>x</b>", "a@b", "a@b@example.org"])
def test_register_refuses_what_is_not_an_email_address(api, email):
    response = api.post(REGISTER, registration(email=email), format="json")

    assert response.status_code == 400
    assert response.json() == {"email": ["Please enter a valid email address."]}
    assert User.objects.count() == 0
    assert Mail.objects.count() == 0


def test_register_refuses_a_weak_password(api):
    response = api.post(REGISTER, registration(password="12345678"), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["password"]
    assert User.objects.count() == 0


def test_register_refuses_an_unknown_sector(api):
    response = api.post(REGISTER, registration(sector="aristocracy"), format="json")

    assert response.status_code == 400
    assert response.json() == {"sector": ["Please choose your sector."]}
    assert User.objects.count() == 0


def test_register_refuses_missing_fields(api):
    response = api.post(REGISTER, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {
        "email",
        "password",
        "display_name",
        "sector",
        "accept_house_rules",
    }
    assert User.objects.count() == 0


def test_register_is_throttled_per_address(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "register": "2/hour",
        },
    }
    for n in range(2):
        email = f"person{n}@example.org"
        assert api.post(REGISTER, registration(email=email), format="json").status_code == 202

    response = api.post(REGISTER, registration(email="third@example.org"), format="json")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert User.objects.count() == 2


def test_token_login_returns_the_token(api, user):
    response = api.post(
        TOKEN, {"email": user.email.upper(), "password": "correct-horse-battery"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=user).key}


def test_token_login_returns_the_same_token_twice(api, user):
    credentials = {"email": user.email, "password": "correct-horse-battery"}

    first = api.post(TOKEN, credentials, format="json").json()["token"]
    second = api.post(TOKEN, credentials, format="json").json()["token"]

    assert first == second
    assert Token.objects.count() == 1


def test_token_login_refuses_a_wrong_password(api, user):
    response = api.post(TOKEN, {"email": user.email, "password": "wrong"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Email address or password is not correct."]}
    assert Token.objects.count() == 0


def test_token_login_refuses_an_inactive_account(api, user):
    user.is_active = False
    user.save()

    response = api.post(
        TOKEN, {"email": user.email, "password": "correct-horse-battery"}, format="json"
    )

    assert response.status_code == 400
    assert Token.objects.count() == 0


def test_login_is_throttled_per_address_across_accounts(db, settings):
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = 100
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 3
    settings.LOGIN_ATTEMPTS_WINDOW_SECONDS = 900
    people = factories.UserFactory.create_batch(4)
    client = APIClient(REMOTE_ADDR="192.0.2.7")
    for person in people[:3]:
        response = client.post(TOKEN, {"email": person.email, "password": "x"}, format="json")
        assert response.status_code == 400

    response = client.post(
        TOKEN, {"email": people[3].email, "password": "correct-horse-battery"}, format="json"
    )

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert response.json() == {"detail": "Too many login attempts. Please try again in 15 minutes."}
    assert Token.objects.count() == 0


def test_login_from_another_address_is_not_affected_by_a_throttled_address(db, settings):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 2
    person = factories.UserFactory()
    noisy = APIClient(REMOTE_ADDR="192.0.2.7")
    for _ in range(2):
        noisy.post(TOKEN, {"email": "nobody@example.org", "password": "x"}, format="json")

    response = APIClient(REMOTE_ADDR="192.0.2.8").post(
        TOKEN, {"email": person.email, "password": "correct-horse-battery"}, format="json"
    )

    assert response.status_code == 200


def test_logout_deletes_the_token(user):
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.delete(TOKEN)

    assert response.status_code == 204
    assert not Token.objects.filter(user=user).exists()
    # Token authentication comes first, so DRF answers 401 with a WWW-Authenticate challenge.
    after = client.get("/api/me/")
    assert after.status_code == 401
    assert after.json() == {"detail": "Invalid token."}


def test_logout_needs_a_signed_in_person(api, user):
    Token.objects.create(user=user)

    response = api.delete(TOKEN)

    assert response.status_code == 401
    assert Token.objects.count() == 1


def test_register_reports_every_wrong_field_in_one_pass(api):
    response = api.post(
        REGISTER,
        {
            "email": "not-an-address",
            "password": "12345678",
            "display_name": " ",
            "sector": "x",
            "accept_house_rules": True,
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "email": ["Please enter a valid email address."],
        "display_name": ["Please enter the name others will see."],
        "sector": ["Please choose your sector."],
        "password": ["This password is too common.", "This password is entirely numeric."],
    }
    assert User.objects.count() == 0
    assert Token.objects.count() == 0


def test_register_checks_the_password_while_the_name_is_missing(api):
    response = api.post(REGISTER, registration(display_name="", password="kurz"), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "display_name": ["Please enter the name others will see."],
        "password": [
            "This password is too short. It must contain at least 8 characters.",
        ],
    }
    assert User.objects.count() == 0


def test_register_refuses_too_long_a_display_name(api):
    response = api.post(REGISTER, registration(display_name="x" * 81), format="json")

    assert response.status_code == 400
    assert response.json() == {"display_name": ["A display name has at most 80 characters."]}
    assert User.objects.count() == 0
