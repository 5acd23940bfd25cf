"""Events of the Open Innovation Office (meet-ups, workshops, hackathons, working-group
meetings, online sessions), registrations with a waiting list, and personal calendar keys."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Topic
from challenges.models import Challenge
from ideas.models import Idea


class EventKind(models.TextChoices):
    MEETUP = "meetup", _("Meet-up")
    WORKSHOP = "workshop", _("Workshop")
    HACKATHON = "hackathon", _("Hackathon")
    GROUP_MEETING = "group_meeting", _("Working-group meeting")
    ONLINE_SESSION = "online_session", _("Online session")


class EventPlace(models.TextChoices):
    OFFICE = "office", _("Open Innovation Office")
    ADDRESS = "address", _("Another address")
    ONLINE = "online", _("Online")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Event(models.Model):
    Kind = EventKind
    Place = EventPlace
    Status = EventStatus

    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=20_000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETUP)
    topics = models.ManyToManyField(Topic, blank=True, related_name="events")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=10, choices=Place.choices, default=Place.OFFICE)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # Shown only to people with a seat (selectors.event_online_url_for).
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("seats"))
    organiser = models.ForeignKey(
        Organisation, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="events"
    )
    challenges = models.ManyToManyField(Challenge, blank=True, related_name="events")
    ideas = models.ManyToManyField(Idea, blank=True, related_name="events")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    # What came out of it, written after the event (with the ideas linked above).
    results = models.TextField(_("results"), max_length=10_000, blank=True)
    # Seats taken; changed only under the event row's lock (services), checked by constraints.
    registered_count = models.PositiveIntegerField(default=0, editable=False)
    waiting_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["starts_at", "id"], name="event_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ordered"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
            models.CheckConstraint(
                condition=Q(registered_count__lte=F("capacity")), name="event_within_capacity"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="event_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.registered_count, 0)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def is_past(self, now=None) -> bool:
        return (now or timezone.now()) >= self.ends_at


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    # The attendee agrees that the organiser sees their email address in the attendee list.
    share_email = models.BooleanField(_("share my email address with the organiser"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_once"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at", "id"], name="registration_queue")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event} ({self.status})"


def _new_calendar_key() -> str:
    return secrets.token_urlsafe(24)


class CalendarKey(models.Model):
    """The secret in the address of a person's "my events" feed: calendar programs cannot log
    in, so the address itself is the credential. Renewing it revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_key"
    )
    key = models.CharField(max_length=64, unique=True, default=_new_calendar_key)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar key")
        verbose_name_plural = _("calendar keys")

    def __str__(self) -> str:
        return f"{self.user}"

    def renew(self) -> None:
        self.key = _new_calendar_key()
        self.created_at = timezone.now()


# --- Hackathons --------------------------------------------------------------------------------
#
# A challenge becomes a hackathon by having a `Hackathon` row: teams form around the ideas of
# that challenge, grow by join requests up to a size limit, and submit their result as an idea
# with a link to code or a demo. Once the jury phase is announced nothing about teams changes.


TEAM_SIZE_LIMIT = 20


class Hackathon(models.Model):
    challenge = models.OneToOneField(
        Challenge, on_delete=models.CASCADE, related_name="hackathon", verbose_name=_("challenge")
    )
    team_size_min = models.PositiveSmallIntegerField(_("smallest team"), default=2)
    team_size_max = models.PositiveSmallIntegerField(_("largest team"), default=5)
    # Set once, by staff (services.hackathon_announce_jury): from then on teams are frozen.
    jury_announced_at = models.DateTimeField(_("jury phase announced"), null=True, blank=True)
    jury_statement = models.TextField(_("about the jury phase"), max_length=5_000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hackathon")
        verbose_name_plural = _("hackathons")
        constraints = [
            models.CheckConstraint(
                condition=Q(team_size_min__gte=1)
                & Q(team_size_max__lte=TEAM_SIZE_LIMIT)
                & Q(team_size_min__lte=F("team_size_max")),
                name="hackathon_team_sizes",
            ),
        ]

    def __str__(self) -> str:
        return str(self.challenge)

    @property
    def jury_announced(self) -> bool:
        return self.jury_announced_at is not None


class Team(models.Model):
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="teams")
    # The idea the team forms around (an idea of the hackathon's challenge; one team per idea).
    idea = models.OneToOneField(
        Idea, on_delete=models.CASCADE, related_name="hackathon_team", verbose_name=_("idea")
    )
    name = models.CharField(_("team name"), max_length=80)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The submitted result: an idea in the challenge, with a link to code and/or a demo.
    result_idea = models.ForeignKey(
        Idea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("result"),
    )
    code_url = models.URLField(_("link to the code"), max_length=500, blank=True)
    demo_url = models.URLField(_("link to the demo"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(
                fields=["result_idea"],
                condition=Q(result_idea__isnull=False),
                name="team_result_once",
            ),
        ]
        indexes = [models.Index(fields=["hackathon", "created_at", "id"], name="team_of_hackathon")]

    def __str__(self) -> str:
        return self.name


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Team lead")
    MEMBER = "member", _("Member")


class TeamMember(models.Model):
    Role = TeamRole

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    # The team's hackathon again, so that the database itself can say "one team per person
    # and hackathon" (a unique constraint cannot reach through the team).
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hackathon_teams"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["hackathon", "user"], name="team_member_once"),
            models.UniqueConstraint(
                fields=["team"], condition=Q(role=TeamRole.LEAD), name="team_one_lead"
            ),
            models.CheckConstraint(condition=Q(role__in=TeamRole.values), name="team_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.team}"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TeamJoinRequest(models.Model):
    Status = JoinRequestStatus

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_join_requests"
    )
    message = models.TextField(_("message to the team"), max_length=1_000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=Q(status=JoinRequestStatus.PENDING),
                name="join_request_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(status__in=JoinRequestStatus.values), name="join_request_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["team", "status"], name="join_request_team")]

    def __str__(self) -> str:
        return f"{self.user} -> {self.team} ({self.status})"
