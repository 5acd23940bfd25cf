"""Outward shapes of notifications, defined once for the API, the live events and the mails."""

from __future__ import annotations

from accounts.output import iso_datetime
from notifications import registry
from notifications.models import Notification


def notification_text(kind: str, data: dict, count: int = 1) -> str:
    """The notification's sentence in the active language; folded over `count` events."""
    known = registry.kind(kind)
    if known is None:  # a kind whose app is gone: still say something
        return str(data.get("title", ""))
    return known.describe(count, data)


def notification_data(notification: Notification, *, text: str | None = None) -> dict:
    """A notification as its recipient's centre lists it, its text in the active language
    (`text`: the caller has it already, as the fan-out does once per language)."""
    data = notification.data
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "text": notification_text(notification.kind, data) if text is None else text,
        "url": data.get("url"),
        "subject": {"kind": notification.subject_kind, "id": notification.subject_id},
        "actor": data.get("actor"),
        "read": notification.read_at is not None,
        "created_at": iso_datetime(notification.created_at),
    }


def notification_event(notification: Notification, *, unread_count: int, text: str) -> dict:
    """What `user:<id>` gets when a notification is made: the notification in its recipient's
    language (the stream is theirs alone) and their new unread count for the bell."""
    return {
        "notification": notification_data(notification, text=text),
        "unread_count": unread_count,
    }


def unread_event(*, unread_count: int) -> dict:
    return {"unread_count": unread_count}
