"""Outward shapes of events, defined once for the API, the live events and the site.

The online link is never part of a shape: it is for people with a seat only (the API adds it
for them, see api.py). The seats shape is what `event.seats_changed` carries.
"""

from __future__ import annotations

from django.utils import timezone

from accounts.models import Sector
from accounts.output import iso_datetime, organisation_ref, person_ref, topic_refs
from ideas.gatherings.models import Event, Hackathon, Team, TeamJoinRequest, TeamMember

EVENT_READER_KEYS = ("topics[].name", "my_registration", "online_url")


def event_seats(event: Event) -> dict:
    """What changes when someone registers or cancels: enough to update seats in place."""
    return {
        "id": event.pk,
        "capacity": event.capacity,
        "registered_count": event.registered_count,
        "waiting_count": event.waiting_count,
        "seats_left": event.seats_left,
        "status": event.status,
    }


def event_data(event: Event, *, for_reader: bool = True) -> dict:
    """An event as the API lists and shows it (needs topics, challenges and ideas prefetched
    and the organiser joined, as the selectors do)."""
    tz = timezone.get_current_timezone()
    return {
        **event_seats(event),
        "title": event.title,
        "description": event.description,
        "kind": event.kind,
        "topics": topic_refs(event.topics.all(), for_reader=for_reader),
        "starts_at": iso_datetime(event.starts_at, tz),
        "ends_at": iso_datetime(event.ends_at, tz),
        "place": event.place,
        "address": event.address,
        "organiser": organisation_ref(event.organiser),
        "challenges": [challenge.pk for challenge in event.challenges.all()],
        "ideas": [idea.pk for idea in event.ideas.all()],
        "results": event.results,
    }


# --- Hackathons --------------------------------------------------------------------------------
#
# A team's members and their sectors are public (the point is to show that people from
# different sectors work together); a join request's message is for the team's lead only and
# is never part of a shape that an event carries.


def hackathon_data(hackathon: Hackathon) -> dict:
    """A challenge's hackathon settings and its jury phase (what `hackathon.jury_announced`
    carries)."""
    return {
        "challenge": hackathon.challenge_id,
        "team_size_min": hackathon.team_size_min,
        "team_size_max": hackathon.team_size_max,
        "jury_announced_at": iso_datetime(hackathon.jury_announced_at),
        "jury_statement": hackathon.jury_statement,
    }


def sector_mix(sectors: list[str]) -> list[dict]:
    """How many members come from each sector, in the order of `Sector` (largest first would
    reorder the list every time someone joins)."""
    return [
        {"sector": value, "count": sectors.count(value)}
        for value in Sector.values
        if value in sectors
    ]


def team_seats(team: Team, *, members: list[TeamMember], team_size_max: int) -> dict:
    """What changes when someone forms, joins or leaves a team or it submits: enough for the
    challenge page to update the team's counts in place (`team.changed`)."""
    count = len(members)
    return {
        "id": team.pk,
        "challenge": team.hackathon.challenge_id,
        "name": team.name,
        "idea": team.idea_id,
        "member_count": count,
        "seats_left": max(team_size_max - count, 0),
        "sectors": sector_mix([member.user.sector for member in members]),
        "submitted": team.submitted_at is not None,
        "dissolved": False,
    }


def team_dissolved(*, team_id: int, challenge_id: int, name: str, idea_id: int) -> dict:
    """`team.changed` of a team whose last member left (the row is gone)."""
    return {
        "id": team_id,
        "challenge": challenge_id,
        "name": name,
        "idea": idea_id,
        "member_count": 0,
        "seats_left": 0,
        "sectors": [],
        "submitted": False,
        "dissolved": True,
    }


def team_data(team: Team, *, members: list[TeamMember], team_size_max: int) -> dict:
    """A team as the API lists and shows it: its idea, members with their sectors, seats and
    the submitted result (members with their users and the idea and result joined)."""
    tz = timezone.get_current_timezone()
    result = None
    if team.submitted_at is not None:
        result = {
            "idea": _idea_ref(team.result_idea),
            "code_url": team.code_url,
            "demo_url": team.demo_url,
            "submitted_at": iso_datetime(team.submitted_at, tz),
        }
    return {
        **team_seats(team, members=members, team_size_max=team_size_max),
        "idea": _idea_ref(team.idea),
        "created_at": iso_datetime(team.created_at, tz),
        "members": [
            {
                **person_ref(member.user),
                "role": member.role,
                "joined_at": iso_datetime(member.joined_at, tz),
            }
            for member in members
        ],
        "result": result,
    }


def _idea_ref(idea) -> dict | None:
    return None if idea is None else {"id": idea.pk, "title": idea.title}


def join_request_data(join_request: TeamJoinRequest) -> dict:
    """A join request as its author and the team's lead see it (user joined)."""
    return {
        "id": join_request.pk,
        "team": join_request.team_id,
        "person": person_ref(join_request.user),
        "message": join_request.message,
        "status": join_request.status,
        "created_at": iso_datetime(join_request.created_at),
        "decided_at": iso_datetime(join_request.decided_at),
    }


def team_request_event(join_request) -> dict:
    """A request to join a team (`team.join_requested` / `team.join_decided`): ids and the
    status only; never the message, which is for the lead alone."""
    return {
        "id": join_request.pk,
        "team": join_request.team_id,
        "user": join_request.user_id,
        "status": join_request.status,
    }
