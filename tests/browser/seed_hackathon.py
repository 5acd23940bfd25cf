"""Seed for the hackathon browser test (run in the server's database by `manage.py shell -c`,
like tests/browser/seed.py): an open hackathon challenge with two teams of mixed sectors, one
of them with a submitted result and a request waiting for its lead, and a newcomer."""

from __future__ import annotations

import json

from accounts.models import Sector
from ideas.gatherings import services
from ideas.services import idea_submit
from tests.browser.seed import make_user, open_challenge, person


def hackathon() -> dict:
    staff = make_user("Open Innovation Office", Sector.ADMINISTRATION, staff=True)
    challenge = open_challenge(
        staff,
        title="Hackathon Mobilität 2026",
        summary="Ein Wochenende, gemischte Teams: Prototypen für besseres Pendeln.",
        description="Bildet **Teams** um eine Idee und reicht euer Ergebnis ein.",
    )
    services.hackathon_configure(actor=staff, challenge=challenge, team_size_min=2, team_size_max=4)
    lead = make_user("Mehmet Yılmaz", Sector.BUSINESS)
    researcher = make_user("Katrin Wolf", Sector.RESEARCH)
    citizen = make_user("Helga Schröder", Sector.CITIZEN)
    second_lead = make_user("Lena Hoffmann", Sector.CIVIL_SOCIETY)
    asker = make_user("Jonas Petersen", Sector.RESEARCH)
    newcomer = make_user("Ole Janßen", Sector.CIVIL_SOCIETY)
    radar = idea_submit(
        author=lead,
        challenge=challenge,
        title="Pendel-Radar",
        summary="Eine offene Karte, die zeigt, wie voll Busse und Bahnen gerade sind.",
    )
    school = idea_submit(
        author=second_lead,
        challenge=challenge,
        title="Sichere Schulwege",
        summary="Eltern und Kinder markieren Gefahrenstellen auf dem Schulweg.",
    )
    team = services.team_form(user=lead, idea=radar, name="Pendel-Radar-Team")
    for member in (researcher, citizen):
        join = services.team_request_join(user=member, team=team, message="Ich mache mit.")
        services.team_request_decide(actor=lead, join_request=join, accept=True)
    services.team_submit(
        actor=lead,
        team=team,
        result_idea=radar,
        code_url="https://git.example.org/pendel-radar",
        demo_url="https://pendel-radar.example.org",
    )
    services.team_request_join(user=asker, team=team, message="Ich kenne die Fahrgastdaten.")
    other = services.team_form(user=second_lead, idea=school, name="Schulweg-Team")
    return {
        "challenge": challenge.pk,
        "team": team.pk,
        "other_team": other.pk,
        "lead": person(lead),
        "second_lead": person(second_lead),
        "newcomer": person(newcomer),
        "staff": person(staff),
    }


def main() -> None:
    print("SEED-RESULT " + json.dumps(hackathon()))
