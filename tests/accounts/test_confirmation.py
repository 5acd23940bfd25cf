"""Confirming an email address: signed, expiring, single-use links; until confirmed, no votes,
comments, ideas or offers (403 with a message), and "send the link again", throttled."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import user_can_participate
from ideas.models import Comment, Idea
from mail.models import Mail
from tests import factories
from tests.accounts.conftest import client_for
from tests.mailbox import queued_link
from votes.models import Vote
from votes.services import vote_can_cast

pytestmark = pytest.mark.django_db

CONFIRM = "/api/auth/confirm/"
RESEND = "/api/auth/confirm/resend/"
REFUSAL = (
    "Please confirm your email address first: open the link we mailed you. "
    "You can have it sent again from your profile."
)
INVALID = "This link has expired, was used already or is not valid. Nothing was changed."
RESENT = {"detail": "If this address waits for confirmation, a new link is on its way."}


@pytest.fixture
def newcomer(api):
    api.post(
        "/api/auth/register/",
        {
            "email": "neu@example.org",
            "password": "sennestadt-radweg-42",
            "display_name": "Neu",
            "sector": "citizen",
            "accept_house_rules": True,
        },
        format="json",
    )
    return User.objects.get(email="neu@example.org")


def token_of(link: str) -> str:
    return link.removeprefix("/confirm/").strip("/")


def test_an_unconfirmed_person_may_not_vote_comment_post_or_offer(newcomer):
    idea = factories.IdeaFactory(seeking_cocreators=True)
    api = client_for(newcomer)

    responses = [
        api.put(f"/api/ideas/{idea.pk}/vote/", {"value": 1}, format="json"),
        api.post(f"/api/ideas/{idea.pk}/comments/", {"body": "Gute Idee"}, format="json"),
        api.post("/api/ideas/", {"title": "Mehr Bänke", "summary": "x" * 40}, format="json"),
        api.post(f"/api/ideas/{idea.pk}/offers/", {"message": "Ich helfe"}, format="json"),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert {r.json()["detail"] for r in responses} == {REFUSAL}
    assert (Vote.objects.count(), Comment.objects.count(), Idea.objects.count()) == (0, 0, 1)


def test_an_unconfirmed_person_may_edit_the_profile(newcomer):
    response = client_for(newcomer).patch("/api/me/", {"bio": "Hallo"}, format="json")

    assert response.status_code == 200
    assert response.json()["bio"] == "Hallo"


def test_the_mailed_link_confirms_and_then_the_person_may_participate(api, newcomer):
    idea = factories.IdeaFactory()
    assert vote_can_cast(user=newcomer, idea=idea) is False

    response = api.post(CONFIRM, {"token": token_of(queued_link("neu@example.org", "/confirm/"))})

    assert response.status_code == 200
    assert response.json() == {"detail": "Thank you: your email address is confirmed."}
    confirmed = User.objects.get(pk=newcomer.pk)
    assert confirmed.email_confirmed_at is not None
    assert user_can_participate(user=confirmed) is True
    assert vote_can_cast(user=confirmed, idea=idea) is True


def test_a_used_link_does_not_work_again(api, newcomer):
    token = token_of(queued_link("neu@example.org", "/confirm/"))
    api.post(CONFIRM, {"token": token})
    confirmed_at = User.objects.get().email_confirmed_at

    response = api.post(CONFIRM, {"token": token})

    assert response.status_code == 400
    assert response.json() == {"detail": INVALID}
    assert User.objects.get().email_confirmed_at == confirmed_at


def test_an_expired_link_changes_nothing(api, newcomer, settings):
    token = token_of(queued_link("neu@example.org", "/confirm/"))
    later = timezone.now() + timedelta(seconds=settings.EMAIL_CONFIRMATION_TIMEOUT + 1)

    with time_machine.travel(later):
        response = api.post(CONFIRM, {"token": token})

    assert response.status_code == 400
    assert response.json() == {"detail": INVALID}
    assert User.objects.get().email_confirmed_at is None


@pytest.mark.parametrize("damage", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: ""])
def test_a_tampered_link_changes_nothing(api, newcomer, damage):
    token = token_of(queued_link("neu@example.org", "/confirm/"))

    response = api.post(CONFIRM, {"token": damage(token)})

    assert response.status_code == 400
    assert User.objects.get().email_confirmed_at is None


def test_the_site_shows_a_button_and_confirms_only_on_post(newcomer):
    link = queued_link("neu@example.org", "/confirm/")
    browser = Client()

    page = browser.get(link)
    assert page.status_code == 200
    assert User.objects.get().email_confirmed_at is None  # a mail scanner's GET confirms nothing
    done = browser.post(link)

    assert done.status_code == 302
    assert done["Location"] == "/login/"
    assert User.objects.get().email_confirmed_at is not None
    again = browser.get(link)
    assert again.status_code == 400
    assert INVALID in again.content.decode()


def test_the_site_tells_a_person_who_is_not_confirmed_and_offers_the_link_again(newcomer):
    browser = Client()
    browser.force_login(newcomer)

    page = browser.get("/profile/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    resent = browser.post("/confirm/", {"next": "/profile/"})

    assert "Please confirm your email address neu@example.org" in page
    assert 'action="/confirm/"' in page
    assert resent.status_code == 302
    assert Mail.objects.filter(to="neu@example.org").count() == 2


def test_a_site_comment_of_an_unconfirmed_person_is_refused_with_a_message(newcomer):
    idea = factories.IdeaFactory()
    browser = Client()
    browser.force_login(newcomer)

    response = browser.post(
        f"/ideas/{idea.pk}/vote/", {"value": "1"}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert REFUSAL in response.content.decode()
    assert Vote.objects.count() == 0


def test_resend_answers_the_same_for_unknown_confirmed_and_waiting_addresses(api, newcomer):
    factories.UserFactory(email="bestaetigt@example.org")
    Mail.objects.all().delete()

    answers = [
        api.post(RESEND, {"email": email}, format="json")
        for email in ("neu@example.org", "bestaetigt@example.org", "niemand@example.org")
    ]

    assert [(r.status_code, r.json()) for r in answers] == [(202, RESENT)] * 3
    assert list(Mail.objects.values_list("to", flat=True)) == ["neu@example.org"]


def test_resend_is_throttled_per_email_address(newcomer, settings):
    settings.ACCOUNT_MAIL_REQUESTS_PER_EMAIL = 2
    clients = [APIClient(REMOTE_ADDR=f"10.0.0.{n}") for n in range(3)]

    answers = [c.post(RESEND, {"email": "neu@example.org"}, format="json") for c in clients]

    assert [r.status_code for r in answers] == [202, 202, 429]
    assert answers[2].json() == {
        "detail": "Too many requests for this address. Please try again in 60 minutes."
    }
    assert int(answers[2]["Retry-After"]) == 3600
    assert Mail.objects.filter(to="neu@example.org").count() == 3  # sign-up + 2


def test_resend_is_throttled_per_client_address_in_german(db, settings):
    settings.ACCOUNT_MAIL_REQUESTS_PER_ADDRESS = 2
    api = APIClient()

    answers = [
        api.post(RESEND, {"email": f"p{n}@example.org"}, format="json", HTTP_ACCEPT_LANGUAGE="de")
        for n in range(3)
    ]

    assert [r.status_code for r in answers] == [202, 202, 429]
    assert answers[2].json() == {
        "detail": (
            "Zu viele Anfragen für diese Adresse. Bitte versuche es in 60 Minuten noch einmal."
        )
    }


def test_signup_is_throttled_per_email_address_on_the_site(db, settings):
    settings.ACCOUNT_MAIL_REQUESTS_PER_EMAIL = 1
    data = {
        "email": "neu@example.org",
        "password": "sennestadt-radweg-42",
        "display_name": "Neu",
        "sector": "citizen",
        "accept_house_rules": "on",
    }

    first = Client(REMOTE_ADDR="10.0.0.1").post("/signup/", data)
    second = Client(REMOTE_ADDR="10.0.0.2").post("/signup/", data, HTTP_ACCEPT_LANGUAGE="en")

    assert first.status_code == 302
    assert second.status_code == 429
    assert "Too many requests for this address." in second.content.decode()
    assert Mail.objects.count() == 1


def test_the_banner_button_is_throttled_with_a_page_that_says_so(newcomer, settings):
    settings.ACCOUNT_MAIL_REQUESTS_PER_EMAIL = 1
    browser = Client(HTTP_ACCEPT_LANGUAGE="de")
    browser.force_login(newcomer)

    first = browser.post("/confirm/", {"next": "/profile/"})
    response = browser.post("/confirm/", {"next": "/profile/"})

    assert first.status_code == 302
    assert response.status_code == 429
    assert "Zu viele Anfragen für diese Adresse." in response.content.decode()
    assert Mail.objects.count() == 2  # the sign-up's and the first resend's


def test_a_site_idea_of_an_unconfirmed_person_comes_back_with_the_reason_and_the_text(newcomer):
    browser = Client()
    browser.force_login(newcomer)

    response = browser.post(
        "/ideas/new/",
        {"title": "Trinkbrunnen am Jahnplatz", "summary": "Wasser für alle an heißen Tagen."},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert REFUSAL in html
    assert "Trinkbrunnen am Jahnplatz" in html  # what was typed is kept
    assert Idea.objects.count() == 0
