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
from ideas.gatherings.models import CalendarKey, Event, Registration
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
