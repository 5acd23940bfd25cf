"""Every write on events: creating, editing and cancelling them, registering and cancelling a
seat with a waiting list that moves up by itself, and the personal calendar key.

Seats are counted on the event row (`registered_count`) and changed only while that row is
locked (`select_for_update`): two people asking for the last seat at once queue on the lock,
the second finds it taken and goes on the waiting list. The database's check constraint
(`registered_count <= capacity`) makes an overbooking impossible even for a bug here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import realtime
from accounts.models import Membership, Organisation, Topic, User
from accounts.services import user_participation_refusal
from challenges.models import Challenge
from core.errors import StateConflict
from ideas.gatherings import output
from ideas.gatherings.models import (
    TEAM_SIZE_LIMIT,
    CalendarKey,
    Event,
    Hackathon,
    Registration,
    Team,
    TeamJoinRequest,
    TeamMember,
)
from ideas.models import Idea
from mail.services import mail_compose, mail_queue

EVENT_EDITABLE_FIELDS = {
    "title",
    "description",
    "kind",
    "starts_at",
    "ends_at",
    "place",
    "address",
    "online_url",
    "capacity",
    "results",
    "topics",
    "ideas",
}
# What may still be written once the event has begun: what came out of it.
EVENT_RESULT_FIELDS = {"results", "ideas"}


def event_streams(event: Event, *, feed: bool = False) -> list[str]:
    streams = [realtime.stream_name("event", event.pk)]
    if feed:
        streams.append("feed")
    return streams


# --- Who may do what ---------------------------------------------------------------------------


def event_can_organise(*, user, organiser: Organisation) -> bool:
    """City staff organise for anyone; an organisation's administrators for their own."""
    if not user.is_authenticated:
        return False
    if user.is_city_staff:
        return True
    return Membership.objects.filter(
        organisation=organiser, user=user, role=Membership.Role.ADMIN
    ).exists()


def event_can_manage(*, user, event: Event) -> bool:
    return event_can_organise(user=user, organiser=event.organiser)


def _check_can_manage(user, event: Event) -> None:
    if not event_can_manage(user=user, event=event):
        raise PermissionDenied(_("Only the organiser and city staff may do this."))


# --- Events ------------------------------------------------------------------------------------


