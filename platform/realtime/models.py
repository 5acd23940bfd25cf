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
    # From the event catalogue, never sent to clients. `entity` ("comment:12") is whose
    # content the payload carries, so an edit or deletion can find and redact its events;
    # `coalesce_key` ("tallies:idea:7"): a later event with the same key supersedes this one.
    entity = models.CharField(max_length=64, null=True, blank=True, db_index=True)
    coalesce_key = models.CharField(max_length=100, null=True, blank=True)

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


class LogHorizon(models.Model):
    """How far the log has been pruned: every event with id <= `pruned_through` may be gone.

    One row. A client asking to replay from an id below it gets `resync`. Comparing with the
    oldest *kept* id of the stream would be wrong: a quiet stream's first event can be far
    above a client's `since` without anything having been deleted in between.
    """

    pruned_through = models.BigIntegerField(default=0)
    pruned_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"pruned through #{self.pruned_through}"

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("pruned_through", flat=True).first() or 0
