"""Live events: the outbox, publish-on-commit, and the WebSocket consumer.

Services call `realtime.publish(stream, type, data)` inside their transaction. Domain apps
import only this function, the stream-name helper and `register_stream_guard` (to say who may
watch their streams); realtime imports no domain app.
"""

from realtime.publishing import publish, stream_name
from realtime.streams import register_stream_guard

__all__ = ["publish", "register_stream_guard", "stream_name"]
