"""The events the workbench publishes (the event catalogue; registered in EvaluationConfig.ready).

Scores are never published: they are for staff and the jurors. The inbox's assignments go only
to `inbox:1`, which city staff alone may watch; the jury's result is public.
"""

from realtime.catalogue import EventType, PayloadField

# One inbox per deployment: its stream is `inbox:1` (stream names carry an id; there is one city).
INBOX_STREAM = "inbox:1"
RESULT = PayloadField("result", "challenge")

EVENTS = [
    EventType(
        "inbox.assigned",
        "`inbox:1` (city staff only)",
        "`assignment_data`",
        coalesce=PayloadField("inbox-assignment", "idea"),
    ),
    EventType(
        "evaluation.result_published",
        "`challenge:<challenge>`, `feed`",
        "`result_data`",
        entity=RESULT,
    ),
]
