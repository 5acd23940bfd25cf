"""Seed for the event and directory browser tests (run in the server's database by
`manage.py shell -c`, like tests/browser/seed.py): an upcoming online event with one seat
taken by a registered person, a past one with results, and actors in the directory."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

from accounts.models import Organisation, Sector
from accounts.services import organisation_create, user_update_profile
from ideas.gatherings.models import Event
from ideas.gatherings.services import event_create, registration_create
from tests.browser.seed import make_user, person


def events() -> dict:
    staff = make_user("Open Innovation Office", Sector.ADMINISTRATION, staff=True)
    attendee = make_user("Aylin Teilnehmerin", Sector.RESEARCH)
    other = make_user("Ben Besucher", Sector.BUSINESS)
    user_update_profile(user=attendee, listed_in_directory=True, offers=["expertise", "data"])
    office = organisation_create(
        actor=staff,
        name=f"Digitalisierungsbüro {timezone.now().timestamp():.0f}",
        kind=Organisation.Kind.CITY_DEPARTMENT,
        description="Das Open Innovation Office der Stadt.",
    )
    start = timezone.now() + timedelta(days=5)
    upcoming = event_create(
        actor=staff,
        organiser=office,
        title="Open Data Meet-up: Radverkehr in Zahlen",
        description="Wir schauen gemeinsam auf die Zähldaten der Radwege.",
        kind=Event.Kind.MEETUP,
        place=Event.Place.ONLINE,
        online_url="https://meet.example.org/oic-radverkehr",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=12,
    )
    registration_create(user=attendee, event=upcoming, share_email=True)
    return {
        "event": upcoming.pk,
        "attendee": person(attendee),
        "other": person(other),
        "staff": person(staff),
    }


def main() -> None:
    print("SEED-RESULT " + json.dumps(events()))
