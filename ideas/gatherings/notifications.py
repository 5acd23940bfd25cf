"""What events bring to notifications (registered in GatheringsConfig.ready): followers of a
challenge, topic, organisation (or working group) or idea hear of a new event there, and the
people registered or waiting hear in the app that an event they meant to attend is cancelled
(the cancellation mail goes out from the service already, so that kind is never mailed)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Topic
from ideas.gatherings.models import Event, Registration
from notifications.registry import Kind, Rule, Target, register_kind, register_rule, register_target


def _about(pk: int) -> dict:
    event = Event.objects.filter(pk=pk).values("title", "starts_at").first() or {}
    starts = event.get("starts_at")
    return {
        "title": event.get("title", ""),
        "url": reverse("frontend:event_detail", args=[pk]),
        "starts_at": starts.isoformat() if starts else "",
    }


def _when(data: dict) -> str:
    """The start in the reader's language and the site's time zone (Europe/Berlin)."""
    if not data.get("starts_at"):
        return ""
    moment = timezone.localtime(datetime.fromisoformat(data["starts_at"]))
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT")


def _describe_new_event(count: int, data: dict) -> str:
    # One notification per event and person: nothing folds (the subject is the event).
    return _("New event: “%(title)s” on %(when)s") % {
        "title": data.get("title", ""),
        "when": _when(data),
    }


def _describe_cancelled(count: int, data: dict) -> str:
    return _("The event “%(title)s” on %(when)s is cancelled") % {
        "title": data.get("title", ""),
        "when": _when(data),
    }


def _new_event_targets(d: dict) -> list[tuple[str, int]]:
    targets: list[tuple[str, int]] = []
    if d.get("organiser"):
        targets.append(("organisation", d["organiser"]["id"]))
    targets += [("challenge", pk) for pk in d.get("challenges") or []]
    targets += [("idea", pk) for pk in d.get("ideas") or []]
    slugs = [t["slug"] for t in d.get("topics") or []]
    if slugs:
        targets += [
            ("topic", pk)
            for pk in Topic.objects.filter(slug__in=slugs).values_list("pk", flat=True)
        ]
    return targets


def _creator(d: dict) -> int | None:
    return Event.objects.filter(pk=d["id"]).values_list("created_by_id", flat=True).first()


def _registered(d: dict) -> list[int]:
    return list(Registration.objects.filter(event_id=d["id"]).values_list("user_id", flat=True))


def register() -> None:
    # An event is public while it exists; following one is possible (the unfollow link of a
    # notification names its subject), though what people follow are its places and topics.
    register_target(Target("event", visible=lambda user, pk: Event.objects.filter(pk=pk).exists()))
    register_kind(
        Kind(
            "new_event",
            gettext_lazy(
                "A new event in a followed challenge, topic or organisation, or on a followed idea"
            ),
            _describe_new_event,
            60,
        )
    )
    register_kind(
        Kind(
            "event_cancelled",
            gettext_lazy("An event I registered for is cancelled"),
            _describe_cancelled,
            61,
            mailed=False,
        )
    )
    register_rule(
        Rule(
            event="event.created",
            kind="new_event",
            subject=lambda d: ("event", d["id"]),
            data=lambda d: _about(d["id"]),
            actor=_creator,
            targets=_new_event_targets,
        )
    )
    register_rule(
        Rule(
            event="event.cancelled",
            kind="event_cancelled",
            subject=lambda d: ("event", d["id"]),
            data=lambda d: _about(d["id"]),
            actor=lambda d: None,
            direct=_registered,
        )
    )
