"""What can be reported: a registry the domain apps fill in at start-up.

moderation imports no domain app, so it cannot know what an "idea" is. Each app registers a
ReportableKind in its `AppConfig.ready()`; a report of a kind nobody registered is refused.
The domain's own services do the hiding: they publish their catalogue events and redact the
stored ones (see realtime/redaction.py), in the transaction of the decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemContext:
    """What the queue shows of an item: a title, an excerpt, where it lives, and the challenge
    it belongs to (moderators of one challenge see only its items)."""

    title: str
    excerpt: str
    url: str
    challenge_id: int | None = None


@dataclass(frozen=True)
class ReportableKind:
    """One kind of reportable content.

    `load(pk)` returns the item or None (unknown, withdrawn, deleted: not reportable);
    `author(item)` the person it is about (whom decisions concern, who may appeal);
    `context(item)` an ItemContext; `hide(item, reason)` and `restore(item)` change what the
    public sees (None: this kind cannot be hidden, e.g. a person: warn or block instead).
    `hide` and `restore` run inside the decision's transaction and must not check rights:
    moderation has checked them.
    """

    kind: str
    label: object
    load: Callable[[int], object | None]
    author: Callable[[object], object | None]
    context: Callable[[object], ItemContext]
    hide: Callable[[object, str], None] | None = None
    restore: Callable[[object], None] | None = None


_kinds: dict[str, ReportableKind] = {}


def register_reportable(kind: ReportableKind) -> None:
    _kinds[kind.kind] = kind


def reportable(kind: str) -> ReportableKind | None:
    return _kinds.get(kind)


def reportable_kinds() -> list[ReportableKind]:
    return sorted(_kinds.values(), key=lambda k: k.kind)
