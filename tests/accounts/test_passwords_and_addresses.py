"""Forgotten passwords (Django's token generator), changed passwords and changed addresses:
what ends, what the old address is told, and links that must not work."""

import re
import time

import pytest
import time_machine
from django.test import Client
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from mail.models import Mail
from tests import factories
from tests.accounts.conftest import client_for
from tests.mailbox import queued_link

pytestmark = pytest.mark.django_db

FORGOT = "/api/auth/password/forgot/"
RESET = "/api/auth/password/reset/"
OLD = "correct-horse-battery"
NEW = "sparrenburg-zinnen-1250"
INVALID = "This link has expired, was used already or is not valid. Nothing was changed."


@pytest.fixture
def person(db):
    return factories.UserFactory(email="ada@example.org", language="en")


def reset_link(api) -> tuple[str, str]:
    api.post(FORGOT, {"email": "ada@example.org"}, format="json")
    uid, token = re.fullmatch(
        r"/password/reset/([^/]+)/([^/]+)/", queued_link("ada@example.org", "/password/reset/")
    ).groups()
    return uid, token


def test_reset_sets_the_new_password_and_ends_every_session_and_token(api, person):
    signed_in = Client()
    signed_in.force_login(person)
    Token.objects.create(user=person)
    uid, token = reset_link(api)

    response = api.post(RESET, {"uid": uid, "token": token, "password": NEW}, format="json")

    assert response.status_code == 200
    assert response.json() == {"detail": "Your new password is set. Please sign in with it."}
    person.refresh_from_db()
    assert person.check_password(NEW)
    assert Token.objects.count() == 0
    assert signed_in.get("/profile/").status_code == 302  # the old session has ended


def test_a_used_reset_link_does_not_work_again(api, person):
    uid, token = reset_link(api)
    api.post(RESET, {"uid": uid, "token": token, "password": NEW}, format="json")

    response = api.post(RESET, {"uid": uid, "token": token, "password": "noch-ein-neues-1"})

    assert response.status_code == 400
    assert response.json() == {"detail": INVALID}
    person.refresh_from_db()
    assert person.check_password(NEW)


def test_a_reset_link_dies_when_the_password_changes_otherwise(api, person):
    uid, token = reset_link(api)
    person.set_password("anders-geaendert-77")
    person.save()

    response = api.post(RESET, {"uid": uid, "token": token, "password": NEW}, format="json")

    assert response.status_code == 400
    person.refresh_from_db()
    assert person.check_password("anders-geaendert-77")


def test_a_reset_link_expires(api, person, settings):
    uid, token = reset_link(api)

    # A timestamp, not an aware datetime: that would also move the local time zone, which
    # Django's token generator reads (naive local time).
    with time_machine.travel(time.time() + settings.PASSWORD_RESET_TIMEOUT + 5):
        response = api.post(RESET, {"uid": uid, "token": token, "password": NEW}, format="json")

    assert response.status_code == 400
    person.refresh_from_db()
    assert person.check_password(OLD)


def test_a_foreign_or_tampered_reset_link_changes_nothing(api, person):
    other = factories.UserFactory()
    uid, token = reset_link(api)
    other_uid = urlsafe_base64_encode(str(other.pk).encode())
    # A different last character (the same one would leave the token intact now and then).
    tampered = token[:-1] + ("1" if token[-1] == "0" else "0")

    answers = [
        api.post(RESET, {"uid": other_uid, "token": token, "password": NEW}, format="json"),
        api.post(RESET, {"uid": uid, "token": tampered, "password": NEW}, format="json"),
        api.post(RESET, {"uid": "!!", "token": token, "password": NEW}, format="json"),
    ]

    assert [r.status_code for r in answers] == [400, 400, 400]
    person.refresh_from_db()
    other.refresh_from_db()
    assert person.check_password(OLD)
    assert other.check_password(OLD)


def test_reset_refuses_a_weak_password_and_the_link_still_works(api, person):
    uid, token = reset_link(api)

    weak = api.post(RESET, {"uid": uid, "token": token, "password": "12345678"}, format="json")
    good = api.post(RESET, {"uid": uid, "token": token, "password": NEW}, format="json")

    assert weak.status_code == 400
    assert list(weak.json()) == ["password"]
    assert good.status_code == 200


