"""Events through the API: who announces them, the rules of a well-formed event, registration
with capacity and waiting list, cancellations, the online link and the attendee list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ideas.gatherings import services
from ideas.gatherings.models import Event, Registration
from mail.models import Mail
from realtime.models import Event as LogEvent
from tests import factories
from tests.gatherings.conftest import client_for

pytestmark = pytest.mark.django_db


def _body(organiser, **overrides) -> dict:
    start = timezone.now() + timedelta(days=10)
    body = {
        "title": "Open Data Meet-up",
        "description": "Wir schauen uns offene Daten der Stadt an.",
        "kind": "meetup",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(),
        "capacity": 12,
        "organiser": organiser.pk,
    }
    body.update(overrides)
    return body


def _snapshot() -> tuple[int, int, int, int]:
    return (
        Event.objects.count(),
        Registration.objects.count(),
        LogEvent.objects.count(),
        Mail.objects.count(),
    )


def test_an_organisation_admin_announces_an_event_for_their_organisation(
    organiser, organiser_admin
):
    response = client_for(organiser_admin).post("/api/events/", _body(organiser), format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["title"] == "Open Data Meet-up"
    assert data["organiser"] == {"id": organiser.pk, "name": "Code for Bielefeld"}
    assert (data["capacity"], data["seats_left"], data["registered_count"]) == (12, 12, 0)
    assert data["place"] == "office"
    assert LogEvent.objects.filter(type="event.created").count() == 2  # event:<id> and feed


def test_a_plain_member_may_not_announce_and_nothing_is_written(organiser, user):
    factories.MembershipFactory(organisation=organiser, user=user)
    before = _snapshot()

    response = client_for(user).post("/api/events/", _body(organiser), format="json")

    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "start"}, "ends_at", "The event must end after it starts."),
        ({"starts_at": "past"}, "starts_at", "The event cannot start in the past."),
        ({"capacity": 0}, "capacity", None),
        ({"place": "online"}, "online_url", "An online event needs the link to join it."),
        ({"place": "address"}, "address", "Please give the address."),
    ],
)
def test_a_malformed_event_is_refused_with_a_message_and_nothing_changes(
    staff_api, organiser, overrides, field, message
):
    body = _body(organiser)
    if overrides.get("ends_at") == "start":
        overrides = {"ends_at": body["starts_at"]}
    if overrides.get("starts_at") == "past":
        past = timezone.now() - timedelta(hours=3)
        overrides = {
            "starts_at": past.isoformat(),
            "ends_at": (past + timedelta(hours=1)).isoformat(),
        }
    before = _snapshot()

    response = staff_api.post(
        "/api/events/", {**body, **overrides}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert field in response.json()
    if message:
        assert response.json()[field] == [message]
    assert _snapshot() == before


def test_registration_takes_seats_then_the_waiting_list(event):
    people = [factories.UserFactory() for _ in range(3)]

    answers = [
        client_for(p).post(f"/api/events/{event.pk}/registration/", {}, format="json")
        for p in people
    ]

    assert [a.status_code for a in answers] == [201, 201, 201]
    assert [a.json()["status"] for a in answers] == ["registered", "registered", "waiting"]
    event.refresh_from_db()
    assert (event.registered_count, event.waiting_count, event.seats_left) == (2, 1, 0)
    seats = LogEvent.objects.filter(type="event.seats_changed").latest("id")
    assert seats.stream == f"event:{event.pk}"
    assert seats.data == {
        "id": event.pk,
        "capacity": 2,
        "registered_count": 2,
        "waiting_count": 1,
        "seats_left": 0,
        "status": "scheduled",
    }


def test_a_cancelled_seat_goes_to_the_first_person_waiting_who_gets_a_mail(event):
    first, second, waiting, later = (factories.UserFactory() for _ in range(4))
    for person in (first, second, waiting, later):
        services.registration_create(user=person, event=event)

    response = client_for(first).delete(f"/api/events/{event.pk}/registration/")

    assert response.status_code == 204
    statuses = dict(Registration.objects.filter(event=event).values_list("user_id", "status"))
    assert statuses == {second.pk: "registered", waiting.pk: "registered", later.pk: "waiting"}
    event.refresh_from_db()
    assert (event.registered_count, event.waiting_count) == (2, 1)
    assert list(Mail.objects.values_list("to", flat=True)) == [waiting.email]


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("registered", "You are already registered for this event."),
        ("cancelled", "This event was cancelled."),
        ("started", "The event has already started: registration is closed."),
    ],
)
def test_a_registration_that_cannot_be_is_a_409_and_nothing_changes(event, user, state, message):
    if state == "registered":
        services.registration_create(user=user, event=event)
    elif state == "cancelled":
        Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    else:
        Event.objects.filter(pk=event.pk).update(
            starts_at=timezone.now() - timedelta(minutes=5),
            ends_at=timezone.now() + timedelta(hours=1),
        )
    before = _snapshot()

    response = client_for(user).post(
        f"/api/events/{event.pk}/registration/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 409
    assert response.json() == {"detail": message}
    assert _snapshot() == before


def test_fewer_seats_than_registered_people_is_a_409(event, staff_api):
    for _ in range(2):
        services.registration_create(user=factories.UserFactory(), event=event)
    before = _snapshot()

    response = staff_api.patch(
        f"/api/events/{event.pk}/", {"capacity": 1}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "2 people are registered: the event cannot have fewer seats."
    }
    assert _snapshot() == before
    event.refresh_from_db()
    assert event.capacity == 2


def test_more_seats_move_people_up_from_the_waiting_list(event, staff_api):
    people = [factories.UserFactory() for _ in range(3)]
    for person in people:
        services.registration_create(user=person, event=event)

    response = staff_api.patch(f"/api/events/{event.pk}/", {"capacity": 5}, format="json")

    assert response.status_code == 200
    assert (response.json()["registered_count"], response.json()["waiting_count"]) == (3, 0)
    assert list(Mail.objects.values_list("to", flat=True)) == [people[2].email]


def test_cancelling_an_event_mails_everyone_registered_or_waiting(event, organiser_admin):
    people = [factories.UserFactory() for _ in range(3)]
    for person in people:
        services.registration_create(user=person, event=event)

    response = client_for(organiser_admin).post(f"/api/events/{event.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert sorted(Mail.objects.values_list("to", flat=True)) == sorted(p.email for p in people)
    assert LogEvent.objects.filter(type="event.cancelled").count() == 2


def test_cancelling_twice_is_a_409_and_mails_nobody_again(event, staff_api):
    services.registration_create(user=factories.UserFactory(), event=event)
    staff_api.post(f"/api/events/{event.pk}/cancel/")
    before = _snapshot()

    response = staff_api.post(f"/api/events/{event.pk}/cancel/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 409
    assert response.json() == {"detail": "This event is already cancelled."}
    assert _snapshot() == before


def test_the_online_link_is_shown_only_to_people_with_a_seat(organiser, staff, user):
    event = factories.EventFactory(
        organiser=organiser,
        created_by=staff,
        capacity=1,
        place=Event.Place.ONLINE,
        online_url="https://meet.example.org/oic-42",
    )
    waiting = factories.UserFactory()
    services.registration_create(user=user, event=event)
    services.registration_create(user=waiting, event=event)
    url = f"/api/events/{event.pk}/"

    assert client_for(user).get(url).json()["online_url"] == "https://meet.example.org/oic-42"
    assert client_for(waiting).get(url).json()["online_url"] == ""
    assert client_for(factories.UserFactory()).get(url).json()["online_url"] == ""
    anonymous = client_for(None)
    anonymous.force_authenticate(None)
    assert anonymous.get(url).json()["online_url"] == ""
    assert "meet.example.org" not in str(LogEvent.objects.values_list("data", flat=True))


def test_the_attendee_list_shows_names_and_sectors_and_emails_only_with_consent(
    event, organiser_admin
):
    shares = factories.UserFactory(display_name="Ada", sector="research")
    keeps = factories.UserFactory(display_name="Ben", sector="business")
    services.registration_create(user=shares, event=event, share_email=True)
    services.registration_create(user=keeps, event=event)

    response = client_for(organiser_admin).get(f"/api/events/{event.pk}/attendees/")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": shares.pk,
            "display_name": "Ada",
            "sector": "research",
            "status": "registered",
            "email": shares.email,
        },
        {
            "id": keeps.pk,
            "display_name": "Ben",
            "sector": "business",
            "status": "registered",
            "email": None,
        },
    ]


def test_attendees_are_for_the_organiser_only(event, user):
    assert client_for(user).get(f"/api/events/{event.pk}/attendees/").status_code == 403


def test_the_event_list_query_count_does_not_grow_with_events(
    organiser, staff, user, django_assert_num_queries
):
    topic = factories_topic()
    for _ in range(3):
        made = factories.EventFactory(organiser=organiser, created_by=staff)
        made.topics.add(topic)
        services.registration_create(user=user, event=made)
    client = client_for(user)
    # page count, page, topics, challenges, ideas, the reader's registrations
    with django_assert_num_queries(6):
        first = client.get("/api/events/")
    for _ in range(10):
        factories.EventFactory(organiser=organiser, created_by=staff).topics.add(topic)
    with django_assert_num_queries(6):
        second = client.get("/api/events/")
    assert first.json()["count"] == 3
    assert second.json()["count"] == 13
    assert first.json()["results"][0]["my_registration"] == "registered"


def test_an_unknown_list_filter_value_is_a_400(api):
    response = api.get("/api/events/", {"when": "someday"})
    assert response.status_code == 400
    assert response.json() == {"when": ["Use one of: upcoming, past, all."]}


def factories_topic():
    from accounts.models import Topic

    return Topic.objects.get_or_create(
        slug="green-city", defaults={"name_de": "Grüne Stadt", "name_en": "Green City"}
    )[0]


def test_topics_and_ideas_are_changed_by_patch_and_ideas_still_after_the_event(
    organiser, staff, staff_api, idea
):
    topic = factories_topic()
    upcoming = factories.EventFactory(organiser=organiser, created_by=staff)
    past = factories.EventFactory(
        organiser=organiser,
        created_by=staff,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )

    changed = staff_api.patch(
        f"/api/events/{upcoming.pk}/", {"topics": ["green-city"], "ideas": [idea.pk]}, format="json"
    )
    written = staff_api.patch(
        f"/api/events/{past.pk}/", {"ideas": [idea.pk], "results": "Ein Prototyp."}, format="json"
    )
    refused = staff_api.patch(f"/api/events/{past.pk}/", {"topics": ["green-city"]}, format="json")
    unknown = staff_api.patch(f"/api/events/{upcoming.pk}/", {"ideas": [2**31 - 1]}, format="json")

    assert changed.status_code == 200
    assert [t["slug"] for t in changed.json()["topics"]] == ["green-city"]
    assert changed.json()["ideas"] == [idea.pk]
    assert written.status_code == 200
    assert written.json()["ideas"] == [idea.pk]
    assert refused.status_code == 409
    assert list(past.topics.all()) == []
    assert unknown.status_code == 400
    assert list(upcoming.topics.all()) == [topic]
