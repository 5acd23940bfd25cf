"""The events ideas publish (the event catalogue; registered in IdeasConfig.ready)."""

from realtime.catalogue import EventType, PayloadField

IDEA_STREAMS = "`idea:<id>`, `challenge:<challenge>` (if any)"
COMMENT_STREAMS = "`idea:<idea>`, `challenge:<its challenge>` (if any)"
IDEA = PayloadField("idea", "id")
COMMENT = PayloadField("comment", "id")


def status_change_entity(data: dict) -> str | None:
    """status_change:<response.id>"""
    response = data.get("response") or {}
    return None if response.get("id") is None else f"status_change:{response['id']}"


EVENTS = [
    EventType("idea.created", IDEA_STREAMS + ", `feed`", "`idea_card`", entity=IDEA),
    EventType("idea.updated", IDEA_STREAMS, "`idea_card`", entity=IDEA),
    # Says only which idea left: no content of it to redact later.
    EventType("idea.withdrawn", IDEA_STREAMS + ", `feed`", "`idea_withdrawn_event`"),
    EventType(
        "idea.status_changed",
        IDEA_STREAMS + ", `feed`",
        "`status_changed_event`",
        entity=status_change_entity,
    ),
    EventType(
        "idea.offer_created",
        "`idea:<idea>`",
        "`offer_data`",
        entity=PayloadField("offer", "id"),
    ),
    EventType("comment.created", COMMENT_STREAMS + ", `feed`", "`comment_event`", entity=COMMENT),
    EventType("comment.updated", COMMENT_STREAMS, "`comment_event`", entity=COMMENT),
    EventType("comment.deleted", COMMENT_STREAMS + ", `feed`", "`comment_event`", entity=COMMENT),
]
