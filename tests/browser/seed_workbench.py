"""Seed of the workbench's browser tests (run in the server's database like seed.py): a
challenge with three ideas, a jury of one outside expert given all three, two criteria, an
idea waiting in the inbox, and a closed challenge whose result and charts are public."""

from __future__ import annotations

import json

from accounts.models import Organisation, Sector
from accounts.services import organisation_create
from challenges.models import Challenge
from challenges.services import challenge_set_status
from ideas.evaluation import services as evaluation
from ideas.services import comment_post, idea_set_status, idea_submit
from tests.browser.seed import _free_name, make_user, open_challenge, person


def seed() -> dict:
    staff = make_user("Stadt Bielefeld", Sector.ADMINISTRATION, staff=True)
    expert = make_user("Eva Expertin", Sector.RESEARCH)
    authors = [
        make_user("Ada Autorin", Sector.CITIZEN),
        make_user("Bernd Betrieb", Sector.BUSINESS),
        make_user("Vera Verein", Sector.CIVIL_SOCIETY),
    ]
    organisation_create(
        actor=staff, name=_free_name("Umweltamt"), kind=Organisation.Kind.CITY_DEPARTMENT
    )
    challenge = open_challenge(
        staff,
        title="Kühle Plätze",
        summary="Wie bleiben Bielefelds Plätze im Sommer kühl?",
        description="Wir suchen **Ideen** gegen die Hitze.",
    )
    ideas = [
        idea_submit(
            author=author,
            challenge=challenge,
            title=title,
            summary="Ein Vorschlag für mehr Schatten und Kühle im Sommer.",
        )
        for author, title in zip(
            authors, ("Sonnensegel am Jahnplatz", "Trinkbrunnen", "Wasserspiel"), strict=True
        )
    ]
    idea_set_status(actor=staff, idea=ideas[1], status="under_review", response="Wir prüfen.")
    comment_post(author=authors[0], idea=ideas[1], body="Gibt es schon Neuigkeiten?")
    for name, weight in (("Wirkung", 3), ("Machbarkeit", 2)):
        evaluation.criterion_add(actor=staff, challenge=challenge, name=name, weight=weight)
    evaluation.juror_add(actor=staff, challenge=challenge, user=expert, ideas=ideas)

    decided = open_challenge(
        staff,
        title="Leiser Ostpark",
        summary="Wie wird der Ostpark ruhiger?",
        description="Abgeschlossen.",
    )
    done = idea_submit(
        author=authors[2],
        challenge=decided,
        title="Ruhezonen im Ostpark",
        summary="Markierte Ruhezonen ohne Musikboxen am Wochenende.",
    )
    evaluation.evaluation_publish(
        actor=staff, challenge=decided, ideas=[done], statement="Die Jury empfiehlt die Ruhezonen."
    )
    challenge_set_status(actor=staff, challenge=decided, status=Challenge.Status.EVALUATION)
    return {
        "challenge": challenge.pk,
        "ideas": [idea.pk for idea in ideas],
        "decided": decided.pk,
        "staff": person(staff),
        "expert": person(expert),
        "viewer": person(make_user("Vera Leserin", Sector.CITIZEN)),
    }


def main() -> None:
    print("SEED-RESULT " + json.dumps(seed()))
