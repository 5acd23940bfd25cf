"""A team's lead accepts many join requests at once, and several leads accept the same person
at once, over real HTTP. Afterwards no team is larger than its limit, nobody is in two teams of
one hackathon, and every refused accept answered 409 (never a 500). On PostgreSQL the
hackathon's and the team's row locks queue the accepts; on SQLite IMMEDIATE transactions do."""

from __future__ import annotations

import threading

import pytest
from rest_framework.authtoken.models import Token

from ideas.gatherings import services
from ideas.gatherings.models import Hackathon, TeamJoinRequest, TeamMember
from tests import factories
from tests.live.conftest import city_staff_group  # noqa: F401
from tests.votes.test_concurrency import _request

TEAM_SIZE_MAX = 3
ASKERS = 12
TEAMS = 4


def _race(base_url: str, jobs: list[tuple[str, str]]) -> tuple[list[int], list[BaseException]]:
    """POST every (token, path) at the same moment; the statuses and any client errors."""
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(len(jobs))

    def run(token: str, path: str) -> None:
        start.wait()
        try:
            status = _request(base_url, token, "POST", path, {})
        except BaseException as exc:  # noqa: BLE001 - reported below
            with lock:
                errors.append(exc)
            return
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses, errors


@pytest.fixture
def hackathon(db):
    challenge = factories.ChallengeFactory()
    return Hackathon.objects.create(
        challenge=challenge, team_size_min=1, team_size_max=TEAM_SIZE_MAX
    )


def _team(hackathon):
    lead = factories.UserFactory()
    idea = factories.IdeaFactory(challenge=hackathon.challenge, author=lead)
    return services.team_form(user=lead, idea=idea, name=f"Team {idea.pk}"), lead


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("city_staff_group")  # an earlier transactional test flushed it
def test_a_lead_accepting_many_at_once_fills_the_team_to_its_limit_only(live_server, hackathon):
    team, lead = _team(hackathon)
    requests = [
        services.team_request_join(user=factories.UserFactory(), team=team) for _ in range(ASKERS)
    ]
    token = Token.objects.create(user=lead).key

    statuses, errors = _race(
        live_server.url, [(token, f"/api/join-requests/{r.pk}/accept/") for r in requests]
    )

    assert errors == []
    seats = TEAM_SIZE_MAX - 1
    assert sorted(statuses) == [200] * seats + [409] * (ASKERS - seats)
    assert TeamMember.objects.filter(team=team).count() == TEAM_SIZE_MAX
    accepted = TeamJoinRequest.objects.filter(team=team, status="accepted").count()
    assert accepted == seats
    assert TeamJoinRequest.objects.filter(team=team, status="pending").count() == ASKERS - seats


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("city_staff_group")
def test_leads_accepting_the_same_person_at_once_put_them_in_one_team(live_server, hackathon):
    person = factories.UserFactory()
    jobs = []
    for _ in range(TEAMS):
        team, lead = _team(hackathon)
        join_request = services.team_request_join(user=person, team=team)
        jobs.append(
            (Token.objects.create(user=lead).key, f"/api/join-requests/{join_request.pk}/accept/")
        )

    statuses, errors = _race(live_server.url, jobs)

    assert errors == []
    assert sorted(statuses) == [200] + [409] * (TEAMS - 1)
    assert TeamMember.objects.filter(user=person).count() == 1
    assert TeamJoinRequest.objects.filter(user=person, status="accepted").count() == 1
    assert TeamJoinRequest.objects.filter(user=person, status="withdrawn").count() == TEAMS - 1
