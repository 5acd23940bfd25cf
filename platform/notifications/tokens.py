"""Signed, expiring links that stop mail or a follow without logging in (RFC 8058 one-click)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "notifications.unsubscribe"
ALL_KINDS = "*"


@dataclass(frozen=True)
class Unsubscribe:
    """What a link stops: mail of one kind (`kind`, or ALL_KINDS for a digest), or following
    one target (`follow`, e.g. ("idea", 7))."""

    person_id: int
    kind: str = ""
    follow: tuple[str, int] | None = None


def unsubscribe_token_make(*, person_id: int, kind: str = "", follow=None) -> str:
    value = {"u": person_id, "k": kind, "f": f"{follow[0]}:{follow[1]}" if follow else ""}
    return signing.dumps(value, salt=SALT, compress=True)


def unsubscribe_token_read(token: str) -> Unsubscribe:
    """The link's content; raises signing.SignatureExpired (too old) or signing.BadSignature
    (changed, cut or made up)."""
    value = signing.loads(token, salt=SALT, max_age=settings.NOTIFICATIONS_UNSUBSCRIBE_DAYS * 86400)
    if not isinstance(value, dict) or not isinstance(value.get("u"), int):
        raise signing.BadSignature("Not an unsubscribe link")
    follow = None
    kind_text, _, pk = str(value.get("f") or "").partition(":")
    if kind_text and pk.isdigit():
        follow = (kind_text, int(pk))
    return Unsubscribe(person_id=value["u"], kind=str(value.get("k") or ""), follow=follow)
