"""Who hears what in a hackathon: the team's lead of a request to join (not the other members,
not after a withdrawal), the asker of the answer, and the teams and the challenge's followers
of the jury phase. Derived from the published events, as the worker does."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts.models import Sector
from ideas.gatherings import services
from ideas.gatherings.models import Hackathon
from notifications import services as notification_services
from notifications.models import Notification
from notifications.output import notification_text
from realtime.models import Event as LogEvent
from tests import factories
from tests.notifications.conftest import derive

pytestmark = pytest.mark.django_db


def _told() -> list[tuple[str, str, str]]:
    rows = Notification.objects.select_related("recipient").order_by(
        "recipient__display_name", "id"
    )
    with translation.override("en"):
        return [(n.recipient.display_name, n.kind, notification_text(n.kind, n.data)) for n in rows]


@pytest.fixture
def team(staff):
    challenge = factories.ChallengeFactory(created_by=staff, title="Hackathon Mobilität 2026")
    Hackathon.objects.create(challenge=challenge, team_size_min=1, team_size_max=4)
    lead = factories.UserFactory(display_name="Lena", sector=Sector.CIVIL_SOCIETY)
    idea = factories.IdeaFactory(challenge=challenge, author=lead, title="Radwege-Sensoren")
    team = services.team_form(user=lead, idea=idea, name="Sensor-Crew")
    member = factories.UserFactory(display_name="Max")
    services.team_request_decide(
        actor=lead, join_request=services.team_request_join(user=member, team=team), accept=True
    )
    derive()
    Notification.objects.all().delete()
    team.lead, team.member, team.challenge = lead, member, challenge
    return team


def test_the_lead_hears_of_a_request_and_the_asker_of_the_answer(team):
    asker = factories.UserFactory(display_name="Aylin")

    request = services.team_request_join(user=asker, team=team, message="Ich kann löten.")
    derive()
    asked = _told()
    services.team_request_decide(actor=team.lead, join_request=request, accept=False)
    derive()

    assert asked == [("Lena", "team_request", "Aylin asks to join your team “Sensor-Crew”")]
    assert _told()[0] == (
        "Aylin",
        "team_decision",
        "Your request to join the team “Sensor-Crew” was declined",
    )
    assert Notification.objects.get(kind="team_decision").data["url"] == (
        f"/challenges/{team.challenge.pk}/#teams"
    )
    # The message is for the lead's page only: no event and no notification carries it.
    assert not LogEvent.objects.filter(data__icontains="löten").exists()
    assert not Notification.objects.filter(data__icontains="löten").exists()


def test_a_request_withdrawn_before_the_worker_came_tells_nobody(team):
    asker = factories.UserFactory(display_name="Aylin")
    request = services.team_request_join(user=asker, team=team)
    services.team_request_withdraw(user=asker, join_request=request)

    derive()

    assert _told() == []


def test_the_jury_phase_reaches_every_team_member_and_the_followers_once(team, staff):
    follower = factories.UserFactory(display_name="Fiona")
    notification_services.follow_set(person=follower, kind="challenge", target_id=team.challenge.pk)
    # A member who also follows the challenge is told once.
    notification_services.follow_set(
        person=team.member, kind="challenge", target_id=team.challenge.pk
    )

    services.hackathon_announce_jury(
        actor=staff, hackathon=Hackathon.objects.get(challenge=team.challenge)
    )
    derive()

    text = "The jury phase of “Hackathon Mobilität 2026” has begun"
    assert _told() == [
        ("Fiona", "jury_phase", text),
        ("Lena", "jury_phase", text),
        ("Max", "jury_phase", text),
    ]
