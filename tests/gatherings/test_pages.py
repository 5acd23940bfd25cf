"""The event pages of the site: the list with its filters and query count, one event with
registration in both languages, the organiser's CSV, and upcoming events on other pages."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Topic
from ideas.gatherings import services
from ideas.gatherings.models import Registration
from tests import factories

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_event_list_in_german_and_english(event):
    de = Client().get("/events/").content.decode()
    en = Client(headers={"accept-language": "en"}).get("/events/").content.decode()

    assert "<h1>Veranstaltungen</h1>" in de
    assert "2 Plätze frei" in de
    assert f'data-streams="feed event:{event.pk}"' in de
    assert "<h1>Events</h1>" in en
    assert "2 seats left" in en


def test_the_event_list_query_count_does_not_grow_with_events(
    organiser, staff, user, django_assert_num_queries
):
    topic = Topic.objects.get_or_create(slug="green-city", defaults={"name_de": "Grün"})[0]
    client = _signed_in(user)
    for _ in range(2):
        factories.EventFactory(organiser=organiser, created_by=staff).topics.add(topic)
    # session, user, topics, page count, page, event topics/challenges/ideas, my registrations,
    # my calendar key, the menu's city-staff check, whether I may announce events, the bell's
    # unread count
    with django_assert_num_queries(13):
        client.get("/events/")
    for _ in range(10):
        services.registration_create(
            user=user,
            event=factories.EventFactory(organiser=organiser, created_by=staff),
        )
    with django_assert_num_queries(13):
        response = client.get("/events/", {"topic": "green-city"})
    assert response.content.decode().count('class="card event-card"') == 2


def test_past_events_keep_their_results(organiser, staff, idea):
    past = factories.EventFactory(
        title="Hackathon 2025",
        organiser=organiser,
        created_by=staff,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=29),
        results="Drei Teams, zwei Prototypen.",
    )
    past.ideas.add(idea)

    listing = Client().get("/events/", {"when": "past"}).content.decode()
    page = Client().get(f"/events/{past.pk}/").content.decode()

    assert "Hackathon 2025" in listing
    assert "Drei Teams, zwei Prototypen." in page
    assert f'href="/ideas/{idea.pk}/"' in page


def test_registering_on_the_page_and_being_told_of_the_waiting_list(organiser, staff):
    event = factories.EventFactory(organiser=organiser, created_by=staff, capacity=1)
    first, second = factories.UserFactory(), factories.UserFactory()

    _signed_in(first).post(f"/events/{event.pk}/register/", {"share_email": "on"})
    response = _signed_in(second).post(f"/events/{event.pk}/register/", follow=True)

    assert "Die Veranstaltung ist voll: Du stehst auf der Warteliste." in response.content.decode()
    assert Registration.objects.get(user=first).share_email is True
    assert Registration.objects.get(user=second).status == "waiting"


def test_a_refused_registration_on_the_page_shows_the_reason_and_changes_nothing(event, user):
    services.event_cancel(actor=event.created_by, event=event)

    response = _signed_in(user).post(f"/events/{event.pk}/register/", follow=True)

    assert "Diese Veranstaltung wurde abgesagt." in response.content.decode()
    assert not Registration.objects.exists()


def test_the_attendee_csv_has_names_and_sectors_and_emails_only_with_consent(
    event, organiser_admin
):
    ada = factories.UserFactory(display_name="=Ada", sector="research", email="ada@example.org")
    ben = factories.UserFactory(display_name="Ben", sector="business", email="ben@example.org")
    services.registration_create(user=ada, event=event, share_email=True)
    services.registration_create(user=ben, event=event)

    response = _signed_in(organiser_admin).get(f"/events/{event.pk}/attendees.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Name", "Sektor", "Status", "E-Mail"],
        ["'=Ada", "Wissenschaft", "Angemeldet", "ada@example.org"],
        ["Ben", "Wirtschaft", "Angemeldet", ""],
    ]


def test_the_attendee_csv_is_for_the_organiser_only(event, user):
    assert _signed_in(user).get(f"/events/{event.pk}/attendees.csv").status_code == 403


def test_upcoming_events_show_on_the_home_page_and_on_linked_challenges_and_ideas(
    event, open_challenge, idea
):
    event.challenges.add(open_challenge)
    event.ideas.add(idea)
    for path in ("/", f"/challenges/{open_challenge.pk}/", f"/ideas/{idea.pk}/"):
        html = Client().get(path).content.decode()
        assert f'href="/events/{event.pk}/"' in html, path
    other = factories.ChallengeFactory(created_by=open_challenge.created_by)
    assert (
        f'href="/events/{event.pk}/"'
        not in Client().get(f"/challenges/{other.pk}/").content.decode()
    )


def _form(organiser, **overrides) -> dict:
    start = timezone.localtime() + timedelta(days=4)
    return {
        "title": "Workshop Offene Daten",
        "kind": "workshop",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "office",
        "capacity": "15",
        "organiser": organiser.pk,
        **overrides,
    }


def test_an_organisation_admin_announces_an_event_on_the_site(organiser, organiser_admin):
    response = _signed_in(organiser_admin).post("/events/new/", _form(organiser))

    event = organiser.events.get()
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.pk}/"
    assert (event.title, event.capacity, event.kind) == ("Workshop Offene Daten", 15, "workshop")


def test_an_event_starting_in_the_past_is_refused_on_the_site_with_the_reason(
    organiser, organiser_admin
):
    past = timezone.localtime() - timedelta(days=1)
    response = _signed_in(organiser_admin).post(
        "/events/new/",
        _form(
            organiser,
            starts_at=past.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(past + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        ),
    )

    assert response.status_code == 400
    assert (
        "Die Veranstaltung kann nicht in der Vergangenheit beginnen." in response.content.decode()
    )
    assert not organiser.events.exists()


def test_people_who_administer_no_organisation_may_not_announce(user):
    assert _signed_in(user).get("/events/new/").status_code == 403


def test_the_organiser_edits_an_event_on_the_site_and_its_seats_stay(
    organiser, organiser_admin, user
):
    topic = Topic.objects.get_or_create(slug="green-city", defaults={"name_de": "Grün"})[0]
    event = factories.EventFactory(organiser=organiser, created_by=organiser_admin, capacity=3)
    services.registration_create(user=user, event=event)
    client = _signed_in(organiser_admin)

    form = client.get(f"/events/{event.pk}/edit/")
    saved = client.post(
        f"/events/{event.pk}/edit/",
        {**_form(organiser, title="Workshop Radwege", capacity="5"), "topics": [topic.pk]},
    )

    assert form.status_code == 200
    assert f'value="{event.title}"' in form.content.decode()
    assert saved.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.capacity, event.registered_count) == ("Workshop Radwege", 5, 1)
    assert list(event.topics.all()) == [topic]
    assert event.organiser == organiser
    detail = client.get(f"/events/{event.pk}/").content.decode()
    assert f'href="/events/{event.pk}/edit/"' in detail


def test_fewer_seats_than_registered_is_refused_on_the_edit_page_and_nothing_changes(
    organiser, organiser_admin, user, other_user
):
    event = factories.EventFactory(organiser=organiser, created_by=organiser_admin, capacity=3)
    for person in (user, other_user):
        services.registration_create(user=person, event=event)

    response = _signed_in(organiser_admin).post(
        f"/events/{event.pk}/edit/", _form(organiser, title="Neu", capacity="1")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "2 Personen sind angemeldet" in page
    assert 'value="Neu"' in page  # what was typed is kept
    event.refresh_from_db()
    assert (event.title, event.capacity) != ("Neu", 1)


def test_after_the_event_only_its_results_and_ideas_are_written(organiser, staff, idea):
    past = factories.EventFactory(
        organiser=organiser,
        created_by=staff,
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=3),
    )
    client = _signed_in(staff)

    form = client.get(f"/events/{past.pk}/edit/").content.decode()
    bad = client.post(f"/events/{past.pk}/edit/", {"results": "x", "idea_numbers": "12a, 999999"})
    missing = client.post(f"/events/{past.pk}/edit/", {"results": "x", "idea_numbers": "999999"})
    saved = client.post(
        f"/events/{past.pk}/edit/",
        {"results": "Zwei Prototypen.", "idea_numbers": f"#{idea.pk}, {idea.pk}"},
    )

    assert 'name="title"' not in form
    assert 'name="results"' in form
    assert bad.status_code == 400
    assert "„12a“ ist keine Ideennummer." in bad.content.decode()
    assert missing.status_code == 400
    assert "Es gibt keine Idee mit der Nummer 999999." in missing.content.decode()
    past.refresh_from_db()
    assert saved.status_code == 302
    assert past.results == "Zwei Prototypen."
    assert list(past.ideas.all()) == [idea]


def test_only_the_organiser_and_staff_may_edit_an_event(event, user, organiser_admin):
    anonymous = Client().get(f"/events/{event.pk}/edit/")
    citizen = _signed_in(user).post(f"/events/{event.pk}/edit/", {"title": "Gekapert"})

    assert anonymous.status_code == 302  # to the sign-in page
    assert citizen.status_code == 403
    event.refresh_from_db()
    assert event.title != "Gekapert"
    assert _signed_in(organiser_admin).get(f"/events/{event.pk}/edit/").status_code == 200
