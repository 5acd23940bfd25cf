"""Seed for the working-group browser tests (run in the server's database by
`manage.py shell -c`, like tests/browser/seed.py): a group taking members by request, with its
convenor, a member, a pending request with a message and an upcoming meeting it organises."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

from accounts.models import Organisation, Sector, Topic
from accounts.services import membership_add, membership_request_create, organisation_create
from ideas.gatherings.models import Event
from ideas.gatherings.services import event_create
from tests.browser.seed import make_user, person


def groups() -> dict:
    staff = make_user("Open Innovation Office", Sector.ADMINISTRATION, staff=True)
    convenor = make_user("Lena Sprecherin", Sector.CIVIL_SOCIETY)
    member = make_user("Sven Verwaltung", Sector.ADMINISTRATION)
    asker = make_user("Aylin Anfrage", Sector.CITIZEN)
    group = organisation_create(
        actor=convenor,
        name=f"AG Beteiligungsleitlinien {timezone.now().timestamp():.0f}",
        kind=Organisation.Kind.WORKING_GROUP,
        joining=Organisation.Joining.REQUEST,
        description="Verwaltung, Politik und Zivilgesellschaft schreiben gemeinsam Leitlinien "
        "für gute Bürgerbeteiligung.",
        topics=list(Topic.objects.filter(slug__in=["digital-administration"])),
        offers=["cocreators"],
    )
    membership_add(actor=convenor, organisation=group, user=member)
    membership_request_create(
        user=asker, organisation=group, message="Ich würde gern mitschreiben."
    )
    start = timezone.now() + timedelta(days=6)
    event_create(
        actor=staff,
        organiser=group,
        title="AG Beteiligungsleitlinien: Entwurf lesen",
        description="Wir lesen den Entwurf gemeinsam.",
        kind=Event.Kind.GROUP_MEETING,
        place=Event.Place.OFFICE,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=15,
    )
    return {
        "slug": group.slug,
        "convenor": person(convenor),
        "asker": person(asker),
        "visitor": person(make_user("Ben Besucher", Sector.BUSINESS)),
    }


def main() -> None:
    print("SEED-RESULT " + json.dumps(groups()))
