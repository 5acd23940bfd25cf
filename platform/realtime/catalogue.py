"""The event catalogue: every event type a domain app publishes, declared by that app.

realtime imports no domain app, so it cannot know what `vote.changed` means. Each app lists
its event types in its own `events.py` and registers them in its `AppConfig.ready()`;
`realtime.publish` refuses a type nobody declared (fail closed). From a declaration realtime
takes, per event, the entity whose content the payload carries (so a later edit, deletion or
hiding can find and redact its events in the log) and the coalescing key (a later event with
the same key supersedes an earlier one: the replay and each socket send only the newest).
docs/realtime.md lists the catalogue; `manage.py event_catalogue` prints that table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

# A function of the payload: e.g. the entity "comment:12", or the key "tallies:idea:7".
PayloadKey = Callable[[dict], str | None]


@dataclass(frozen=True)
class PayloadField:
    """`PayloadField("comment", "id")(data)` -> "comment:<data['id']>". A declaration that
    reads as what it computes, so the catalogue table can show it."""

    prefix: str
    field: str

    def __call__(self, data: dict) -> str | None:
        value = data.get(self.field)
        return None if value is None else f"{self.prefix}:{value}"

    def __str__(self) -> str:
        return f"{self.prefix}:<{self.field}>"


@dataclass(frozen=True)
class EventType:
    """One declared event type.

    `streams` and `payload` are documentation (which streams it goes to, which output shape
    its data has); `entity` and `coalesce` are functions of the payload, evaluated once per
    publish and stored with the event.
    """

    type: str
    streams: str
    payload: str
    entity: PayloadKey | None = None
    coalesce: PayloadKey | None = None
    app: str = ""


class UndeclaredEvent(LookupError):
    """`realtime.publish` was asked for an event type no app has declared."""


_catalogue: dict[str, EventType] = {}


def register_events(app: str, event_types: Iterable[EventType]) -> None:
    """Declare the event types `app` publishes. Declaring one type from two apps is an error:
    the log could not say whose it is."""
    for event_type in event_types:
        known = _catalogue.get(event_type.type)
        if known is not None and known.app != app:
            raise ValueError(f"Event type {event_type.type!r} is declared by {known.app!r}")
        _catalogue[event_type.type] = replace(event_type, app=app)


def unregister_events(types: Iterable[str]) -> None:
    """Forget declarations (tests that declare event types of their own clean up with it)."""
    for name in types:
        _catalogue.pop(name, None)


def event_type(name: str) -> EventType:
    try:
        return _catalogue[name]
    except KeyError:
        raise UndeclaredEvent(
            f"Event type {name!r} is not declared: add it to the publishing app's events.py"
        ) from None


def catalogue() -> list[EventType]:
    """Every declared event type, by app and type."""
    return sorted(_catalogue.values(), key=lambda e: (e.app, e.type))


def _describe(key: PayloadKey | None) -> str:
    if key is None:
        return "—"
    text = str(key) if isinstance(key, PayloadField) else (key.__doc__ or key.__name__)
    return f"`{text.strip()}`"


def catalogue_table() -> str:
    """The catalogue as the Markdown table docs/realtime.md carries (a test compares them)."""
    lines = [
        "| type | app | streams | payload | entity | coalescing key |",
        "|---|---|---|---|---|---|",
    ]
    for e in catalogue():
        lines.append(
            f"| `{e.type}` | {e.app} | {e.streams} | {e.payload} | {_describe(e.entity)} "
            f"| {_describe(e.coalesce)} |"
        )
    return "\n".join(lines) + "\n"
