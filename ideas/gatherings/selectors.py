"""Reads of events shared by the API, the site and the calendar feeds."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import Topic
from challenges.models import Challenge
from ideas.gatherings.models import (
    CalendarKey,
    Event,
    Hackathon,
    Registration,
    Team,
    TeamJoinRequest,
    TeamMember,
)
from ideas.models import Idea


def _events() -> QuerySet[Event]:
    return Event.objects.select_related("organiser").prefetch_related(
        "topics",
        Prefetch("challenges", queryset=Challenge.objects.only("id", "title", "status")),
        Prefetch("ideas", queryset=Idea.objects.visible().only("id", "title", "status")),
    )


def event_list(
    *,
    when: str = "upcoming",
    topic: str | None = None,
    challenge: int | None = None,
    idea: int | None = None,
    organiser: int | None = None,
) -> QuerySet[Event]:
    """Upcoming events soonest first (`when="upcoming"`, cancelled ones included so that people
    see the cancellation), past ones latest first (`"past"`), or all (`"all"`)."""
    events = _events()
    now = timezone.now()
    if when == "upcoming":
        events = events.filter(ends_at__gt=now).order_by("starts_at", "id")
    elif when == "past":
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    if topic:
        events = events.filter(topics__slug=topic)
    if challenge:
        events = events.filter(challenges__id=challenge)
    if idea:
        events = events.filter(ideas__id=idea)
    if organiser:
        events = events.filter(organiser_id=organiser)
    return events


def events_upcoming(*, limit: int = 3, **filters) -> list[Event]:
    """The next few events that still take place (home page, challenge and idea pages)."""
    return list(
        event_list(when="upcoming", **filters).exclude(status=Event.Status.CANCELLED)[:limit]
    )


def event_get(*, pk: int) -> Event:
    return _events().get(pk=pk)


def events_of_user(*, user) -> QuerySet[Event]:
    """The events a person has a seat at or waits for (their "my events" feed)."""
    return _events().filter(registrations__user=user).order_by("starts_at", "id")


def registration_of(*, user, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).first()


def event_online_url_for(*, user, event: Event) -> str:
    """The link to join an online event: only for people with a seat and the organisers."""
    from ideas.gatherings.services import event_can_manage

    if not event.online_url or not user.is_authenticated:
        return ""
    if event_can_manage(user=user, event=event):
        return event.online_url
    seated = Registration.objects.filter(
        event=event, user=user, status=Registration.Status.REGISTERED
    ).exists()
    return event.online_url if seated else ""


def event_attendees(*, event: Event) -> QuerySet[Registration]:
    """Everyone registered, then everyone waiting, in the order they came."""
    return (
        Registration.objects.filter(event=event)
        .select_related("user")
        .only(
            "status",
            "share_email",
            "created_at",
            "event_id",
            "user__display_name",
            "user__sector",
            "user__email",
        )
        .order_by("status", "created_at", "id")  # "registered" sorts before "waiting"
    )


def user_by_calendar_key(*, key: str):
    found = CalendarKey.objects.select_related("user").filter(key=key).first()
    if found is None or not found.user.is_active:
        return None
    return found.user


def topic_get(*, slug: str) -> Topic:
    return Topic.objects.get(slug=slug)


def event_page(*, when: str, topic: str | None = None, number: str | int | None, size: int = 20):
    """One page of upcoming or past events for the site (past page numbers: the last page)."""
    return Paginator(event_list(when=when, topic=topic), size).get_page(number)


def my_registrations(*, user, events: list[Event]) -> dict[int, str]:
    """{event id: registration status} of the viewer for the events on a page (one query)."""
    if not user.is_authenticated or not events:
        return {}
    return dict(
        Registration.objects.filter(user=user, event__in=events).values_list("event_id", "status")
    )


def calendar_key_of(*, user) -> CalendarKey | None:
    return CalendarKey.objects.filter(user=user).first()


def topics_all() -> list[Topic]:
    return list(Topic.objects.all())


def events_next(
    *,
    limit: int = 3,
    challenge: int | None = None,
    idea: int | None = None,
    organiser: int | None = None,
):
    """The next events that take place, lean (one query, no topics): for the home page and the
    pages of the challenges and ideas they are linked to."""
    events = Event.objects.select_related("organiser").filter(
        ends_at__gt=timezone.now(), status=Event.Status.SCHEDULED
    )
    if challenge:
        events = events.filter(challenges__id=challenge)
    if idea:
        events = events.filter(ideas__id=idea)
    if organiser:
        events = events.filter(organiser_id=organiser)
    return list(events.order_by("starts_at", "id")[:limit])


# --- Hackathons --------------------------------------------------------------------------------


def hackathon_of(*, challenge: Challenge | int) -> Hackathon | None:
    """The challenge's hackathon, or None for a plain challenge."""
    pk = challenge.pk if isinstance(challenge, Challenge) else challenge
    return Hackathon.objects.select_related("challenge").filter(challenge_id=pk).first()


