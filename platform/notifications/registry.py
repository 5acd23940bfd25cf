"""What domain apps tell notifications at start-up (in their `AppConfig.ready()`).

- A **target** is a kind of thing people can follow ("idea", "challenge", "organisation",
  "topic", "person"): how to check that a person may see it (to follow it), who may see it
  at all (to leave out followers who may not).
- A **kind** is a kind of notification ("comment", "reply", …): its name on the settings
  page and its text, folded over several events ("5 new comments on …").
- A **rule** says, for one catalogue event type, which kind of notification it makes, for
  whom (the followers of some targets, and people named directly, such as the author of the
  comment replied to), who acted (never notified of their own action), what it is about (the
  subject several notifications fold on), what the notification stores, and whom the event
  makes follow something (own idea, commented idea).

A rule runs in the worker on the stored event (realtime.handlers); each function gets the
event's payload. Moderation registers its decision rule the same way once it exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q

Ref = tuple[str, int]  # ("idea", 7)


@dataclass(frozen=True)
class Target:
    kind: str
    # visible(user, pk): may this person see (and so follow) it? False for unknown ids.
    visible: Callable[[object, int], bool]
    # audience(pk): who may see it at all, as a filter on people; None: everyone.
    audience: Callable[[int], Q | None] = lambda pk: None


@dataclass(frozen=True)
class Kind:
    key: str
    label: object  # a lazy translation: the kind's name on the settings page
    # describe(count, data) in the active language: "New comment on “Benches”" /
    # "5 new comments on “Benches”". `data` is what the rule stored.
    describe: Callable[[int, dict], str]
    position: int = 0
    # False: in-app only, never mailed and not on the mail settings page (moderation mails its
    # statement of reasons itself; a digest entry would tell the same twice).
    mailed: bool = True


@dataclass(frozen=True)
class Rule:
    event: str
    kind: str
    subject: Callable[[dict], Ref]
    data: Callable[[dict], dict]
    actor: Callable[[dict], int | None] = lambda data: None
    targets: Callable[[dict], Iterable[Ref]] = lambda data: ()
    direct: Callable[[dict], Iterable[int]] = lambda data: ()
    applies: Callable[[dict], bool] = lambda data: True
    # (person id, target) pairs the event makes follow: the author of a new idea follows it.
    auto_follow: Callable[[dict], Iterable[tuple[int, Ref]]] = lambda data: ()
    app: str = field(default="", compare=False)


_targets: dict[str, Target] = {}
_kinds: dict[str, Kind] = {}
_rules: list[Rule] = []


def register_target(target: Target) -> None:
    _targets[target.kind] = target


def register_kind(kind: Kind) -> None:
    _kinds[kind.key] = kind


def register_rule(rule: Rule) -> None:
    """Rules of one event run in registration order, and a person gets one notification per
    event: register the more personal rule first (a reply before a new comment)."""

    if rule.kind not in _kinds:
        raise ValueError(f"Register the kind {rule.kind!r} before a rule that uses it")
    _rules.append(rule)
    _wanted_events()


def _wanted_events() -> None:
    import realtime
    from notifications.services import notifications_from_event

    realtime.register_event_handler(
        "notifications", notifications_from_event, types={r.event for r in _rules}
    )


def unregister_rule(rule: Rule) -> None:
    """For tests that register a rule (and its kind) of their own."""
    if rule in _rules:
        _rules.remove(rule)
        _wanted_events()
    if not any(r.kind == rule.kind for r in _rules):
        _kinds.pop(rule.kind, None)


def target(kind: str) -> Target | None:
    return _targets.get(kind)


def target_kinds() -> list[str]:
    return sorted(_targets)


def kind(key: str) -> Kind | None:
    return _kinds.get(key)


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.position, k.key))


def mailed_kinds() -> list[Kind]:
    return [k for k in kinds() if k.mailed]


def rules_for(event_type: str) -> list[Rule]:
    return [rule for rule in _rules if rule.event == event_type]


@dataclass(frozen=True)
class Occurrence:
    """Something due by the clock, not by an event ("the challenge closes in 3 days"): `key`
    names it once and for all (running the check again notifies nobody twice)."""

    key: str
    kind: str
    subject: Ref
    data: dict
    targets: tuple[Ref, ...] = ()


# due(now) -> the occurrences due now; run by `manage.py notify_due` (cron, hourly).
_schedules: dict[str, Callable[[object], Iterable[Occurrence]]] = {}


def register_schedule(name: str, due: Callable[[object], Iterable[Occurrence]]) -> None:
    _schedules[name] = due


def schedules() -> dict[str, Callable[[object], Iterable[Occurrence]]]:
    return dict(_schedules)
