"""What events and hackathons bring to notifications (registered in GatheringsConfig.ready):
followers of a challenge, topic, organisation (or working group) or idea hear of a new event
there; the people registered or waiting hear in the app that an event they meant to attend is
cancelled (the cancellation mail goes out from the service already, so that kind is never
mailed); a team's lead hears of a request to join, the asker of the answer; the hackathon's
teams and the challenge's followers hear that the jury phase has begun."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Topic, User
from challenges.models import Challenge
from ideas.gatherings.models import Event, Registration, Team, TeamJoinRequest, TeamMember
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

    register_kind(
        Kind("team_request", gettext_lazy("A request to join my hackathon team"), _team_asked, 62)
    )
    register_kind(
        Kind(
            "team_decision",
            gettext_lazy("The answer to my request to join a hackathon team"),
            _team_answered,
            63,
        )
    )
    register_kind(
        Kind(
            "jury_phase",
            gettext_lazy("The jury phase of a hackathon I take part in or follow"),
            _jury_phase,
            64,
        )
    )
    register_rule(
        Rule(
            event="team.join_requested",
            kind="team_request",
            subject=lambda d: ("challenge", _team_challenge(d["team"])),
            data=_team_request_data,
            actor=lambda d: d["user"],
            direct=_lead_while_pending,
        )
    )
    register_rule(
        Rule(
            event="team.join_decided",
            kind="team_decision",
            applies=lambda d: d["status"] in ("accepted", "declined"),
            subject=lambda d: ("challenge", _team_challenge(d["team"])),
            data=_team_request_data,
            direct=lambda d: [d["user"]],
        )
    )
    register_rule(
        Rule(
            event="hackathon.jury_announced",
            kind="jury_phase",
            subject=lambda d: ("challenge", d["challenge"]),
            data=_jury_data,
            targets=lambda d: [("challenge", d["challenge"])],
            direct=lambda d: list(
                TeamMember.objects.filter(hackathon__challenge_id=d["challenge"]).values_list(
                    "user_id", flat=True
                )
            ),
        )
    )


def _team_challenge(team_id: int) -> int:
    """The team's challenge (0 for a team dissolved before the worker came: nobody hears)."""
    return (
        Team.objects.filter(pk=team_id).values_list("hackathon__challenge_id", flat=True).first()
        or 0
    )


def _team_request_data(d: dict) -> dict:
    team = Team.objects.filter(pk=d["team"]).values("name", "hackathon__challenge_id").first()
    asker = User.objects.filter(pk=d["user"]).values_list("display_name", flat=True).first()
    challenge = (team or {}).get("hackathon__challenge_id")
    return {
        "title": (team or {}).get("name", ""),
        "url": reverse("frontend:challenge_detail", args=[challenge]) + "#teams"
        if challenge
        else "/",
        "actor": asker or "",
        "status": d["status"],
    }


def _lead_while_pending(d: dict) -> list[int]:
    if not TeamJoinRequest.objects.filter(
        pk=d["id"], status=TeamJoinRequest.Status.PENDING
    ).exists():
        return []
    return list(
        TeamMember.objects.filter(team_id=d["team"], role=TeamMember.Role.LEAD).values_list(
            "user_id", flat=True
        )
    )


def _jury_data(d: dict) -> dict:
    title = Challenge.objects.filter(pk=d["challenge"]).values_list("title", flat=True).first()
    return {
        "title": title or "",
        "url": reverse("frontend:challenge_detail", args=[d["challenge"]]),
    }


def _team_asked(count: int, data: dict) -> str:
    if count > 1:
        return _("%(count)d people ask to join your team “%(title)s”") % {"count": count, **data}
    return _("%(actor)s asks to join your team “%(title)s”") % data


def _team_answered(count: int, data: dict) -> str:
    if data.get("status") == "accepted":
        return _("You are now in the team “%(title)s”") % data
    return _("Your request to join the team “%(title)s” was declined") % data


def _jury_phase(count: int, data: dict) -> str:
    return _("The jury phase of “%(title)s” has begun") % data
