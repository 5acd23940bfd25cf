"""Mail per kind: immediately, as a daily or weekly digest (the default: daily), or never;
many events on one idea fold into one entry; digests are sent once per window; every mail
can be stopped with one click and without logging in; in the recipient's language."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ideas import services as idea_services
from mail.models import Mail
from notifications import services
from notifications.models import DigestSent, Follow, Notification, Preference
from tests import factories
from tests.notifications.conftest import derive

pytestmark = pytest.mark.django_db

TEXT = {"title": "Benches at Kesselbrink", "summary": "Places to sit in the shade."}


@pytest.fixture
def author(db):
    return factories.UserFactory(display_name="Ada", language="en", email="ada@example.org")


@pytest.fixture
def idea(author, open_challenge):
    made = idea_services.idea_submit(author=author, challenge=open_challenge, **TEXT)
    derive()
    return made


def comments(idea, count: int) -> None:
    """`count` comments by one other person (who then follows the idea, but is never told of
    their own comments)."""
    commenter = factories.UserFactory(display_name="Bea")
    for n in range(count):
        idea_services.comment_post(author=commenter, idea=idea, body=f"#{n}")
    derive()


def prefer(person, **emails) -> None:
    services.preferences_set(person=person, emails=emails)


def digest(period: str = "daily") -> None:
    call_command("send_digests", "--period", period, verbosity=0)


def link(mail: Mail, label: str) -> str:
    """The site path of the link after `label` in the plain text."""
    match = re.search(re.escape(label) + r".*?https://oic\.example\.org(/\S+)", mail.text)
    assert match, mail.text
    return match.group(1)


def test_the_default_is_the_daily_digest_nothing_is_mailed_at_once(idea):
    comments(idea, 2)

    assert Mail.objects.count() == 0
    assert set(Notification.objects.values_list("emailed_at", flat=True)) == {None}


def test_immediately_mails_each_notification_at_once_with_one_click_unsubscribe(idea, author):
    prefer(author, comment="immediately")

    comments(idea, 1)

    mail = Mail.objects.get()
    assert (mail.to, mail.language) == ("ada@example.org", "en")
    assert mail.subject == "New comment on “Benches at Kesselbrink” – Open Innovation City"
    assert "New comment on “Benches at Kesselbrink”" in mail.html
    unsubscribe = mail.headers["List-Unsubscribe"]
    assert re.fullmatch(r"<https://oic\.example\.org/unsubscribe/[^>\s]+/>", unsubscribe)
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in mail.text
    assert f"https://oic.example.org/ideas/{idea.pk}/#comment-" in mail.text


def test_never_mails_nothing_neither_now_nor_in_a_digest(idea, author):
    prefer(author, comment="never")
    comments(idea, 2)

    digest("daily")
    digest("weekly")

    assert Mail.objects.count() == 0
    assert Notification.objects.filter(recipient=author).count() == 2  # in-app still


def test_the_daily_digest_folds_many_comments_on_one_idea_into_one_entry(idea, author, staff):
    comments(idea, 5)
    idea_services.idea_set_status(actor=staff, idea=idea, status="under_review", response="Ok")
    derive()

    digest("daily")

    mail = Mail.objects.get(to=author.email)
    assert mail.subject == "Your day: 6 notifications – Open Innovation City"
    entries = [line for line in mail.text.splitlines() if line.startswith("- ")]
    assert entries == [
        "- 5 new comments on “Benches at Kesselbrink”",
        "- The idea “Benches at Kesselbrink” has a new status: Under review",
    ]
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_running_the_digest_twice_sends_nothing_twice(idea, author):
    comments(idea, 2)

    digest("daily")
    digest("daily")
    comments(idea, 1)  # arrives after today's digest: in tomorrow's
    digest("daily")

    assert Mail.objects.filter(to=author.email).count() == 1
    assert DigestSent.objects.get(person=author).notification_count == 2
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        digest("daily")
    assert Mail.objects.filter(to=author.email).count() == 2
    assert "- New comment on" in Mail.objects.filter(to=author.email).latest("id").text


def test_weekly_kinds_wait_for_the_weekly_digest(idea, author):
    prefer(author, comment="weekly")
    comments(idea, 3)

    digest("daily")
    assert Mail.objects.count() == 0

    digest("weekly")
    digest("weekly")
    mail = Mail.objects.get()
    assert mail.subject == "Your week: 3 notifications – Open Innovation City"
    assert "- 3 new comments on “Benches at Kesselbrink”" in mail.text


def test_read_notifications_are_left_out_of_the_digest(idea, author):
    comments(idea, 2)
    services.notifications_mark_all_read(person=author)

    digest("daily")

    assert Mail.objects.count() == 0


def test_the_digest_is_in_the_recipients_language(open_challenge):
    german = factories.UserFactory(display_name="Jana", language="de")
    idea = idea_services.idea_submit(author=german, challenge=open_challenge, **TEXT)
    derive()
    comments(idea, 2)

    digest("daily")

    mail = Mail.objects.get()
    assert mail.language == "de"
    assert mail.subject == "Dein Tag: 2 Benachrichtigungen – Open Innovation City"
    assert "- 2 neue Kommentare zu „Benches at Kesselbrink“" in mail.text
    assert "Hallo Jana," in mail.text


def test_the_one_click_post_unsubscribes_without_login(idea, author):
    prefer(author, comment="immediately")
    comments(idea, 1)
    path = (
        Mail.objects.get().headers["List-Unsubscribe"][1:-1].removeprefix("https://oic.example.org")
    )
    client = Client(enforce_csrf_checks=True)

    asked = client.get(path)
    assert asked.status_code == 200
    assert Preference.objects.get(person=author, kind="comment").email == "immediately"

    done = client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert done.status_code == 200
    assert Preference.objects.get(person=author, kind="comment").email == "never"


def test_the_digest_link_stops_every_kind_and_the_unfollow_link_one_idea(idea, author):
    comments(idea, 1)
    digest("daily")
    mail = Mail.objects.get()
    client = Client()

    client.post(link(mail, "Stop following “Benches at Kesselbrink”:"))
    assert not Follow.objects.get(person=author, kind="idea", target_id=idea.pk).active

    client.post(link(mail, "No more notification mail:"))
    assert set(Preference.objects.filter(person=author).values_list("email", flat=True)) == {
        "never"
    }


def test_a_tampered_link_is_refused_and_changes_nothing(idea, author):
    prefer(author, comment="immediately")
    comments(idea, 1)
    path = Mail.objects.get().headers["List-Unsubscribe"][1:-1]
    path = path.removeprefix("https://oic.example.org")
    token = path.split("/")[2]
    tampered = path.replace(token, token[:-3] + ("aaa" if token[-3:] != "aaa" else "bbb"))

    response = Client().post(tampered)

    assert response.status_code == 400
    assert "This link is not valid." in response.content.decode()
    assert Preference.objects.get(person=author, kind="comment").email == "immediately"


def test_an_expired_link_is_refused_and_changes_nothing(idea, author, settings):
    prefer(author, comment="immediately")
    comments(idea, 1)
    path = Mail.objects.get().headers["List-Unsubscribe"][1:-1]
    path = path.removeprefix("https://oic.example.org")

    later = timezone.now() + timedelta(days=settings.NOTIFICATIONS_UNSUBSCRIBE_DAYS + 1)
    with time_machine.travel(later):
        response = Client().post(path)

    assert response.status_code == 400
    assert "This link has expired." in response.content.decode()
    assert Preference.objects.get(person=author, kind="comment").email == "immediately"


def test_unconfirmed_addresses_get_no_mail(open_challenge):
    unconfirmed = factories.UserFactory(email_confirmed_at=None, language="en")
    idea = idea_services.idea_submit(
        author=factories.UserFactory(), challenge=open_challenge, **TEXT
    )
    services.follow_set(person=unconfirmed, kind="idea", target_id=idea.pk)
    comments(idea, 1)

    digest("daily")

    assert not Mail.objects.filter(to=unconfirmed.email).exists()
    assert Notification.objects.filter(recipient=unconfirmed).count() == 1
