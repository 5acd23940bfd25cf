"""The event catalogue: every event type a domain app publishes, declared by that app.

realtime imports no domain app, so it cannot know what `vote.changed` means. Each app lists
its event types in its own `events.py` and registers them in its `AppConfig.ready()`;
`realtime.publish` refuses a type nobody declared (fail closed). From a declaration realtime
takes, per event, the entity whose content the payload carries (so a later edit, deletion or
hiding can find and redact its events in the log) and the coalescing key (a later event with
the same key supersedes an earlier one: the replay and each socket send only the newest).
`realtime.redact` rewrites or removes the stored events of an entity by these declarations.
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
    reads as what it computes, so the catalogue table can show it. `field` may be a dotted
    path into the payload ("response.id")."""

    prefix: str
    field: str

    def __call__(self, data: dict) -> str | None:
        value: object = data
        for part in self.field.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return None if value is None else self.of(value)

    def of(self, value: object) -> str:
        """The key for one value, as a service names an entity to redact: "comment:12"."""
        return f"{self.prefix}:{value}"

    def __str__(self) -> str:
        return f"{self.prefix}:<{self.field}>"


@dataclass(frozen=True)
class EventType:
    """One declared event type.

    `streams` and `payload` are documentation (which streams it goes to, which output shape
    its data has); `entity` and `coalesce` are functions of the payload, evaluated once per
    publish and stored with the event.

    `shape_at` says where in the payload the entity's own shape sits: the payload itself
    (None: `comment_event` is a comment's shape plus `comment_count`), or under a key
    ("response": a status change inside `status_changed_event`). When the entity changes,
    `realtime.redact` replaces that shape in every stored event with the current one and
    keeps what the event adds around it.
    """

    type: str
    streams: str
    payload: str
    entity: PayloadKey | None = None
    coalesce: PayloadKey | None = None
    shape_at: str | None = None
    app: str = ""

    def __post_init__(self) -> None:
        if self.shape_at is not None and self.entity is None:
            raise ValueError(f"{self.type}: `shape_at` needs an `entity` whose shape it is")

    def with_shape(self, data: dict, current: dict) -> dict:
        """`data` with the entity's shape in it replaced by `current` (see `shape_at`)."""
        if self.shape_at is None:
            return {**data, **current}
        inner = data.get(self.shape_at)
        return {**data, self.shape_at: {**(inner if isinstance(inner, dict) else {}), **current}}


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


def declared(name: str) -> EventType | None:
    """The declaration of `name`, or None for a type no app declares (any more)."""
    return _catalogue.get(name)


def _describe(key: PayloadKey | None) -> str:
    if key is None:
        return "—"
    text = str(key) if isinstance(key, PayloadField) else (key.__doc__ or key.__name__)
    return f"`{text.strip()}`"


def _describe_entity(e: EventType) -> str:
    where = "" if e.shape_at is None else f" in `{e.shape_at}`"
    return _describe(e.entity) + where


def catalogue_table() -> str:
    """The catalogue as the Markdown table docs/realtime.md carries (a test compares them)."""
    lines = [
        "| type | app | streams | payload | entity | coalescing key |",
        "|---|---|---|---|---|---|",
    ]
    for e in catalogue():
        lines.append(
            f"| `{e.type}` | {e.app} | {e.streams} | {e.payload} | {_describe_entity(e)} "
            f"| {_describe(e.coalesce)} |"
        )
    return "\n".join(lines) + "\n"
