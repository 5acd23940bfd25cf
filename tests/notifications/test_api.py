"""The notification centre and follows over the API: one's own notifications only, marking
read, mail preferences, following and the follower counts; bad input is a 4xx that changes
nothing."""

from __future__ import annotations

import pytest

from ideas import services as idea_services
from notifications import services
from notifications.models import Follow, Notification, Preference
from realtime.models import Event
from tests import factories
from tests.accounts.conftest import client_for
from tests.notifications.conftest import derive

pytestmark = pytest.mark.django_db

TEXT = {"title": "Benches at Kesselbrink", "summary": "Places to sit in the shade."}


@pytest.fixture
def author(db):
    return factories.UserFactory(display_name="Ada", language="en")


@pytest.fixture
def idea(author, open_challenge):
    made = idea_services.idea_submit(author=author, challenge=open_challenge, **TEXT)
    derive()
    return made


@pytest.fixture
def three(idea, other_user):
    for n in range(3):
        idea_services.comment_post(author=other_user, idea=idea, body=f"#{n}")
    derive()
    return list(Notification.objects.filter(recipient=idea.author).order_by("-id"))


def test_the_list_is_ones_own_newest_first_in_a_fixed_number_of_queries(
    author, three, django_assert_num_queries
):
    api = client_for(author)

    with django_assert_num_queries(2):  # the page and its count
        response = api.get("/api/notifications/?page_size=2")

    body = response.json()
    assert body["count"] == 3
    assert [n["id"] for n in body["results"]] == [three[0].pk, three[1].pk]
    first = body["results"][0]
    assert first["text"] == "New comment on “Benches at Kesselbrink”"
    assert first["subject"] == {"kind": "idea", "id": three[0].subject_id}
    assert first["read"] is False
    assert first["url"].startswith(f"/ideas/{three[0].subject_id}/#comment-")
    assert client_for(factories.UserFactory()).get("/api/notifications/").json()["count"] == 0


def test_anonymous_people_have_no_notifications(api):
    assert api.get("/api/notifications/").status_code == 401


def test_a_bad_unread_flag_is_a_400(author, three):
    response = client_for(author).get("/api/notifications/?unread=maybe")

    assert response.status_code == 400
    assert response.json() == {"unread": ["Use true or false."]}


def test_marking_one_read_updates_the_count_and_tells_the_other_pages(author, three):
    api = client_for(author)

    response = api.post(f"/api/notifications/{three[1].pk}/read/")

    assert response.status_code == 200
    assert response.json()["read"] is True
    assert api.get("/api/notifications/unread/").json() == {"unread_count": 2}
    assert api.get("/api/notifications/?unread=true").json()["count"] == 2
    event = Event.objects.filter(type="notification.read").get()
    assert (event.stream, event.data) == (f"user:{author.pk}", {"unread_count": 2})


def test_someone_elses_notification_is_not_found_and_stays_unread(three, other_user):
    response = client_for(other_user).post(f"/api/notifications/{three[0].pk}/read/")

    assert response.status_code == 404
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_mark_all_read(author, three):
    response = client_for(author).post("/api/notifications/read-all/")

    assert response.json() == {"unread_count": 0}
    assert Notification.objects.filter(recipient=author, read_at__isnull=True).count() == 0


def test_preferences_default_to_daily_and_can_be_changed(author):
    api = client_for(author)

    assert api.get("/api/notifications/preferences/").json()["email"]["comment"] == "daily"
    response = api.put(
        "/api/notifications/preferences/",
        {"email": {"comment": "weekly", "reply": "immediately"}},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["email"]["comment"] == "weekly"
    assert response.json()["email"]["reply"] == "immediately"


@pytest.mark.parametrize(
    "body",
    [{"email": {"comment": "hourly"}}, {"email": {"gossip": "daily"}}, {"email": "daily"}],
)
def test_bad_preferences_are_a_400_and_change_nothing(author, body):
    response = client_for(author).put("/api/notifications/preferences/", body, format="json")

    assert response.status_code == 400
    assert Preference.objects.count() == 0


def test_follow_and_unfollow_with_the_follower_count(idea, other_user, api):
    url = f"/api/follows/idea/{idea.pk}/"

    followed = client_for(other_user).put(url)
    assert followed.json() == {
        "kind": "idea",
        "id": idea.pk,
        "follower_count": 2,
        "following": True,
    }
    assert api.get(url).json()["follower_count"] == 2  # the author follows their own idea

    unfollowed = client_for(other_user).delete(url)
    assert unfollowed.json()["following"] is False
    assert unfollowed.json()["follower_count"] == 1


@pytest.mark.parametrize("path", ["/api/follows/idea/999999/", "/api/follows/planet/1/"])
def test_following_nothing_is_a_404_and_writes_nothing(other_user, path):
    response = client_for(other_user).put(path)

    assert response.status_code == 404
    assert Follow.objects.count() == 0


def test_anonymous_people_cannot_follow(idea, api):
    assert api.put(f"/api/follows/idea/{idea.pk}/").status_code == 401
    assert not Follow.objects.exclude(person=idea.author).exists()


def test_following_a_person_organisation_and_topic(other_user, author):
    organisation = factories.OrganisationFactory()
    from accounts.models import Topic

    topic = Topic.objects.create(slug="mobility", name_de="Mobilität", name_en="Mobility")
    api = client_for(other_user)

    for kind, pk in (("person", author.pk), ("organisation", organisation.pk), ("topic", topic.pk)):
        assert api.put(f"/api/follows/{kind}/{pk}/").json()["following"] is True

    assert services.follow_can(user=other_user, kind="person", target_id=author.pk)
