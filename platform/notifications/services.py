"""Every write of notifications: follows, deriving notifications from events (in the worker, in
bulk), reading them, mail preferences, mail now or as a digest, unsubscribing, pruning."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import realtime
from accounts.models import User
from mail.services import mail_compose, mail_queue
from notifications import output, registry
from notifications.models import (
    DEFAULT_EMAIL_FREQUENCY,
    DigestSent,
    EmailFrequency,
    Follow,
    Notification,
    Preference,
)
from notifications.tokens import ALL_KINDS, Unsubscribe, unsubscribe_token_make

logger = logging.getLogger(__name__)

# Rows per INSERT and per unread-count query: 10,000 followers cost 10 of each.
BATCH_SIZE = 1000


class TargetUnknown(LookupError):
    """No such followable thing, or one this person may not see (the same answer)."""


def own_stream(person_id: int) -> str:
    return realtime.stream_name("user", person_id)


# --- Follows -----------------------------------------------------------------------------------


def follow_can(*, user, kind: str, target_id: int) -> bool:
    target = registry.target(kind)
    return target is not None and bool(target.visible(user, target_id))


@transaction.atomic
def follow_set(*, person: User, kind: str, target_id: int, active: bool = True) -> Follow:
    """Follow (or, with `active=False`, unfollow) a target the person may see."""
    if not (person.is_authenticated and follow_can(user=person, kind=kind, target_id=target_id)):
        raise TargetUnknown(kind)
    follow, created = Follow.objects.get_or_create(
        person=person, kind=kind, target_id=target_id, defaults={"active": active}
    )
    if not created and follow.active != active:
        follow.active = active
        follow.save(update_fields=["active"])
    return follow


def follows_add(pairs: Iterable[tuple[int, registry.Ref]]) -> None:
    """Automatic follows (own idea, commented idea) in one INSERT. Existing rows stay as they
    are: someone who unfollowed is not made to follow again by commenting once more."""
    rows = [Follow(person_id=person_id, kind=kind, target_id=pk) for person_id, (kind, pk) in pairs]
    if rows:
        Follow.objects.bulk_create(rows, ignore_conflicts=True)


# --- Deriving notifications --------------------------------------------------------------------


def _followers(targets: Iterable[registry.Ref]) -> Q:
    who = Q()
    for kind, pk in targets:
        who |= Q(kind=kind, target_id=pk)
    if not who:
        return Q(pk__in=[])
    return Q(pk__in=Follow.objects.filter(who, active=True).values("person_id"))


@dataclass(frozen=True)
class Cause:
    """One reason to notify: an event under a rule, or a due occurrence."""

    key: str
    kind: str
    subject: registry.Ref
    data: dict
    actor_id: int | None = None
    targets: tuple[registry.Ref, ...] = ()
    direct: tuple[int, ...] = ()


def notify(cause: Cause) -> int:
    """Notify everyone the cause concerns who may see its subject, except whoever acted and
    whoever this cause (its key) has notified already; send each their live frame and, to
    those who want it, a mail now. Inside the caller's transaction. Returns how many.

    Statements: one SELECT of the recipients, then per BATCH_SIZE recipients one INSERT of
    notifications, one unread count and one INSERT of events; a mail costs its own rows."""
    target = registry.target(cause.subject[0])
    audience = target.audience(cause.subject[1]) if target is not None else None
    who = _followers(cause.targets)
    if cause.direct:
        who |= Q(pk__in=list(cause.direct))
    people = (
        User.objects.filter(who, is_active=True)
        .exclude(pk__in=Notification.objects.filter(key=cause.key).values("recipient_id"))
        .order_by("pk")
    )
    if cause.actor_id is not None:
        people = people.exclude(pk=cause.actor_id)
    if audience is not None:
        people = people.filter(audience)
    recipients = list(people.values_list("pk", "language"))
    if not recipients:
        return 0
    texts: dict[str, str] = {}
    for _pk, language in recipients:
        if language not in texts:
            with translation.override(language):
                texts[language] = output.notification_text(cause.kind, cause.data)
    now = timezone.now()
    for start in range(0, len(recipients), BATCH_SIZE):
        batch = recipients[start : start + BATCH_SIZE]
        made = Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=pk,
                    key=cause.key,
                    kind=cause.kind,
                    subject_kind=cause.subject[0],
                    subject_id=cause.subject[1],
                    data=cause.data,
                    created_at=now,
                )
                for pk, _language in batch
            ]
        )
        unread = dict(
            Notification.objects.filter(
                recipient_id__in=[pk for pk, _language in batch], read_at__isnull=True
            )
            .values_list("recipient_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        realtime.publish_each(
            "notification.created",
            (
                (
                    own_stream(notification.recipient_id),
                    output.notification_event(
                        notification,
                        unread_count=unread.get(notification.recipient_id, 0),
                        text=texts[language],
                    ),
                )
                for notification, (_pk, language) in zip(made, batch, strict=True)
            ),
        )
    _mail_now(cause)
    return len(recipients)


def notifications_from_event(event) -> int:
    """The realtime event handler (run by the worker): every rule registered for the event's
    type, in order, under one key per event, then the automatic follows it causes."""
    total = 0
    with transaction.atomic():
        for rule in registry.rules_for(event.type):
            data = event.data
            if not rule.applies(data):
                continue
            total += notify(
                Cause(
                    key=f"event:{event.pk}",
                    kind=rule.kind,
                    subject=rule.subject(data),
                    data=rule.data(data),
                    actor_id=rule.actor(data),
                    targets=tuple(rule.targets(data)),
                    direct=tuple(rule.direct(data)),
                )
            )
            follows_add(rule.auto_follow(data))
    return total


def notifications_due(*, now: datetime | None = None) -> int:
    """Notify of what is due by the clock (registered schedules); safe to run any time, as
    often as wanted: each occurrence's key notifies a person once."""
    now = now or timezone.now()
    total = 0
    for due in registry.schedules().values():
        for occurrence in due(now):
            with transaction.atomic():
                total += notify(
                    Cause(
                        key=occurrence.key,
                        kind=occurrence.kind,
                        subject=occurrence.subject,
                        data=occurrence.data,
                        targets=occurrence.targets,
                    )
                )
    return total


