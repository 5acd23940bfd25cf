"""Redaction: the log never serves content that is no longer public in that form.

Domain services call `realtime.redact` in the transaction that edits, deletes, withdraws or
hides content; it finds the content's stored events by the catalogue's entity (indexed) and
rewrites or removes them, so a replay from any `since` shows what the entity shows now.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from realtime.catalogue import declared
from realtime.publishing import _jsonable


def redact(*, entity: str | Iterable[str], current: dict | None) -> int:
    """Make the stored events of an entity show no more than the entity shows now, in the
    caller's transaction (the change and its redaction commit together). Returns how many
    events were rewritten or removed.

    `entity` is the catalogue's entity ("comment:12"). `current` is its outward shape as it
    is now (an edited comment's new text; a deleted one's shape without text or author):
    every event of the entity gets it in place of the shape it was published with (where,
    the catalogue entry says: `EventType.shape_at`); what the event adds, such as a
    comment's `comment_count` at the time, stays. A replaying client renders the events as
    before, only with today's content. `current=None` means the entity is no longer public
    at all (a withdrawn idea, content hidden by moderation): its events leave the log, and
    `entity` may then name several. Clients that watch live learn of the change by the
    event the service publishes with it (`comment.deleted`, `idea.withdrawn`, ...).
    """
    from realtime.models import Event

    entities = [entity] if isinstance(entity, str) else list(entity)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("realtime.redact must be called in the transaction of the change")
    if not entities:
        return 0
    if current is None:
        # In slices: an idea with thousands of comments must not overrun SQLite's limit on
        # query parameters.
        return sum(
            Event.objects.filter(entity__in=entities[i : i + 500]).delete()[0]
            for i in range(0, len(entities), 500)
        )
    if len(entities) != 1:
        raise ValueError("One current shape redacts one entity")
    shape = _jsonable(current)
    changed, undeclared = [], []
    for event in Event.objects.filter(entity=entities[0]).only("id", "type", "data"):
        declaration = declared(event.type)
        if declaration is None:
            # A type no app declares any more: nobody can say where its content sits.
            undeclared.append(event.id)
            continue
        data = declaration.with_shape(event.data, shape)
        if data != event.data:
            event.data = data
            changed.append(event)
    if changed:
        Event.objects.bulk_update(changed, ["data"])
    if undeclared:
        Event.objects.filter(id__in=undeclared).delete()
    return len(changed) + len(undeclared)
