"""iCalendar: one event's .ics, the feed of a topic and a person's secret "my events" feed,
each parsed back with the icalendar library; times across the daylight-saving change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar

from accounts.models import Topic
from ideas.gatherings import services
from ideas.gatherings.models import Event
from tests import factories

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def _parse(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return [c for c in calendar.walk("VEVENT")]


def test_an_event_as_ics_parses_back_with_its_facts(client, organiser, staff, settings):
    settings.SITE_URL = "https://oic.example.org"
    start = datetime(2030, 3, 12, 18, 0, tzinfo=BERLIN)
    event = factories.EventFactory(
        title="Hackathon Mobilität",
        organiser=organiser,
        created_by=staff,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )

    [vevent] = _parse(client.get(f"/events/{event.pk}/event.ics"))

    assert str(vevent["summary"]) == "Hackathon Mobilität"
    assert vevent.decoded("dtstart") == datetime(2030, 3, 12, 17, 0, tzinfo=UTC)
    assert vevent.decoded("dtend") == datetime(2030, 3, 12, 20, 0, tzinfo=UTC)
    assert str(vevent["uid"]) == f"event-{event.pk}@oic.example.org"
    assert str(vevent["url"]) == f"https://oic.example.org/events/{event.pk}/"
    assert str(vevent["location"]) == settings.OIC_BRAND["office_address"]
    assert str(vevent["status"]) == "CONFIRMED"


def test_berlin_times_either_side_of_the_daylight_saving_change(client, organiser, staff):
    # Summer time ends on 31 October 2027 at 03:00 CEST: 10:00 in Berlin is 08:00 UTC on the
    # Saturday before and 09:00 UTC on the Monday after.
    saturday = datetime(2027, 10, 30, 10, 0, tzinfo=BERLIN)
    monday = datetime(2027, 11, 1, 10, 0, tzinfo=BERLIN)
    for start in (saturday, monday):
        factories.EventFactory(
            organiser=organiser,
            created_by=staff,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        ).topics.add(_topic())

    vevents = _parse(client.get("/events/topics/green-city.ics"))

    starts = sorted(v.decoded("dtstart") for v in vevents)
    assert starts == [
        datetime(2027, 10, 30, 8, 0, tzinfo=UTC),
        datetime(2027, 11, 1, 9, 0, tzinfo=UTC),
    ]
    assert [s.astimezone(BERLIN).hour for s in starts] == [10, 10]


def test_an_event_entered_in_berlin_time_keeps_its_wall_clock_across_the_change(
    staff_api, organiser
):
    # Entered as local times without an offset: the API reads them in Europe/Berlin.
    response = staff_api.post(
        "/api/events/",
        {
            "title": "Herbst-Workshop",
            "starts_at": "2027-11-01T10:00:00",
            "ends_at": "2027-11-01T12:00:00",
            "capacity": 10,
            "organiser": organiser.pk,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["starts_at"] == "2027-11-01T10:00:00+01:00"
    event = Event.objects.get()
    assert event.starts_at == datetime(2027, 11, 1, 9, 0, tzinfo=UTC)


def test_the_topic_feed_holds_only_that_topics_events_and_marks_cancellations(
    client, organiser, staff
):
    green = factories.EventFactory(title="Grün", organiser=organiser, created_by=staff)
    green.topics.add(_topic())
    factories.EventFactory(title="Anderes Thema", organiser=organiser, created_by=staff)
    services.event_cancel(actor=staff, event=green)

    [vevent] = _parse(client.get("/events/topics/green-city.ics"))

    assert str(vevent["summary"]) == "Grün"
    assert str(vevent["status"]) == "CANCELLED"


def test_an_unknown_topic_feed_is_a_404(client):
    assert client.get("/events/topics/nope.ics").status_code == 404


def test_my_events_feed_works_by_its_secret_address_until_renewed(organiser, staff, user):
    mine = factories.EventFactory(
        title="Meins",
        organiser=organiser,
        created_by=staff,
        place=Event.Place.ONLINE,
        online_url="https://meet.example.org/meins",
    )
    factories.EventFactory(title="Nicht meins", organiser=organiser, created_by=staff)
    services.registration_create(user=user, event=mine)
    browser = Client()
    browser.force_login(user)
    browser.post("/events/calendar/")
    old_key = user.calendar_key.key
    anonymous = Client()  # a calendar program: no session

    [vevent] = _parse(anonymous.get(f"/events/calendar/{old_key}.ics"))
    assert str(vevent["summary"]) == "Meins"
    assert "https://meet.example.org/meins" in str(vevent["description"])

    browser.post("/events/calendar/")
    user.calendar_key.refresh_from_db()
    assert user.calendar_key.key != old_key
    assert anonymous.get(f"/events/calendar/{old_key}.ics").status_code == 404
    assert anonymous.get(f"/events/calendar/{user.calendar_key.key}.ics").status_code == 200


def test_the_public_ics_carries_no_online_link(client, organiser, staff):
    event = factories.EventFactory(
        organiser=organiser,
        created_by=staff,
        place=Event.Place.ONLINE,
        online_url="https://meet.example.org/geheim",
    )
    [vevent] = _parse(client.get(f"/events/{event.pk}/event.ics"))
    assert "geheim" not in str(vevent["description"])
    assert str(vevent["location"]) == "Online"


def _topic() -> Topic:
    return Topic.objects.get_or_create(
        slug="green-city", defaults={"name_de": "Grüne Stadt", "name_en": "Green City"}
    )[0]
