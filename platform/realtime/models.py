"""The event log (outbox): every public change, kept for replay to reconnecting clients."""

from django.db import models
from django.utils import timezone


class Event(models.Model):
    """One event on one stream. Ids increase; replay is `stream = s AND id > since`."""

    id = models.BigAutoField(primary_key=True)
    stream = models.CharField(max_length=64)
    type = models.CharField(max_length=40)
    data = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["stream", "id"], name="realtime_event_stream_id")]

    def __str__(self) -> str:
        return f"#{self.id} {self.stream} {self.type}"

    def as_frame(self) -> dict:
        return {
            "id": self.id,
            "stream": self.stream,
            "type": self.type,
            "data": self.data,
            "at": self.created_at.isoformat(),
        }
