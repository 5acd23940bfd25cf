"""The events ideas publish (the event catalogue; registered in IdeasConfig.ready).

Each content event names its entity, so ideas/services.py can redact it with `realtime.redact`:
an edited or deleted comment's events carry its current shape (a deleted one: no text, no
author); every event of a withdrawn idea, its comments, official responses and offers leaves
the log (see `idea_events_redact`, `comment_events_redact`).
"""

from realtime.catalogue import EventType, PayloadField

IDEA_STREAMS = "`idea:<id>`, `challenge:<challenge>` (if any)"
COMMENT_STREAMS = "`idea:<idea>`, `challenge:<its challenge>` (if any)"
IDEA = PayloadField("idea", "id")
COMMENT = PayloadField("comment", "id")
STATUS_CHANGE = PayloadField("status_change", "response.id")
OFFER = PayloadField("offer", "id")

EVENTS = [
    EventType("idea.created", IDEA_STREAMS + ", `feed`", "`idea_card`", entity=IDEA),
    EventType("idea.updated", IDEA_STREAMS, "`idea_card`", entity=IDEA),
    # Says only which idea left: no content of it to redact later.
    EventType("idea.withdrawn", IDEA_STREAMS + ", `feed`", "`idea_withdrawn_event`"),
    EventType(
        "idea.status_changed",
        IDEA_STREAMS + ", `feed`",
        "`status_changed_event`",
        entity=STATUS_CHANGE,
        shape_at="response",
    ),
    EventType(
        "idea.offer_created",
        "`idea:<idea>`",
        "`offer_data`",
        entity=OFFER,
    ),
    # Moderation: a hidden idea's content leaves the log; the event says only which and why.
    EventType("idea.hidden", IDEA_STREAMS + ", `feed`", "`idea_hidden_event`"),
    EventType("idea.restored", IDEA_STREAMS + ", `feed`", "`idea_card`", entity=IDEA),
    EventType("comment.created", COMMENT_STREAMS + ", `feed`", "`comment_event`", entity=COMMENT),
    EventType("comment.updated", COMMENT_STREAMS, "`comment_event`", entity=COMMENT),
    EventType("comment.deleted", COMMENT_STREAMS + ", `feed`", "`comment_event`", entity=COMMENT),
]
EVENTS += [
    # Moderation: the comment's shape with `hidden` (the reason) or, restored, its text again.
    EventType("comment.hidden", COMMENT_STREAMS + ", `feed`", "`comment_event`", entity=COMMENT),
    EventType("comment.restored", COMMENT_STREAMS + ", `feed`", "`comment_event`", entity=COMMENT),
]
