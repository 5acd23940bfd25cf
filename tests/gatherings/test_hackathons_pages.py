"""Hackathons on the site: the Teams section of a hackathon challenge's page in German and
English, forming a team, asking to join, answering, leaving and submitting through the pages,
form errors shown on the page with nothing lost, and the staff's settings and jury announcement."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Sector
from ideas.gatherings import services
from ideas.gatherings.models import Hackathon, Team, TeamJoinRequest, TeamMember
from ideas.models import Idea
from tests import factories

pytestmark = pytest.mark.django_db


def _signed_in(user, language="de") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


@pytest.fixture
def hackathon(staff):
    challenge = factories.ChallengeFactory(created_by=staff, title="Hackathon Mobilität 2026")
    return Hackathon.objects.create(challenge=challenge, team_size_min=2, team_size_max=3)


@pytest.fixture
def lead(db):
    return factories.UserFactory(display_name="Lena Hoffmann", sector=Sector.CIVIL_SOCIETY)


@pytest.fixture
def team(hackathon, lead):
    idea = factories.IdeaFactory(
        challenge=hackathon.challenge, author=lead, title="Sensoren für Radwege"
    )
    team = services.team_form(user=lead, idea=idea, name="Sensor-Crew")
    mehmet = factories.UserFactory(display_name="Mehmet Yılmaz", sector=Sector.BUSINESS)
    services.team_request_decide(
        actor=lead, join_request=services.team_request_join(user=mehmet, team=team), accept=True
    )
    return team


def _page(hackathon, client=None, language="de") -> str:
    client = client or Client(headers={"accept-language": language})
    response = client.get(f"/challenges/{hackathon.challenge_id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_teams_section_in_german_and_english(hackathon, team):
    de = _page(hackathon)
    en = _page(hackathon, language="en")

    assert '<h2 id="teams-heading">Teams</h2>' in de
    assert "Sensor-Crew" in de
    assert "Sensoren für Radwege" in de
    assert f'<span data-team-members="{team.pk}">2 Mitglieder</span>' in de
    assert f'<span data-team-seats="{team.pk}">1 Platz frei</span>' in de
    assert "Zivilgesellschaft 1" in de
    assert "Wirtschaft 1" in de
    assert "Teamleitung" in de
    assert "Teams von 2 bis 3" in de
    assert f'<span data-team-members="{team.pk}">2 members</span>' in en
    assert f'<span data-team-seats="{team.pk}">1 seat left</span>' in en
    assert "Civil society 1" in en
    assert "Team lead" in en
    assert "teams of 2 to 3" in en
    assert "Log in to form or join a team." in en


def test_a_plain_challenge_has_no_teams_section(staff):
    challenge = factories.ChallengeFactory(created_by=staff)

    page = Client().get(f"/challenges/{challenge.pk}/").content.decode()
    staff_page = _signed_in(staff, "en").get(f"/challenges/{challenge.pk}/").content.decode()

    assert 'id="teams"' not in page
    assert "Make this challenge a hackathon" in staff_page


def test_the_challenge_page_costs_a_fixed_number_of_queries_for_any_number_of_teams(
    hackathon, team, django_assert_max_num_queries
):
    for n in range(5):
        person = factories.UserFactory(sector=Sector.RESEARCH)
        idea = factories.IdeaFactory(challenge=hackathon.challenge, author=person)
        services.team_form(user=person, idea=idea, name=f"Team {n}")
    client = Client()
    client.get(f"/challenges/{hackathon.challenge_id}/")  # warm the caches (brand, sites)

    # The challenge page as before plus hackathon, teams and their members: never per team.
    with django_assert_max_num_queries(30) as counted:
        _page(hackathon, client)
    six_teams = len(counted.captured_queries)
    for n in range(5, 10):
        person = factories.UserFactory()
        idea = factories.IdeaFactory(challenge=hackathon.challenge, author=person)
        services.team_form(user=person, idea=idea, name=f"Team {n}")
    with django_assert_max_num_queries(six_teams):
        _page(hackathon, client)


def test_forming_a_team_on_the_site(hackathon):
    person = factories.UserFactory(sector=Sector.RESEARCH)
    idea = factories.IdeaFactory(challenge=hackathon.challenge, title="Mobilitätsdaten")
    client = _signed_in(person)

    form_page = client.get(f"/challenges/{hackathon.challenge_id}/teams/new/").content.decode()
    response = client.post(
        f"/challenges/{hackathon.challenge_id}/teams/new/", {"idea": idea.pk, "name": "Daten"}
    )

    assert "Mobilitätsdaten" in form_page
    team = Team.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/challenges/{hackathon.challenge_id}/#team-{team.pk}"
    assert TeamMember.objects.get(team=team).role == "lead"


def test_a_refused_team_shows_the_error_on_the_form_and_keeps_the_input(hackathon, team, lead):
    idea = factories.IdeaFactory(challenge=hackathon.challenge)
    client = _signed_in(lead, "en")

    response = client.post(
        f"/challenges/{hackathon.challenge_id}/teams/new/", {"idea": idea.pk, "name": "Zweites"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "You are already in a team of this hackathon." in page
    assert 'value="Zweites"' in page
    assert Team.objects.count() == 1


def test_a_team_form_without_a_name_marks_the_field(hackathon):
    idea = factories.IdeaFactory(challenge=hackathon.challenge)

    response = _signed_in(factories.UserFactory(), "en").post(
        f"/challenges/{hackathon.challenge_id}/teams/new/", {"idea": idea.pk, "name": ""}
    )

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Team.objects.exists()


def test_asking_to_join_answering_and_withdrawing_on_the_site(hackathon, team, lead):
    asker = factories.UserFactory(display_name="Jonas Petersen", sector=Sector.RESEARCH)
    asker_client = _signed_in(asker)

    page = _page(hackathon, asker_client)
    asked = asker_client.post(f"/teams/{team.pk}/join/", {"message": "Ich löte gern."})
    lead_page = _page(hackathon, _signed_in(lead))
    join_request = TeamJoinRequest.objects.get(user=asker)
    accepted = _signed_in(lead).post(
        f"/join-requests/{join_request.pk}/decide/", {"decision": "accept"}
    )

    assert f'href="/teams/{team.pk}/join/"' in page
    assert asked.status_code == 302
    assert "Ich löte gern." in lead_page
    assert "Jonas Petersen aufnehmen" in lead_page
    assert accepted.status_code == 302
    assert TeamMember.objects.filter(team=team).count() == 3
    # The team is full now: nobody else is offered to ask.
    assert f'href="/teams/{team.pk}/join/"' not in _page(
        hackathon, _signed_in(factories.UserFactory())
    )


def test_a_withdrawn_request_and_a_refused_one_on_the_site(hackathon, team, lead):
    asker = factories.UserFactory()
    join_request = services.team_request_join(user=asker, team=team)

    withdrawn = _signed_in(asker, "en").post(f"/join-requests/{join_request.pk}/withdraw/")
    again = _signed_in(lead, "en").post(
        f"/join-requests/{join_request.pk}/decide/", {"decision": "accept"}, follow=True
    )

    assert withdrawn.status_code == 302
    assert "This request has already been answered or withdrawn." in again.content.decode()
    assert TeamMember.objects.filter(team=team).count() == 2


def test_a_join_message_over_the_limit_stays_on_the_form(hackathon, team):
    text = "x" * 1001

    response = _signed_in(factories.UserFactory(), "en").post(
        f"/teams/{team.pk}/join/", {"message": text}
    )

    assert response.status_code == 400
    assert text in response.content.decode()
    assert not TeamJoinRequest.objects.filter(status="pending").exists()


def test_only_the_lead_answers_requests_and_submits_on_the_site(hackathon, team):
    member = TeamMember.objects.get(team=team, role="member").user
    join_request = services.team_request_join(user=factories.UserFactory(), team=team)

    decide = _signed_in(member).post(
        f"/join-requests/{join_request.pk}/decide/", {"decision": "accept"}
    )
    submit = _signed_in(member).get(f"/teams/{team.pk}/submit/")
    anonymous = Client().post(f"/teams/{team.pk}/leave/")

    assert (decide.status_code, submit.status_code) == (403, 403)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    join_request.refresh_from_db()
    assert join_request.status == "pending"


def test_submitting_the_result_on_the_site(hackathon, team, lead):
    client = _signed_in(lead)

    form_page = client.get(f"/teams/{team.pk}/submit/").content.decode()
    response = client.post(
        f"/teams/{team.pk}/submit/",
        {"result_idea": team.idea_id, "code_url": "https://git.example.org/sensor-crew"},
    )
    page = _page(hackathon)

    assert "Sensoren für Radwege" in form_page
    assert response.status_code == 302
    assert 'href="https://git.example.org/sensor-crew"' in page
    assert "Ergebnis" in page


def test_a_submission_without_links_shows_the_error_and_keeps_the_new_idea(hackathon, team, lead):
    ideas_before = Idea.objects.count()

    response = _signed_in(lead, "en").post(
        f"/teams/{team.pk}/submit/",
        {"title": "Radweg-Melder", "summary": "Meldet Schlaglöcher.", "code_url": ""},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Give a link to the code or to a demo (at least one)." in page
    assert 'value="Radweg-Melder"' in page
    assert "Meldet Schlaglöcher." in page
    assert Idea.objects.count() == ideas_before
    team.refresh_from_db()
    assert team.submitted_at is None


def test_leaving_on_the_site(hackathon, team):
    member = TeamMember.objects.get(team=team, role="member").user

    response = _signed_in(member).post(f"/teams/{team.pk}/leave/")

    assert response.status_code == 302
    assert not TeamMember.objects.filter(user=member).exists()


def test_staff_make_a_challenge_a_hackathon_and_announce_the_jury_phase(staff, lead):
    challenge = factories.ChallengeFactory(created_by=staff)
    client = _signed_in(staff, "en")

    refused = client.post(
        f"/staff/challenges/{challenge.pk}/hackathon/", {"team_size_min": 5, "team_size_max": 2}
    )
    made = client.post(
        f"/staff/challenges/{challenge.pk}/hackathon/", {"team_size_min": 2, "team_size_max": 4}
    )
    hackathon = Hackathon.objects.get(challenge=challenge)
    announced = client.post(
        f"/staff/challenges/{challenge.pk}/hackathon/jury/",
        {"statement": "Die Jury tagt am 20. Juni."},
    )
    page = _page(hackathon, language="en")

    assert refused.status_code == 400
    assert "The largest team cannot be smaller than the smallest." in refused.content.decode()
    assert 'value="5"' in refused.content.decode()
    assert made.status_code == 302
    assert (hackathon.team_size_min, hackathon.team_size_max) == (2, 4)
    assert announced.status_code == 302
    assert "The jury phase has begun." in page
    assert "Die Jury tagt am 20. Juni." in page
    assert "Form a team around an idea" not in page


def test_the_jury_banner_in_german_and_buttons_gone(hackathon, team, lead, staff):
    services.hackathon_announce_jury(actor=staff, hackathon=hackathon, statement="Bis Freitag.")

    page = _page(hackathon, _signed_in(lead))

    assert "Die Jury-Phase hat begonnen." in page
    assert "Bis Freitag." in page
    assert "Team verlassen" not in page
    assert "Ergebnis einreichen" not in page


def test_only_staff_reach_the_hackathon_settings(hackathon, user):
    path = f"/staff/challenges/{hackathon.challenge_id}/hackathon/"

    assert _signed_in(user).get(path).status_code == 403
    assert _signed_in(user).post(f"{path}jury/", {}).status_code == 403
    hackathon.refresh_from_db()
    assert hackathon.jury_announced_at is None
