"""The whole way, as in production: a comment by HTTP, the worker derives the notification
and delivers the mail over real SMTP, with the RFC 8058 one-click headers that work."""

from __future__ import annotations

import pytest
from django.test import Client

from ideas import services as idea_services
from notifications import services
from notifications.models import Notification, Preference
from tests import factories
from tests.live.conftest import city_staff_group  # noqa: F401
from tests.mailbox import html_of, run_worker, text_of

# A transactional test that runs after another one finds the seeded "City staff" group gone.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("city_staff_group")]


def test_a_comment_reaches_the_author_by_mail_now_in_german_and_one_click_stops_it(smtp):
    author = factories.UserFactory(display_name="Jana", language="de", email="jana@example.org")
    idea = idea_services.idea_submit(
        author=author,
        challenge=factories.ChallengeFactory(),
        title="Bänke am Kesselbrink",
        summary="Mehr Sitzplätze im Schatten",
    )
    services.preferences_set(person=author, emails={"comment": "immediately"})
    commenter = factories.UserFactory()
    client = Client()
    client.force_login(commenter)

    response = client.post(f"/ideas/{idea.pk}/comments/", {"body": "Tolle Idee!"})

    assert response.status_code == 302
    assert Notification.objects.count() == 0  # the request only enqueued
    run_worker()

    [message] = smtp.to("jana@example.org")
    assert (
        message["Subject"].strip()
        == "Neuer Kommentar zu „Bänke am Kesselbrink“ – Open Innovation City"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = "".join(message["List-Unsubscribe"].split()).strip("<>")
    assert url.startswith("https://oic.example.org/unsubscribe/")
    assert "Neuer Kommentar zu „Bänke am Kesselbrink“" in text_of(message)
    assert "Neuer Kommentar zu „Bänke am Kesselbrink“" in html_of(message)

    # What a mail client does for the user's one click (RFC 8058): a POST, no cookie.
    Client(enforce_csrf_checks=True).post(
        url.removeprefix("https://oic.example.org"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert Preference.objects.get(person=author, kind="comment").email == "never"
