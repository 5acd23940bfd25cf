"""Seed data for the browser tests, run inside the server's database by
`manage.py shell -c` (see conftest.run_in_server_db). Writes go through the services, so the
outbox holds the same events a real person's actions would have produced."""

from __future__ import annotations

import itertools
import json
import time
from datetime import timedelta

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from accounts.models import CITY_STAFF_GROUP, Organisation, Sector, User
from accounts.services import organisation_create
from challenges.models import Challenge
from challenges.services import challenge_create
from ideas.services import comment_post, idea_submit

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count()


def _unique() -> str:
    return f"{int(time.time() * 1000)}-{next(_counter)}"


def _free_name(base: str) -> str:
    """Organisation names are unique; every seed after the first gets a number."""
    taken = Organisation.objects.filter(name__startswith=base).count()
    return base if taken == 0 else f"{base} {taken + 1}"


def make_user(
    name: str, sector: str = Sector.CITIZEN, *, staff: bool = False, unconfirmed: bool = False
) -> User:
    user = User.objects.create_user(
        email=f"{name.lower().replace(' ', '.')}.{_unique()}@example.org",
        password=PASSWORD,
        display_name=name,
        sector=sector,
        email_confirmed_at=None if unconfirmed else timezone.now(),
    )
    if staff:
        user.groups.add(Group.objects.get(name=CITY_STAFF_GROUP))
    return user


def session_for(user: User) -> str:
    """A signed-in session, as Django's login() would store it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def person(user: User) -> dict:
    return {
        "id": user.pk,
        "email": user.email,
        "password": PASSWORD,
        "name": user.display_name,
        "session": session_for(user),
    }


def open_challenge(staff: User, **texts: str) -> Challenge:
    """A challenge open since yesterday, taking ideas for 30 more days."""
    now = timezone.now()
    return challenge_create(
        actor=staff,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        status=Challenge.Status.OPEN,
        **texts,
    )


def scenario(ideas: int = 1, comments: int = 1, empty_challenge: bool = False) -> dict:
    """A city staff member, an open challenge with ideas by one person, a comment, and two
    more people (a viewer and a commenter) ready to act; optionally a second open challenge
    nobody has answered yet."""
    staff = make_user("Stadt Bielefeld", Sector.ADMINISTRATION, staff=True)
    author = make_user("Ada Autorin", Sector.RESEARCH)
    commenter = make_user("Karl Kommentar", Sector.BUSINESS)
    viewer = make_user("Vera Leserin", Sector.CIVIL_SOCIETY)
    challenge = open_challenge(
        staff,
        title="Grüne Innenstadt",
        summary="Wie wird der Jahnplatz grüner und kühler?",
        description="Wir suchen **Ideen** für mehr Grün in der Innenstadt.",
    )
    made = [
        idea_submit(
            author=author,
            challenge=challenge,
            title=f"Bäume für den Jahnplatz {n + 1}",
            summary="Mehr Schatten durch Stadtbäume in großen Pflanzkübeln.",
            description="Bäume spenden *Schatten* und kühlen die Luft.",
        )
        for n in range(ideas)
    ]
    posted = [
        comment_post(author=commenter, idea=made[0], body=f"Gute Idee, Nummer {n + 1}!")
        for n in range(comments)
    ]
    organisation = organisation_create(
        actor=author,
        name=_free_name("Urbanes Grün e. V."),
        kind=Organisation.Kind.ASSOCIATION,
        description="Wir pflanzen Bäume in Bielefeld.",
    )
    empty = None
    if empty_challenge:
        empty = open_challenge(
            staff,
            title="Leiser Ostpark",
            summary="Wie wird der Ostpark ruhiger?",
            description="Noch ganz am Anfang.",
        ).pk
    return {
        "empty_challenge": empty,
        "comments": [c.pk for c in posted],
        "organisation": organisation.slug,
        "challenge": challenge.pk,
        "ideas": [idea.pk for idea in made],
        "idea": made[0].pk,
        "staff": person(staff),
        "author": person(author),
        "commenter": person(commenter),
        "viewer": person(viewer),
        # Signed up, address not confirmed yet: sees the banner with "send the link again".
        "newcomer": person(make_user("Nina Neu", unconfirmed=True)),
    }


def moderation() -> dict:
    """Moderation (issue 13): an idea with a comment by its author, three people who will
    report the comment, and two moderators appointed by city staff."""
    from moderation.services import moderator_appoint

    staff = make_user("Stadt Bielefeld", Sector.ADMINISTRATION, staff=True)
    author = make_user("Ada Autorin", Sector.RESEARCH)
    challenge = open_challenge(
        staff, title="Ruhige Innenstadt", summary="Wie wird es leiser?", description="Ideen."
    )
    idea = idea_submit(
        author=author,
        challenge=challenge,
        title="Tempo 30 am Jahnplatz",
        summary="Weniger Lärm durch langsameren Verkehr.",
    )
    comment = comment_post(author=author, idea=idea, body="Ein strittiger Kommentar")
    moderators = [make_user(name) for name in ("Mona Moderatorin", "Max Moderator")]
    for moderator in moderators:
        moderator_appoint(actor=staff, user=moderator)
    return {
        "idea": idea.pk,
        "comment": comment.pk,
        "author": person(author),
        "staff": person(staff),
        "reporters": [person(make_user(f"Melder {n}")) for n in range(3)],
        "moderators": [person(m) for m in moderators],
    }


def main(name: str, **kwargs) -> None:
    result = {"scenario": scenario, "moderation": moderation}[name](**kwargs)
    print("SEED-RESULT " + json.dumps(result))
