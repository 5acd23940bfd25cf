"""The site's notification centre: the bell's count, the list in a fixed number of queries,
reading one goes to its place, mail settings, following from a page."""

from __future__ import annotations

import pytest
from django.test import Client

from ideas import services as idea_services
from notifications.models import Follow, Notification, Preference
from tests import factories
from tests.notifications.conftest import derive

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    return factories.UserFactory(display_name="Ada", language="de")


@pytest.fixture
def idea(author, open_challenge):
    made = idea_services.idea_submit(
        author=author, challenge=open_challenge, title="Bänke", summary="Mehr Sitzplätze im Park"
    )
    derive()
    for n in range(3):
        idea_services.comment_post(author=factories.UserFactory(), idea=made, body=f"#{n}")
    derive()
    return made


@pytest.fixture
def browser(author):
    client = Client()
    client.force_login(author)
    return client


def test_the_centre_lists_and_the_bell_counts_in_a_fixed_number_of_queries(
    browser, idea, django_assert_num_queries
):
    # session, user, notifications, preferences, followed topics, topics, the menu's staff
    # check, the bell's unread count
    with django_assert_num_queries(8):
        html = browser.get("/notifications/").content.decode()

    assert html.count('data-notification="') == 3
    assert 'data-unread-count="3"' in html
    assert "New comment on “Bänke”" in html  # in the page's language
    assert f'data-streams=" user:{idea.author_id}"' in html


def test_reading_one_marks_it_read_and_goes_to_its_place(browser, idea):
    notification = Notification.objects.filter(recipient=idea.author).first()

    response = browser.post(f"/notifications/{notification.pk}/read/")

    assert response.status_code == 302
    assert response["Location"] == notification.data["url"]
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_404(idea, user):
    client = Client()
    client.force_login(user)
    notification = Notification.objects.filter(recipient=idea.author).first()

    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_mail_settings_are_saved_and_a_bad_choice_changes_nothing(browser, author):
    browser.post("/notifications/settings/", {"comment": "weekly"})
    browser.post("/notifications/settings/", {"reply": "hourly", "comment": "never"})

    assert dict(Preference.objects.filter(person=author).values_list("kind", "email")) == {
        "comment": "weekly"
    }


def test_following_from_a_page_goes_back_to_it(idea, user):
    client = Client()
    client.force_login(user)
    page = f"/ideas/{idea.pk}/"

    response = client.post(f"/follow/idea/{idea.pk}/", {"follow": "1", "next": page})

    assert response["Location"] == page
    assert Follow.objects.get(person=user, kind="idea").active
    html = client.get(page).content.decode()
    assert "5 followers" in html  # the author, three commenters and this person
    assert 'aria-pressed="true"' in html
