"""Stream names and who may watch them: a registry that domain apps fill in at start-up.

realtime imports no domain app, so it cannot know what `challenge:7` is. Each app registers
a guard for its stream kind in its `AppConfig.ready()`; a kind without a guard is refused
(fail closed), so a forgotten registration never leaks a private stream.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from realtime.publishing import STREAM_RE

# guard(user, pk) -> may this user watch `<kind>:<pk>`? False for unknown ids too, so an
# unknown id and a forbidden one look the same to the client (no probing for drafts).
StreamGuard = Callable[[object, int], bool]

_guards: dict[str, StreamGuard] = {}

# Streams anyone may watch without asking a domain app.
PUBLIC_STREAMS = frozenset({"feed"})


def register_stream_guard(kind: str, guard: StreamGuard) -> None:
    """Let `guard(user, pk)` decide who may watch the streams `<kind>:<pk>`."""
    _guards[kind] = guard


def guarded_kinds() -> frozenset[str]:
    """The stream kinds some app has registered a guard for (the authorization matrix test
    classifies each one)."""
    return frozenset(_guards)


@dataclass(frozen=True)
class Stream:
    name: str
    kind: str
    pk: int | None


def parse_stream(value: object) -> Stream | None:
    """A Stream for a well-formed name (`feed`, `challenge:7`, `idea:42`), else None."""
    if not isinstance(value, str) or not STREAM_RE.fullmatch(value):
        return None
    kind, _, pk = value.partition(":")
    return Stream(name=value, kind=kind, pk=int(pk) if pk else None)


def may_watch(user, stream: Stream) -> bool:
    """Whether `user` may watch `stream`. Runs domain queries: call it from a thread."""
    if stream.name in PUBLIC_STREAMS:
        return True
    guard = _guards.get(stream.kind)
    if guard is None or stream.pk is None:
        return False
    return bool(guard(user, stream.pk))
