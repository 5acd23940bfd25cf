"""Event handlers: capabilities that derive background work from published events.

realtime knows no capability either. A capability (notifications) registers a handler in its
`AppConfig.ready()` with the event types it wants; `realtime.publish` then enqueues one task
per event and handler, in the publishing transaction, and the worker (`manage.py db_worker`)
calls the handler with the stored event. The request pays one task row; the handler may then
write as much as it needs. An event that was redacted away before the worker came (a
withdrawn idea's) is gone from the log, and its handler is not called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

# handler(event) where `event` is the stored realtime.models.Event (its first stream's row).
EventHandler = Callable[[object], None]


@dataclass(frozen=True)
class Handler:
    name: str
    handle: EventHandler
    types: frozenset[str]


_handlers: dict[str, Handler] = {}


def register_event_handler(name: str, handle: EventHandler, *, types: Iterable[str]) -> None:
    """Call `handle(event)` in the worker for every published event of one of `types`."""
    _handlers[name] = Handler(name=name, handle=handle, types=frozenset(types))


def unregister_event_handler(name: str) -> None:
    _handlers.pop(name, None)


def handlers_for(type: str) -> list[Handler]:  # noqa: A002
    return [h for h in _handlers.values() if type in h.types]


def handlers_enqueue(*, type: str, event_id: int) -> None:  # noqa: A002
    """One task per handler that wants `type`; inside the publishing transaction."""
    wanted = handlers_for(type)
    if not wanted:
        return
    from realtime.tasks import event_handle_task

    for handler in wanted:
        event_handle_task.enqueue(handler=handler.name, event_id=event_id)


def event_handle(*, handler: str, event_id: int) -> bool:
    """Run one handler on one stored event; False when either is gone."""
    from realtime.models import Event

    registered = _handlers.get(handler)
    event = Event.objects.filter(pk=event_id).first()
    if registered is None or event is None:
        return False
    registered.handle(event)
    return True