# --- Reading -----------------------------------------------------------------------------------


def _unread_count(person_id: int) -> int:
    return Notification.objects.filter(recipient_id=person_id, read_at__isnull=True).count()


def _publish_unread(person_id: int) -> None:
    realtime.publish(
        own_stream(person_id),
        "notification.read",
        output.unread_event(unread_count=_unread_count(person_id)),
    )


@transaction.atomic
def notification_mark_read(*, person: User, notification_id: int) -> Notification:
    """Mark one of the person's own notifications read (someone else's: DoesNotExist)."""
    notification = Notification.objects.select_for_update().get(
        pk=notification_id, recipient_id=person.pk
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _publish_unread(person.pk)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, person: User) -> int:
    count = Notification.objects.filter(recipient_id=person.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        _publish_unread(person.pk)
    return count


# --- Preferences -------------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    known = registry.kind(kind)
    if known is None or not known.mailed:
        raise ValidationError({"kind": [_("There is no such kind of notification.")]})


@transaction.atomic
def preferences_set(*, person: User, emails: dict[str, str]) -> None:
    """Set how the person wants mail, per kind (`{"comment": "weekly", …}`); all or nothing."""
    for kind, frequency in emails.items():
        _check_kind(kind)
        if frequency not in EmailFrequency.values:
            raise ValidationError(
                {kind: [_("Choose one of: %s.") % ", ".join(EmailFrequency.values)]}
            )
    for kind, frequency in emails.items():
        Preference.objects.update_or_create(person=person, kind=kind, defaults={"email": frequency})


# --- Mail --------------------------------------------------------------------------------------


def _site(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _absolute(path: str | None) -> str:
    return settings.SITE_URL + (path or "/")


def _unsubscribe_headers(url: str) -> dict[str, str]:
    # RFC 8058: a mail client may POST "List-Unsubscribe=One-Click" to this address.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _entry(person_id: int, kind: str, subject: registry.Ref, data: dict, count: int) -> dict:
    return {
        "text": output.notification_text(kind, data, count),
        "url": _absolute(data.get("url")),
        "unfollow_url": _site(
            "frontend:unsubscribe",
            unsubscribe_token_make(person_id=person_id, follow=subject),
        ),
        "subject_label": data.get("title", ""),
    }


def _send(*, person: User, template: str, entries: list[dict], kind: str, **extra) -> None:
    url = _site("frontend:unsubscribe", unsubscribe_token_make(person_id=person.pk, kind=kind))
    message = mail_compose(
        template=template,
        context={
            **extra,
            "user": person,
            "entries": entries,
            "unsubscribe_url": url,
            "settings_url": _site("frontend:notification_list") + "#settings",
            "kind_label": "" if kind == ALL_KINDS else str(registry.kind(kind).label),
        },
        language=person.language,
    )
    mail_queue(to=person.email, message=message, headers=_unsubscribe_headers(url))


def _mail_now(cause: Cause) -> None:
    """A mail now to each recipient who wants this kind immediately (and has a confirmed
    address): one per person, composed in their language."""
    people = list(
        User.objects.filter(
            notifications__key=cause.key,
            notifications__emailed_at__isnull=True,
            notification_preferences__kind=cause.kind,
            notification_preferences__email=EmailFrequency.IMMEDIATELY,
            email_confirmed_at__isnull=False,
            is_active=True,
        )
    )
    for person in people:
        with translation.override(person.language):
            entry = _entry(person.pk, cause.kind, cause.subject, cause.data, 1)
        _send(
            person=person, template="notifications/mail/immediate", entries=[entry], kind=cause.kind
        )
    if people:
        Notification.objects.filter(key=cause.key, recipient__in=people).update(
            emailed_at=timezone.now()
        )


def digest_window(period: str, now: datetime) -> date:
    """The day (daily) or the Monday of the ISO week (weekly) `now` falls in, local time."""
    today = timezone.localdate(now)
    if period == DigestSent.Period.WEEKLY:
        return today - timedelta(days=today.weekday())
    return today


def _pending_digest(period: str, now: datetime):
    """Unread notifications not mailed yet whose kind the recipient wants in this digest."""
    chosen = Preference.objects.filter(person=OuterRef("recipient_id"), kind=OuterRef("kind"))
    return (
        Notification.objects.filter(
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__lte=now,
            recipient__is_active=True,
            recipient__email_confirmed_at__isnull=False,
        )
        .annotate(
            frequency=Coalesce(Subquery(chosen.values("email")[:1]), Value(DEFAULT_EMAIL_FREQUENCY))
        )
        .filter(frequency=period)
        .exclude(kind__in=[k.key for k in registry.kinds() if not k.mailed])
    )


def fold(notifications: Iterable[Notification]) -> list[tuple[str, registry.Ref, dict, int]]:
    """Many notifications of one kind about one subject become one entry with their count
    ("5 new comments on …"), carrying the newest one's data; in order of first appearance."""
    folded: dict[tuple[str, registry.Ref], list] = {}
    for n in notifications:
        key = (n.kind, (n.subject_kind, n.subject_id))
        if key in folded:
            folded[key][0] = n.data
            folded[key][1] += 1
        else:
            folded[key] = [n.data, 1]
    return [(kind, subject, data, count) for (kind, subject), (data, count) in folded.items()]


def digests_send(*, period: str, now: datetime | None = None) -> int:
    """Send each person due a `period` digest one mail with their pending notifications
    folded; returns how many digests were queued. Idempotent: a person gets one digest per
    window (DigestSent), and a notification is mailed once (emailed_at)."""
    if period not in DigestSent.Period.values:
        raise ValueError(f"Unknown period {period!r}")
    now = now or timezone.now()
    window = digest_window(period, now)
    pending = _pending_digest(period, now)
    done = DigestSent.objects.filter(period=period, window=window).values("person_id")
    person_ids = list(
        pending.exclude(recipient_id__in=done).values_list("recipient_id", flat=True).distinct()
    )
    sent = 0
    for person_id in sorted(set(person_ids)):
        with transaction.atomic():
            record, created = DigestSent.objects.get_or_create(
                person_id=person_id, period=period, window=window
            )
            if not created:
                continue
            notifications = list(
                pending.filter(recipient_id=person_id).select_related("recipient").order_by("id")
            )
            if not notifications:
                continue
            person = notifications[0].recipient
            with translation.override(person.language):
                entries = [
                    _entry(person.pk, kind, subject, data, count)
                    for kind, subject, data, count in fold(notifications)
                ]
            _send(
                person=person,
                template="notifications/mail/digest",
                entries=entries,
                kind=ALL_KINDS,
                period=period,
                count=len(notifications),
            )
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
            record.notification_count = len(notifications)
            record.save(update_fields=["notification_count"])
            sent += 1
    return sent


# --- Unsubscribing, pruning --------------------------------------------------------------------


@transaction.atomic
def unsubscribe_apply(*, link: Unsubscribe) -> User | None:
    """Do what a valid unsubscribe link says: mail of its kind (all kinds, for a digest's)
    set to never, or its follow ended. None when the person is gone."""
    person = User.objects.filter(pk=link.person_id, is_active=True).first()
    if person is None:
        return None
    if link.follow is not None:
        kind, pk = link.follow
        Follow.objects.filter(person=person, kind=kind, target_id=pk).update(active=False)
    elif link.kind:
        kinds = [k.key for k in registry.mailed_kinds()] if link.kind == ALL_KINDS else [link.kind]
        for kind in kinds:
            if registry.kind(kind) is not None:
                Preference.objects.update_or_create(
                    person=person, kind=kind, defaults={"email": EmailFrequency.NEVER}
                )
    return person


def notifications_prune(*, older_than: timedelta, batch_size: int = 5_000) -> int:
    """Delete read notifications read longer ago than `older_than`, in short batches."""
    cutoff = timezone.now() - older_than
    deleted = 0
    while True:
        ids = list(
            Notification.objects.filter(read_at__lt=cutoff).values_list("id", flat=True)[
                :batch_size
            ]
        )
        if not ids:
            return deleted
        count, _ = Notification.objects.filter(pk__in=ids).delete()
        deleted += count