def _validate(event: Event, *, now: datetime) -> None:
    """The rules of a well-formed event, with messages people understand (400)."""
    errors: dict[str, list[str]] = {}
    if not (event.title or "").strip():
        errors["title"] = [_("Please give the event a title.")]
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = [_("The event must end after it starts.")]
    if event.starts_at and event.starts_at <= now:
        errors["starts_at"] = [_("The event cannot start in the past.")]
    if event.capacity is None or event.capacity < 1:
        errors["capacity"] = [_("An event needs at least one seat.")]
    if event.place == Event.Place.ONLINE and not event.online_url:
        errors["online_url"] = [_("An online event needs the link to join it.")]
    if event.place == Event.Place.ADDRESS and not event.address.strip():
        errors["address"] = [_("Please give the address.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(
    *,
    actor: User,
    organiser: Organisation,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    description: str = "",
    kind: str = Event.Kind.MEETUP,
    place: str = Event.Place.OFFICE,
    address: str = "",
    online_url: str = "",
    topics: Iterable[Topic] = (),
    challenges: Iterable[Challenge] = (),
    ideas: Iterable[Idea] = (),
) -> Event:
    """Announce an event (city staff, or an administrator of the organising organisation)."""
    if not event_can_organise(user=actor, organiser=organiser):
        raise PermissionDenied(_("Only city staff and the organisation's administrators may."))
    event = Event(
        title=(title or "").strip(),
        description=description or "",
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        address=(address or "").strip(),
        online_url=online_url or "",
        capacity=capacity,
        organiser=organiser,
        created_by=actor,
    )
    _validate(event, now=timezone.now())
    event.full_clean()
    event.save()
    event.topics.set(topics)
    event.challenges.set(challenges)
    event.ideas.set(ideas)
    realtime.publish(
        event_streams(event, feed=True),
        "event.created",
        output.event_data(event, for_reader=False),
    )
    return event


def _lock(event: Event) -> Event:
    """The event row, locked until the transaction ends; every seat change goes through it."""
    return Event.objects.select_for_update().select_related("organiser").get(pk=event.pk)


@transaction.atomic
def event_update(*, actor: User, event: Event, **fields) -> Event:
    """Edit an event before it is over. Its results may be written afterwards too. Fewer seats
    than people registered is refused (409): nobody loses a seat they were given."""
    event = _lock(event)
    _check_can_manage(actor, event)
    unknown = set(fields) - EVENT_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed.")] for name in unknown})
    if event.is_cancelled:
        raise StateConflict(_("This event was cancelled."))
    now = timezone.now()
    if event.has_started(now) and set(fields) - EVENT_RESULT_FIELDS:
        raise StateConflict(_("The event has started: only its results can be written now."))
    capacity = fields.get("capacity", event.capacity)
    if capacity is not None and capacity < event.registered_count:
        raise StateConflict(
            _("%(count)d people are registered: the event cannot have fewer seats.")
            % {"count": event.registered_count}
        )
    topics = fields.pop("topics", None)
    ideas = fields.pop("ideas", None)
    for name, value in fields.items():
        setattr(event, name, value)
    if not event.has_started(now):
        _validate(event, now=now)
    event.full_clean()
    event.save()
    if topics is not None:
        event.topics.set(topics)
    if ideas is not None:
        event.ideas.set(ideas)
    promoted = _fill_free_seats(event)
    if "capacity" in fields or promoted:
        _publish_seats(event)
    return event


@transaction.atomic
def event_cancel(*, actor: User, event: Event) -> Event:
    """Cancel an event that has not started; everyone registered or waiting gets a mail."""
    event = _lock(event)
    _check_can_manage(actor, event)
    if event.is_cancelled:
        raise StateConflict(_("This event is already cancelled."))
    if event.has_started():
        raise StateConflict(_("The event has already started and cannot be cancelled."))
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.save(update_fields=["status", "cancelled_at"])
    for registration in event.registrations.select_related("user"):
        _mail(registration.user, event, "gatherings/mail/event_cancelled")
    realtime.publish(event_streams(event, feed=True), "event.cancelled", output.event_seats(event))
    return event


# --- Registrations -----------------------------------------------------------------------------


def _publish_seats(event: Event) -> None:
    realtime.publish(event_streams(event), "event.seats_changed", output.event_seats(event))


@transaction.atomic
def registration_create(*, user: User, event: Event, share_email: bool = False) -> Registration:
    """Take a seat, or a place on the waiting list when none is left. Holds the event's row
    lock from the count to the insert, so the last seat goes to exactly one person."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Please sign in to register."))
    if (refusal := user_participation_refusal(user=user)) is not None:
        raise refusal
    event = _lock(event)
    if event.is_cancelled:
        raise StateConflict(_("This event was cancelled."))
    if event.has_started():
        raise StateConflict(_("The event has already started: registration is closed."))
    if Registration.objects.filter(event=event, user=user).exists():
        raise StateConflict(_("You are already registered for this event."))
    if event.registered_count < event.capacity:
        status = Registration.Status.REGISTERED
        event.registered_count += 1
    else:
        status = Registration.Status.WAITING
        event.waiting_count += 1
    registration = Registration.objects.create(
        event=event, user=user, status=status, share_email=bool(share_email)
    )
    event.save(update_fields=["registered_count", "waiting_count"])
    _publish_seats(event)
    return registration


@transaction.atomic
def registration_cancel(*, user: User, event: Event) -> None:
    """Give up a seat or a place on the waiting list. A freed seat goes to the first person
    waiting, who is told by mail."""
    event = _lock(event)
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is None:
        raise StateConflict(_("You are not registered for this event."))
    if event.has_started():
        raise StateConflict(_("The event has already started."))
    registration.delete()
    if registration.status == Registration.Status.REGISTERED:
        event.registered_count -= 1
    else:
        event.waiting_count -= 1
    event.save(update_fields=["registered_count", "waiting_count"])
    if not event.is_cancelled:
        _fill_free_seats(event)
    _publish_seats(event)


def _fill_free_seats(event: Event) -> list[Registration]:
    """Move people up from the waiting list into free seats, oldest first, and tell them.
    The caller holds the event's lock."""
    free = event.capacity - event.registered_count
    if free <= 0 or event.waiting_count == 0:
        return []
    moving = list(
        event.registrations.filter(status=Registration.Status.WAITING)
        .select_related("user")
        .order_by("created_at", "id")[:free]
    )
    if not moving:
        return []
    Registration.objects.filter(pk__in=[r.pk for r in moving]).update(
        status=Registration.Status.REGISTERED
    )
    event.registered_count += len(moving)
    event.waiting_count -= len(moving)
    event.save(update_fields=["registered_count", "waiting_count"])
    for registration in moving:
        _mail(registration.user, event, "gatherings/mail/seat_free")
    return moving


# --- Mail --------------------------------------------------------------------------------------


def _mail(user: User, event: Event, template: str) -> None:
    url = settings.SITE_URL + reverse("frontend:event_detail", args=[event.pk])
    message = mail_compose(
        template=template,
        context={"user": user, "event": event, "url": url},
        language=user.language,
    )
    mail_queue(to=user.email, message=message)


# --- Calendar key ------------------------------------------------------------------------------


def calendar_key_get_or_create(*, user: User) -> CalendarKey:
    key, _created = CalendarKey.objects.get_or_create(user=user)
    return key


@transaction.atomic
def calendar_key_renew(*, user: User) -> CalendarKey:
    """A new secret address for the person's "my events" feed; the old one stops working."""
    key, created = CalendarKey.objects.select_for_update().get_or_create(user=user)
    if not created:
        key.renew()
        key.save(update_fields=["key", "created_at"])
    return key


# --- Deleted accounts (privacy's eraser, registered in GatheringsConfig.ready) -----------------


def registrations_erase_of(*, user: User, placeholder: User, keep_contributions: bool) -> None:
    """A deleted person's seats: an upcoming event's seat is given up as by cancelling (the
    first person waiting moves up, open pages see the seats); a past event's row goes with its
    count, so the counts stay equal to the rows."""
    for registration in Registration.objects.filter(user=user).select_related("event"):
        with transaction.atomic():
            event = _lock(registration.event)
            if not event.has_started():
                registration_cancel(user=user, event=event)
                continue
            registration.delete()
            if registration.status == Registration.Status.REGISTERED:
                event.registered_count -= 1
            else:
                event.waiting_count -= 1
            event.save(update_fields=["registered_count", "waiting_count"])


# --- Hackathons --------------------------------------------------------------------------------
#
# Every team change takes two row locks, always in this order: the hackathon's row (so the jury
# announcement and "one team per person and hackathon" cannot race with a change), then the
# team's row (so the size limit holds when a lead accepts several requests at once, or two
# leads accept the same person). The database backs both rules with constraints
# (`team_member_once`, `team_one_lead`); the checks here give the friendly message.


def hackathon_streams(challenge_id: int, *, feed: bool = False) -> list[str]:
    streams = [realtime.stream_name("challenge", challenge_id)]
    if feed:
        streams.append("feed")
    return streams


def hackathon_can_manage(*, user) -> bool:
    """Hackathons are run by city staff (settings and the jury phase)."""
    return bool(user.is_authenticated and user.is_city_staff)


def team_can_lead(*, user, team: Team) -> bool:
    return bool(
        user.is_authenticated
        and TeamMember.objects.filter(team=team, user=user, role=TeamMember.Role.LEAD).exists()
    )


def _check_can_manage_hackathon(user) -> None:
    if not hackathon_can_manage(user=user):
        raise PermissionDenied(_("Only city staff may run a hackathon."))


def _check_participant(user) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Please sign in to take part in the hackathon."))
    if (refusal := user_participation_refusal(user=user)) is not None:
        raise refusal


def _lock_hackathon(pk: int) -> Hackathon:
    """The hackathon row, locked until the transaction ends (`of=self`: not the challenge's
    row, which idea submissions and votes lock)."""
    return Hackathon.objects.select_for_update(of=("self",)).select_related("challenge").get(pk=pk)


def _lock_team(team: Team, hackathon: Hackathon) -> Team:
    """The team row, locked; the caller holds the hackathon's lock (the order above)."""
    try:
        locked = Team.objects.select_for_update().get(pk=team.pk, hackathon=hackathon)
    except Team.DoesNotExist:
        raise StateConflict(_("This team no longer exists.")) from None
    locked.hackathon = hackathon
    return locked


def _check_teams_may_change(hackathon: Hackathon) -> None:
    if hackathon.jury_announced:
        raise StateConflict(_("The jury phase has been announced: teams no longer change."))
    if hackathon.challenge.status != Challenge.Status.OPEN:
        raise StateConflict(_("The hackathon is not open: teams cannot change now."))


def _members(team: Team) -> list[TeamMember]:
    return list(
        TeamMember.objects.filter(team=team)
        .select_related("user")
        .only("role", "joined_at", "team_id", "user__display_name", "user__sector")
        .order_by("joined_at", "id")
    )


def _publish_team(team: Team) -> None:
    hackathon = team.hackathon
    realtime.publish(
        hackathon_streams(hackathon.challenge_id),
        "team.changed",
        output.team_seats(team, members=_members(team), team_size_max=hackathon.team_size_max),
    )


def _withdraw_pending(*, user: User, hackathon: Hackathon, now: datetime) -> None:
    """A person who is now in a team no longer waits for an answer from the others."""
    TeamJoinRequest.objects.filter(
        user=user, team__hackathon=hackathon, status=TeamJoinRequest.Status.PENDING
    ).update(status=TeamJoinRequest.Status.WITHDRAWN, decided_at=now)


def _validate_sizes(team_size_min, team_size_max) -> None:
    errors: dict[str, list[str]] = {}
    limit = TEAM_SIZE_LIMIT
    if not isinstance(team_size_min, int) or not 1 <= team_size_min <= limit:
        errors["team_size_min"] = [_("A team has from 1 to %(limit)d members.") % {"limit": limit}]
    if not isinstance(team_size_max, int) or not 1 <= team_size_max <= limit:
        errors["team_size_max"] = [_("A team has from 1 to %(limit)d members.") % {"limit": limit}]
    if not errors and team_size_min > team_size_max:
        errors["team_size_max"] = [_("The largest team cannot be smaller than the smallest.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def hackathon_configure(
    *, actor: User, challenge: Challenge, team_size_min: int, team_size_max: int
) -> Hackathon:
    """Make a challenge a hackathon, or change its team sizes (city staff), until the jury
    phase is announced. A largest team smaller than a team that exists is refused (409):
    nobody is put out of their team."""
    _check_can_manage_hackathon(actor)
    _validate_sizes(team_size_min, team_size_max)
    # The challenge row is locked so that two first configurations cannot both insert.
    Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
    hackathon = Hackathon.objects.filter(challenge=challenge).first()
    if hackathon is None:
        hackathon = Hackathon(challenge=challenge)
    else:
        hackathon = _lock_hackathon(hackathon.pk)
        if hackathon.jury_announced:
            raise StateConflict(_("The jury phase has been announced: the teams are final."))
        largest = max((len(_members(team)) for team in hackathon.teams.all()), default=0)
        if team_size_max < largest:
            raise StateConflict(
                _("A team has %(count)d members: the largest team cannot be smaller.")
                % {"count": largest}
            )
    hackathon.team_size_min = team_size_min
    hackathon.team_size_max = team_size_max
    hackathon.save()
    return hackathon


@transaction.atomic
def hackathon_announce_jury(*, actor: User, hackathon: Hackathon, statement: str = "") -> Hackathon:
    """Announce the jury phase (city staff): from now on no team forms, changes or submits,
    and requests still waiting are declined. The scoring itself is the jury's (evaluation)."""
    _check_can_manage_hackathon(actor)
    hackathon = _lock_hackathon(hackathon.pk)
    if hackathon.jury_announced:
        raise StateConflict(_("The jury phase has already been announced."))
    statement = (statement or "").strip()
    if len(statement) > 5_000:
        raise ValidationError(
            {"statement": [_("Make sure this field has no more than 5000 characters.")]}
        )
    now = timezone.now()
    hackathon.jury_announced_at = now
    hackathon.jury_statement = statement
    hackathon.save(update_fields=["jury_announced_at", "jury_statement"])
    TeamJoinRequest.objects.filter(
        team__hackathon=hackathon, status=TeamJoinRequest.Status.PENDING
    ).update(status=TeamJoinRequest.Status.DECLINED, decided_at=now)
    realtime.publish(
        hackathon_streams(hackathon.challenge_id, feed=True),
        "hackathon.jury_announced",
        output.hackathon_data(hackathon),
    )
    return hackathon


@transaction.atomic
def team_form(*, user: User, idea: Idea, name: str) -> Team:
    """Form a team around an idea of a hackathon's challenge; its founder is its lead. One team
    per idea, and a person is in one team per hackathon."""
    _check_participant(user)
    hackathon = Hackathon.objects.filter(challenge_id=idea.challenge_id).first()
    if idea.challenge_id is None or hackathon is None:
        raise ValidationError({"idea": [_("This idea is not part of a hackathon.")]})
    hackathon = _lock_hackathon(hackathon.pk)
    _check_teams_may_change(hackathon)
    if not Idea.objects.visible().filter(pk=idea.pk).exists():
        raise ValidationError({"idea": [_("This idea is not public.")]})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Please give the team a name.")]})
    if len(name) > 80:
        raise ValidationError(
            {
                "name": [
                    _("Make sure this field has no more than %(limit_value)d characters.")
                    % {"limit_value": 80}
                ]
            }
        )
    if TeamMember.objects.filter(hackathon=hackathon, user=user).exists():
        raise StateConflict(_("You are already in a team of this hackathon."))
    if Team.objects.filter(idea=idea).exists():
        raise StateConflict(_("This idea already has a team: ask to join it."))
    now = timezone.now()
    team = Team.objects.create(
        hackathon=hackathon, idea=idea, name=name, created_by=user, created_at=now
    )
    TeamMember.objects.create(
        team=team, hackathon=hackathon, user=user, role=TeamMember.Role.LEAD, joined_at=now
    )
    _withdraw_pending(user=user, hackathon=hackathon, now=now)
    _publish_team(team)
    return team


@transaction.atomic
def team_request_join(*, user: User, team: Team, message: str = "") -> TeamJoinRequest:
    """Ask a team's lead to be let in (one open request per team and person)."""
    _check_participant(user)
    hackathon = _lock_hackathon(team.hackathon_id)
    team = _lock_team(team, hackathon)
    _check_teams_may_change(hackathon)
    message = (message or "").strip()
    if len(message) > 1_000:
        raise ValidationError(
            {
                "message": [
                    _("Make sure this field has no more than %(limit_value)d characters.")
                    % {"limit_value": 1000}
                ]
            }
        )
    mine = TeamMember.objects.filter(hackathon=hackathon, user=user).first()
    if mine is not None:
        if mine.team_id == team.pk:
            raise StateConflict(_("You are already in this team."))
        raise StateConflict(_("You are already in a team of this hackathon."))
    if TeamJoinRequest.objects.filter(
        team=team, user=user, status=TeamJoinRequest.Status.PENDING
    ).exists():
        raise StateConflict(_("You have already asked to join this team."))
    if TeamMember.objects.filter(team=team).count() >= hackathon.team_size_max:
        raise StateConflict(_("This team is full."))
    join_request = TeamJoinRequest.objects.create(team=team, user=user, message=message)
    _publish(join_request, "team.join_requested")
    return join_request


def _publish(join_request: TeamJoinRequest, type: str) -> None:  # noqa: A002
    realtime.publish(
        [realtime.stream_name("user", join_request.user_id)],
        type,
        output.team_request_event(join_request),
    )


def _lock_request(join_request: TeamJoinRequest) -> TeamJoinRequest:
    return TeamJoinRequest.objects.select_for_update().get(pk=join_request.pk)


@transaction.atomic
def team_request_withdraw(*, user: User, join_request: TeamJoinRequest) -> TeamJoinRequest:
    """Take back one's own request while it waits."""
    if not user.is_authenticated or join_request.user_id != user.pk:
        raise PermissionDenied(_("Only the person who asked may withdraw the request."))
    join_request = _lock_request(join_request)
    if join_request.status != TeamJoinRequest.Status.PENDING:
        raise StateConflict(_("This request has already been answered or withdrawn."))
    join_request.status = TeamJoinRequest.Status.WITHDRAWN
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_at"])
    return join_request


@transaction.atomic
def team_request_decide(
    *, actor: User, join_request: TeamJoinRequest, accept: bool
) -> TeamJoinRequest:
    """The lead accepts (the person joins, if a seat is left and they are in no other team)
    or declines a waiting request. Holds the hackathon's and the team's locks from the count
    to the insert, so a team never grows past its largest size."""
    team = Team.objects.filter(pk=join_request.team_id).first()
    if team is None:
        raise StateConflict(_("This team no longer exists."))
    hackathon = _lock_hackathon(team.hackathon_id)
    team = _lock_team(team, hackathon)
    if not team_can_lead(user=actor, team=team):
        raise PermissionDenied(_("Only the team's lead may answer join requests."))
    join_request = _lock_request(join_request)
    if join_request.status != TeamJoinRequest.Status.PENDING:
        raise StateConflict(_("This request has already been answered or withdrawn."))
    now = timezone.now()
    if accept:
        _check_teams_may_change(hackathon)
        if TeamMember.objects.filter(hackathon=hackathon, user_id=join_request.user_id).exists():
            raise StateConflict(_("This person has joined another team meanwhile."))
        if TeamMember.objects.filter(team=team).count() >= hackathon.team_size_max:
            raise StateConflict(_("The team is full."))
        TeamMember.objects.create(
            team=team, hackathon=hackathon, user_id=join_request.user_id, joined_at=now
        )
        join_request.status = TeamJoinRequest.Status.ACCEPTED
    else:
        join_request.status = TeamJoinRequest.Status.DECLINED
    join_request.decided_at = now
    join_request.save(update_fields=["status", "decided_at"])
    _publish(join_request, "team.join_decided")
    if accept:
        _withdraw_pending(user=join_request.user, hackathon=hackathon, now=now)
        _publish_team(team)
    return join_request


@transaction.atomic
def team_leave(*, user: User, team: Team) -> Team | None:
    """Leave a team. When the lead leaves, the member who has been in the team longest leads
    it; when the last member leaves, the team dissolves (returns None) - unless it has
    submitted its result, which stays with its last member."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Please sign in to take part in the hackathon."))
    hackathon = _lock_hackathon(team.hackathon_id)
    team = _lock_team(team, hackathon)
    members = _members(team)
    mine = next((m for m in members if m.user_id == user.pk), None)
    if mine is None:
        raise StateConflict(_("You are not in this team."))
    _check_teams_may_change(hackathon)
    if len(members) == 1:
        if team.submitted_at is not None:
            raise StateConflict(
                _("Your team has submitted its result: its last member cannot leave.")
            )
        data = output.team_dissolved(
            team_id=team.pk,
            challenge_id=hackathon.challenge_id,
            name=team.name,
            idea_id=team.idea_id,
        )
        team.delete()
        realtime.publish(hackathon_streams(hackathon.challenge_id), "team.changed", data)
        return None
    _remove_member(team, mine, members)
    _publish_team(team)
    return team


def _remove_member(team: Team, member: TeamMember, members: list[TeamMember]) -> None:
    """Delete a membership; a leaving lead hands over to the longest-standing member. The
    caller holds the team's lock and has checked that someone stays."""
    member.delete()
    if member.role == TeamMember.Role.LEAD:
        successor = next(m for m in members if m.pk != member.pk)
        TeamMember.objects.filter(pk=successor.pk).update(role=TeamMember.Role.LEAD)


_LINK = URLValidator(schemes=["http", "https"])


@transaction.atomic
def team_submit(
    *,
    actor: User,
    team: Team,
    code_url: str = "",
    demo_url: str = "",
    result_idea: Idea | None = None,
    title: str = "",
    summary: str = "",
    description: str = "",
) -> Team:
    """The lead submits the team's result: an idea of the challenge - an existing one by a
    team member (`result_idea`) or a new one posted by the lead (`title`, `summary`,
    `description`) - with a link to the code, a demo or both. Submitting again replaces the
    result until the jury phase is announced."""
    _check_participant(actor)
    hackathon = _lock_hackathon(team.hackathon_id)
    team = _lock_team(team, hackathon)
    if not team_can_lead(user=actor, team=team):
        raise PermissionDenied(_("Only the team's lead may submit the result."))
    _check_teams_may_change(hackathon)
    errors: dict[str, list[str]] = {}
    links = {"code_url": (code_url or "").strip(), "demo_url": (demo_url or "").strip()}
    for field, value in links.items():
        if value:
            try:
                _LINK(value)
            except ValidationError:
                errors[field] = [_("Enter a valid web address (http or https).")]
            if len(value) > 500:
                errors[field] = [
                    _("Make sure this field has no more than %(limit_value)d characters.")
                    % {"limit_value": 500}
                ]
    if not any(links.values()):
        errors["code_url"] = [_("Give a link to the code or to a demo (at least one).")]
    members = _members(team)
    if result_idea is not None:
        if (title or "").strip():
            errors["title"] = [_("Choose an existing idea or describe a new one, not both.")]
        elif not (
            Idea.objects.visible()
            .filter(
                pk=result_idea.pk,
                challenge_id=hackathon.challenge_id,
                author_id__in=[m.user_id for m in members],
            )
            .exists()
        ):
            errors["result_idea"] = [
                _("Choose an idea of this challenge written by a member of your team.")
            ]
        elif Team.objects.filter(result_idea=result_idea).exclude(pk=team.pk).exists():
            errors["result_idea"] = [_("This idea is already another team's result.")]
    elif not (title or "").strip():
        errors["title"] = [_("Give the result a title, or choose an existing idea.")]
    if errors:
        raise ValidationError(errors)
    if len(members) < hackathon.team_size_min:
        raise StateConflict(
            _("A team needs at least %(count)d members to submit its result.")
            % {"count": hackathon.team_size_min}
        )
    if result_idea is None:
        from ideas.services import idea_submit

        result_idea = idea_submit(
            author=actor,
            title=title,
            summary=summary,
            description=description,
            challenge=hackathon.challenge,
        )
    team.result_idea = result_idea
    team.code_url, team.demo_url = links["code_url"], links["demo_url"]
    team.submitted_at = timezone.now()
    team.save(update_fields=["result_idea", "code_url", "demo_url", "submitted_at"])
    _publish_team(team)
    return team


def team_memberships_erase_of(*, user: User, placeholder: User, keep_contributions: bool) -> None:
    """A deleted person leaves their teams even after the jury phase (privacy comes first): a
    lead hands over, and a team they were the last member of dissolves."""
    for membership in TeamMember.objects.filter(user=user).select_related("team"):
        with transaction.atomic():
            hackathon = _lock_hackathon(membership.hackathon_id)
            team = _lock_team(membership.team, hackathon)
            members = _members(team)
            if len(members) == 1:
                data = output.team_dissolved(
                    team_id=team.pk,
                    challenge_id=hackathon.challenge_id,
                    name=team.name,
                    idea_id=team.idea_id,
                )
                team.delete()
                realtime.publish(hackathon_streams(hackathon.challenge_id), "team.changed", data)
                continue
            _remove_member(team, next(m for m in members if m.user_id == user.pk), members)
            _publish_team(team)
