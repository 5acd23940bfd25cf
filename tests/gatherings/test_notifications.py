"""Followers hear of a new event where they follow (challenge, topic, organisation, idea),
once, never its creator; people registered or waiting hear in the app of a cancellation (the
mail is the service's own, so that kind is never mailed again)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from accounts.models import Topic
from ideas.gatherings import services
from ideas.gatherings.models import Event
from notifications import registry
from notifications import services as notification_services
from notifications.models import Notification
from notifications.output import notification_text
from tests import factories
from tests.notifications.conftest import derive

pytestmark = pytest.mark.django_db


def fan(name: str):
    return factories.UserFactory(display_name=name, language="en")


def notified() -> list[tuple[str, str, str]]:
    rows = Notification.objects.select_related("recipient").order_by("recipient__display_name")
    return [(n.recipient.display_name, n.kind, notification_text(n.kind, n.data)) for n in rows]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.TIME_ZONE = "Europe/Berlin"


def announce(actor, organiser, **links) -> Event:
    starts = timezone.make_aware(timezone.datetime(2031, 3, 30, 18, 30))  # after the DST change
    return services.event_create(
        actor=actor,
        organiser=organiser,
        title="Open Data Abend",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=20,
        **links,
    )


def test_followers_of_its_places_and_topics_hear_of_a_new_event_once(staff, organiser):
    topic = Topic.objects.create(slug="open-data", name_de="Offene Daten", name_en="Open Data")
    challenge = factories.ChallengeFactory(created_by=staff, title="Green City")
    idea = factories.IdeaFactory(challenge=challenge)
    fans = {
        "organisation": (fan("Fan of the organiser"), organiser.pk),
        "challenge": (fan("Fan of the challenge"), challenge.pk),
        "idea": (fan("Fan of the idea"), idea.pk),
        "topic": (fan("Fan of the topic"), topic.pk),
    }
    everything = fan("Fan of all")
    for kind, (person, pk) in fans.items():
        notification_services.follow_set(person=person, kind=kind, target_id=pk)
        notification_services.follow_set(person=everything, kind=kind, target_id=pk)
    # The creator follows the organiser too, and is still not told of their own event.
    notification_services.follow_set(person=staff, kind="organisation", target_id=organiser.pk)
    fan("Follows nothing")

    event = announce(staff, organiser, topics=[topic], challenges=[challenge], ideas=[idea])
    derive()

    text = "New event: “Open Data Abend” on 30/03/2031 18:30"
    expected = [(person.display_name, "new_event", text) for person, _pk in fans.values()]
    assert notified() == sorted([*expected, ("Fan of all", "new_event", text)])
    assert set(Notification.objects.values_list("subject_kind", "subject_id")) == {
        ("event", event.pk)
    }
    with translation.override("de"):
        german = notification_text("new_event", Notification.objects.first().data)
    assert german == "Neue Veranstaltung: „Open Data Abend“ am 30.03.2031 18:30"


def test_a_cancellation_tells_those_registered_and_waiting_in_the_app_only(staff, organiser):
    event = factories.EventFactory(organiser=organiser, created_by=staff, capacity=1)
    seated, waiting = fan("Seated"), fan("Waiting")
    for person in (seated, waiting):
        services.registration_create(user=person, event=event)
    fan("Not registered")

    services.event_cancel(actor=staff, event=event)
    derive()

    assert [(name, kind) for name, kind, _text in notified()] == [
        ("Seated", "event_cancelled"),
        ("Waiting", "event_cancelled"),
    ]
    assert notified()[0][2].startswith(f"The event “{event.title}” on ")
    assert not registry.kind("event_cancelled").mailed
    assert "event_cancelled" not in [kind.key for kind in registry.mailed_kinds()]
