"""What challenges bring to notifications (registered in ChallengesConfig.ready): a challenge
can be followed; its followers hear when it opens, when it closes, and when it closes within
three days (by the clock: `manage.py notify_due`)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.notifications import city_staff
from challenges.models import Challenge
from notifications.registry import (
    Kind,
    Occurrence,
    Rule,
    Target,
    register_kind,
    register_rule,
    register_schedule,
    register_target,
)

CLOSING_SOON = timedelta(days=3)


def _audience(pk: int) -> Q | None:
    """A draft is for city staff only; a challenge that is gone for nobody."""
    status = Challenge.objects.filter(pk=pk).values_list("status", flat=True).first()
    if status is None:
        return Q(pk__in=[])
    return city_staff() if status == Challenge.Status.DRAFT else None


def _about(pk: int) -> dict:
    title = Challenge.objects.filter(pk=pk).values_list("title", flat=True).first() or ""
    return {"title": title, "url": reverse("frontend:challenge_detail", args=[pk])}


def _describe_phase(count: int, data: dict) -> str:
    if data.get("status") == Challenge.Status.OPEN:
        return _("The challenge “%(title)s” is open for ideas") % data
    return _("The challenge “%(title)s” has closed") % data


def _describe_closing(count: int, data: dict) -> str:
    return _("The challenge “%(title)s” closes within three days") % data


def closing_soon(now) -> list[Occurrence]:
    """Open challenges whose window ends within three days; the key holds the end, so a
    challenge extended and closing soon again is announced again."""
    due = Challenge.objects.filter(
        status=Challenge.Status.OPEN, closes_at__gt=now, closes_at__lte=now + CLOSING_SOON
    ).values_list("pk", "title", "closes_at")
    return [
        Occurrence(
            key=f"closing:challenge:{pk}:{closes_at.isoformat()}"[:80],
            kind="challenge_closing",
            subject=("challenge", pk),
            data={"title": title, "url": reverse("frontend:challenge_detail", args=[pk])},
            targets=(("challenge", pk),),
        )
        for pk, title, closes_at in due
    ]


def register() -> None:
    register_target(
        Target(
            "challenge",
            visible=lambda user, pk: Challenge.objects.visible_to(user).filter(pk=pk).exists(),
            audience=_audience,
        )
    )
    register_kind(
        Kind(
            "challenge_phase",
            gettext_lazy("A followed challenge opens or closes"),
            _describe_phase,
            position=60,
        )
    )
    register_kind(
        Kind(
            "challenge_closing",
            gettext_lazy("A followed challenge closes within three days"),
            _describe_closing,
            position=70,
        )
    )
    register_rule(
        Rule(
            event="challenge.status_changed",
            kind="challenge_phase",
            applies=lambda d: d["status"] in {Challenge.Status.OPEN, Challenge.Status.CLOSED},
            subject=lambda d: ("challenge", d["id"]),
            data=lambda d: {**_about(d["id"]), "status": d["status"]},
            actor=lambda d: (d.get("by") or {}).get("id"),
            targets=lambda d: [("challenge", d["id"])],
        )
    )
    register_schedule("challenge_closing", closing_soon)