def _teams() -> QuerySet[Team]:
    return (
        Team.objects.select_related("hackathon", "idea", "result_idea")
        .only(
            "name",
            "created_at",
            "code_url",
            "demo_url",
            "submitted_at",
            "hackathon__challenge_id",
            "hackathon__team_size_min",
            "hackathon__team_size_max",
            "hackathon__jury_announced_at",
            "idea__title",
            "result_idea__title",
        )
        .prefetch_related(
            Prefetch(
                "members",
                queryset=TeamMember.objects.select_related("user")
                .only("role", "joined_at", "team_id", "user__display_name", "user__sector")
                .order_by("joined_at", "id"),
            )
        )
    )


def hackathon_teams(*, hackathon: Hackathon) -> list[Team]:
    """Every team of a hackathon, oldest first, with its members, idea and result (two
    queries)."""
    return list(_teams().filter(hackathon=hackathon).order_by("created_at", "id"))


def team_get(*, pk: int) -> Team:
    return _teams().get(pk=pk)


def team_membership_of(*, user, hackathon: Hackathon) -> TeamMember | None:
    """The viewer's place in a team of this hackathon, if any."""
    if not user.is_authenticated:
        return None
    return TeamMember.objects.filter(hackathon=hackathon, user=user).first()


def join_requests_of_user(*, user, hackathon: Hackathon) -> dict[int, TeamJoinRequest]:
    """{team id: request} of the viewer's waiting requests in this hackathon."""
    if not user.is_authenticated:
        return {}
    pending = TeamJoinRequest.objects.filter(
        user=user, team__hackathon=hackathon, status=TeamJoinRequest.Status.PENDING
    )
    return {request.team_id: request for request in pending}


def join_requests_pending(*, team: Team) -> list[TeamJoinRequest]:
    """The requests waiting for the team's lead, oldest first, with who asked."""
    return list(
        TeamJoinRequest.objects.filter(team=team, status=TeamJoinRequest.Status.PENDING)
        .select_related("user")
        .order_by("created_at", "id")
    )


def join_request_get(*, pk: int) -> TeamJoinRequest:
    return TeamJoinRequest.objects.select_related("user", "team").get(pk=pk)


def hackathon_ideas_without_team(*, hackathon: Hackathon) -> list[Idea]:
    """The public ideas of the challenge that no team has formed around yet (the choices of
    the form-a-team form)."""
    return list(
        Idea.objects.visible()
        .filter(challenge_id=hackathon.challenge_id, hackathon_team__isnull=True)
        .only("id", "title")
        .order_by("title", "id")
    )


def team_result_choices(*, team: Team) -> list[Idea]:
    """The public ideas of the challenge written by members of the team (what it may submit
    as its result besides a new idea)."""
    return list(
        Idea.objects.visible()
        .filter(
            challenge_id=team.hackathon.challenge_id,
            author__hackathon_teams__team=team,
        )
        .only("id", "title")
        .order_by("title", "id")
    )
