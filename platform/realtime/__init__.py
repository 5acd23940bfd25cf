"""Live events: the outbox, publish-on-commit, and the WebSocket consumer.

Services call `realtime.publish(stream, type, data)` inside their transaction. Domain apps
import only this function (and the stream-name helpers); realtime imports no domain app.
"""

from realtime.publishing import publish, stream_name

__all__ = ["publish", "stream_name"]
