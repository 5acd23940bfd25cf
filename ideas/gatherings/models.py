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
