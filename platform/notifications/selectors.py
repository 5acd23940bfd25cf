"""Reads of notifications and follows shared by the API and the site."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from notifications import registry
from notifications.models import DEFAULT_EMAIL_FREQUENCY, Follow, Notification, Preference


def notifications_of(*, person, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's notifications, newest first (served by notification_recipient_new)."""
    notifications = Notification.objects.filter(recipient_id=person.pk).order_by("-id")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


def unread_count(*, person) -> int:
    if not person.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=person.pk, read_at__isnull=True).count()


def notifications_page(*, person, page: int, size: int = 20) -> tuple[list[Notification], bool]:
    """One page of the person's notifications for the site, and whether another follows."""
    start = (max(page, 1) - 1) * size
    rows = list(notifications_of(person=person)[start : start + size + 1])
    return rows[:size], len(rows) > size


def follow_state(*, person, kind: str, target_id: int) -> dict:
    """What a follow button shows: how many follow, and whether this person does (one query,
    on the index of active follows)."""
    me = person.pk if person.is_authenticated else None
    counts = Follow.objects.filter(kind=kind, target_id=target_id, active=True).aggregate(
        n=Count("id"), mine=Count("id", filter=Q(person_id=me))
    )
    return {
        "kind": kind,
        "id": target_id,
        "follower_count": counts["n"],
        "following": bool(counts["mine"]),
    }


def email_preferences(*, person) -> dict[str, str]:
    """Every registered kind with the person's choice (the default where they made none)."""
    chosen = dict(Preference.objects.filter(person_id=person.pk).values_list("kind", "email"))
    return {
        kind.key: chosen.get(kind.key, DEFAULT_EMAIL_FREQUENCY) for kind in registry.mailed_kinds()
    }


def followed_ids(*, person, kind: str) -> set[int]:
    """The targets of one kind the person follows (e.g. their topics)."""
    return set(
        Follow.objects.filter(person_id=person.pk, kind=kind, active=True).values_list(
            "target_id", flat=True
        )
    )