def test_the_reset_page_sets_a_password_and_a_bad_link_shows_a_clear_page(api, person):
    uid, token = reset_link(api)
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    link = f"/password/reset/{uid}/{token}/"

    form = browser.get(link)
    mismatch = browser.post(link, {"password": NEW, "password_again": NEW + "x"})
    done = browser.post(link, {"password": NEW, "password_again": NEW})
    reused = browser.get(link)

    assert form.status_code == 200
    assert mismatch.status_code == 400
    assert "The two passwords are not the same." in mismatch.content.decode()
    assert (done.status_code, done["Location"]) == (302, "/login/")
    assert reused.status_code == 400
    assert INVALID in reused.content.decode()
    person.refresh_from_db()
    assert person.check_password(NEW)


def test_the_reset_mail_speaks_the_recipients_language(api, person):
    person.language = "de"
    person.save()

    api.post(FORGOT, {"email": "ADA@example.org"}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    mail = Mail.objects.get()
    assert mail.subject == "Neues Passwort setzen – Open Innovation City"
    assert "Der Link funktioniert einmal und 1 Stunde lang." in mail.text


def test_change_password_asks_for_the_current_one(person):
    api = client_for(person)

    wrong = api.post(
        "/api/me/password/", {"current_password": "falsch", "new_password": NEW}, format="json"
    )

    assert wrong.status_code == 400
    assert wrong.json() == {"current_password": ["This is not your current password."]}
    person.refresh_from_db()
    assert person.check_password(OLD)


def test_change_password_ends_other_tokens_and_answers_with_a_new_one(person):
    old_token = Token.objects.create(user=person)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {old_token.key}")

    response = api.post(
        "/api/me/password/", {"current_password": OLD, "new_password": NEW}, format="json"
    )

    assert response.status_code == 200
    new_key = response.json()["token"]
    assert new_key != old_token.key
    assert list(Token.objects.values_list("key", flat=True)) == [new_key]


def test_changing_the_password_on_the_site_keeps_this_session_and_ends_the_others(person):
    here, elsewhere = Client(), Client()
    here.force_login(person)
    elsewhere.force_login(person)

    response = here.post(
        "/profile/password/",
        {"current_password": OLD, "password": NEW, "password_again": NEW},
    )

    assert (response.status_code, response["Location"]) == (302, "/profile/")
    assert here.get("/profile/").status_code == 200
    assert elsewhere.get("/profile/").status_code == 302


def test_change_email_confirms_the_new_address_and_tells_the_old_one(person):
    api = client_for(person)

    response = api.post("/api/me/email/", {"email": "Ada@Neu.example", "password": OLD})
    link = queued_link("ada@neu.example", "/confirm/")
    person.refresh_from_db()
    assert person.email == "ada@example.org"  # nothing changes before the link is opened
    confirmed = APIClient().post("/api/auth/confirm/", {"token": link.split("/")[2]})

    assert response.status_code == 202
    assert confirmed.status_code == 200
    person.refresh_from_db()
    assert person.email == "ada@neu.example"
    told = Mail.objects.filter(to="ada@example.org").get()
    assert told.subject == "Your email address was changed – Open Innovation City"
    assert "ada@neu.example" in told.text


def test_change_email_to_a_taken_address_answers_the_same_and_tells_its_owner(person):
    factories.UserFactory(email="taken@example.org", language="en")

    response = client_for(person).post(
        "/api/me/email/", {"email": "taken@example.org", "password": OLD}
    )

    assert response.status_code == 202
    assert response.json() == {"detail": "Please open the link we have mailed to the new address."}
    mail = Mail.objects.get()
    assert (mail.to, mail.subject) == (
        "taken@example.org",
        "You already have an account – Open Innovation City",
    )
    person.refresh_from_db()
    assert person.email == "ada@example.org"


def test_change_email_needs_the_password_and_a_valid_new_address(person):
    response = client_for(person).post(
        "/api/me/email/", {"email": "kein-mail", "password": "falsch"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "password": ["This is not your current password."],
        "email": ["Please enter a valid email address."],
    }
    assert Mail.objects.count() == 0


def test_reset_is_throttled_per_client_address(person, settings):
    settings.ACCOUNT_MAIL_REQUESTS_PER_ADDRESS = 1
    api = APIClient()

    first = api.post(FORGOT, {"email": "ada@example.org"}, format="json")
    second = api.post(FORGOT, {"email": "other@example.org"}, format="json")

    assert (first.status_code, second.status_code) == (202, 429)
    assert Mail.objects.count() == 1


def test_a_new_password_through_the_link_also_confirms_the_address(api, person):
    person.email_confirmed_at = None
    person.save()
    uid, token = reset_link(api)

    api.post(RESET, {"uid": uid, "token": token, "password": NEW}, format="json")

    assert User.objects.get(pk=person.pk).email_confirmed_at is not None
