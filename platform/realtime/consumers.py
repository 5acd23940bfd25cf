"""The one WebSocket endpoint, `/ws/`: subscribe to streams, catch up from the log, go live.

Client -> server: `{"action": "subscribe", "stream": "idea:42", "since": 123 | null}` and
`{"action": "unsubscribe", "stream": "idea:42"}`. Server -> client: event frames
`{"id", "stream", "type", "data", "at"}`, `{"type": "subscribed", "stream", "last_id"}`,
`{"type": "resync", "stream"}` and `{"type": "error", "code", "detail"}`. docs/realtime.md
describes the protocol; the socket only pushes, every write goes over HTTP.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import timedelta

from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from ops.metrics import OPEN_SOCKETS, SUBSCRIPTIONS, observe_delivery
from realtime.fanout import fanout_for, run_eagerly
from realtime.selectors import events_replay
from realtime.streams import may_watch, parse_stream

logger = logging.getLogger(__name__)

# Close code for a client that sends more than REALTIME_MAX_FRAMES_PER_10S frames within
# ten seconds (4000-4999 are free for applications; 4008 mirrors HTTP 408/429 in spirit).
CLOSE_FLOODING = 4008
FLOOD_WINDOW_SECONDS = 10.0
# "Try again later": the broker is unreachable or was lost; reconnect with `since`. 1013 is
# the standard code, but daphne (autobahn) lets a server send only 1000 and 3000-4999 and
# fails the close otherwise, so it is mirrored into the application range.
CLOSE_TRY_AGAIN_LATER = 4013
# More missed events than this on one stream are cheaper to reload by HTTP than to replay.
MAX_REPLAY_EVENTS = 1_000


@dataclass
class Subscription:
    # Ids already sent by the replay (or folded into a newer frame there): their live
    # copies may still be queued, because the group was joined before the log was read.
    replayed: set[int] = field(default_factory=set)


@dataclass
class CoalesceGate:
    """Coalesces the frames of one coalescing key (e.g. "tallies:idea:42") on one stream for
    this socket; the key comes from the event catalogue with each broadcast."""

    quiet_until: float = 0.0
    last_sent_id: int = 0
    pending: dict | None = None  # the newest frame held back, and its encoded text
    pending_text: str = ""
    task: asyncio.Task | None = None


def _language(scope) -> str:
    """The best supported language from Accept-Language: error details are shown to people."""
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            for code, _q in parse_accept_lang_header(value.decode("latin-1")):
                try:
                    return translation.get_supported_language_variant(code)
                except LookupError:
                    continue
    return settings.LANGUAGE_CODE


SERVER_SEND_KEY = "realtime.server_send"


class KeepServerSend:
    """ASGI middleware, outermost on the WebSocket route: keeps the server's `send` in the
    scope, so the consumer can bypass per-frame wrappers that only matter for HTTP."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        return await self.inner({**scope, SERVER_SEND_KEY: send}, receive, send)


class StreamConsumer(AsyncWebsocketConsumer):
    """One socket, many streams. Dispatch is sequential: while a subscription replays from
    the log, live frames wait in the socket's inbox and are filtered against the replay."""

    async def __call__(self, scope, receive, send):
        # Channels' `AsyncConsumer.__call__` gives each socket its own layer channel and feeds
        # `dispatch` through `await_many_dispatch`, which per message builds an `asyncio.wait`
        # over both sources and a fresh task for the next receive. A broadcast runs that once
        # per socket, so on a popular stream it was a large share of the CPU per delivered
        # frame. Here the process's `Fanout` receives each broadcast once and offers it to
        # every local socket on that stream, and a lock keeps each socket's handling
        # sequential, as before.
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        if self.channel_layer is None:
            raise ImproperlyConfigured("Live streams need a channel layer (CHANNEL_LAYERS).")
        self.fanout = fanout_for(self.channel_layer)
        self.inbox: asyncio.Queue[dict] = asyncio.Queue()
        self.lock = asyncio.Lock()  # held while handling any one message
        self.failure: list[Exception] = []
        self.subscriptions: dict[str, Subscription] = {}
        # The server's own send, when KeepServerSend put it in the scope: Channels' session
        # middleware wraps `send` to save a changed session on HTTP responses, a check it
        # repeats on every WebSocket frame (~6 µs a frame, a seventh of a delivery's CPU)
        # although a WebSocket message never carries a session.
        self.base_send = scope.get(SERVER_SEND_KEY, send)
        try:
            await self._dispatch_loop(receive)
        except StopConsumer:
            pass
        finally:
            # After an error the disconnect handler may not have run: leave every stream.
            await self._leave_all()

    async def _dispatch_loop(self, receive) -> None:
        """Handle client (ASGI) messages and broadcast events one at a time, each source in
        arrival order. Client messages are handled in this task; events either at once in the
        Fanout's task (`offer`) or by a child task draining the inbox. When either fails, or
        the client disconnects, the other stops and the error is raised here.

        Events skip `dispatch`: since Channels 4.2 `AsyncConsumer.dispatch` awaits
        `aclose_old_connections()` before every handler, a hop to the sync thread to recycle
        stale database connections. `stream_event` touches no database and runs once per
        socket per event, so that hop would put every broadcast frame through the single sync
        thread for nothing. Client frames and connect/disconnect keep it; replays use
        `database_sync_to_async`, which closes old connections itself."""
        self.task = asyncio.current_task()

        async def drain_inbox() -> None:
            get = self.inbox.get
            while True:
                await self._deliver(await get())

        inbox_loop = asyncio.create_task(drain_inbox())
        try:
            while True:
                message = await receive()
                async with self.lock:
                    await self.dispatch(message)
        except asyncio.CancelledError:
            if self.failure:
                raise self.failure[0] from None
            raise
        finally:
            inbox_loop.cancel()
            with suppress(asyncio.CancelledError):
                await inbox_loop

    def offer(self, message: dict) -> None:
        """A broadcast on one of this socket's streams, from the process's Fanout. Sent at
        once when the socket is idle; queued while it handles something else (a replay: the
        live copy then waits and is filtered against it) or has older events queued."""
        if self.lock.locked() or not self.inbox.empty():
            self.inbox.put_nowait(message)
        else:
            run_eagerly(self._deliver(message))

    async def _deliver(self, message: dict) -> None:
        try:
            async with self.lock:  # an uncontended acquire does not suspend
                await self.stream_event(message)
        except Exception as exc:
            # Runs in the Fanout's task or the inbox loop: end this socket, not those.
            if not self.failure:
                self.failure.append(exc)
                self.task.cancel()

    def broker_lost(self) -> None:
        """From the Fanout: the process's subscription to the broker broke, so this socket
        may have missed events on any of its streams. Close with 4013 (try again later): the
        client reconnects with `since` and the replay from the log fills the gap."""
        if self.closing:
            return
        self.closing = True
        self.closer = asyncio.create_task(self._close_for_broker())

    async def _close_for_broker(self) -> None:
        try:
            async with self.lock:  # after whatever this socket is sending now
                with translation.override(self.language):
                    await self._error(
                        "unavailable", _("Live updates are unavailable; please reconnect.")
                    )
                await self.close(code=CLOSE_TRY_AGAIN_LATER, reason="broker connection lost")
        except Exception:
            # The client left meanwhile: nothing to tell.
            logger.debug("Could not close a socket after a broker loss", exc_info=True)

    async def _leave_all(self) -> None:
        for stream in list(self.subscriptions):
            if self.subscriptions.pop(stream, None) is not None:
                SUBSCRIPTIONS.dec()
            try:
                await self.fanout.leave(stream, self)
            except Exception:
                # The broker is away; its subscription dies with the connection anyway.
                logger.warning("Could not leave stream %s on disconnect", stream, exc_info=True)

    async def connect(self):
        self.gates: dict[tuple[str, str], CoalesceGate] = {}
        self.received_at: deque[float] = deque()
        self.closing = False
        self.language = _language(self.scope)
        self.max_frame_bytes = settings.REALTIME_MAX_FRAME_BYTES
        self.max_frames = settings.REALTIME_MAX_FRAMES_PER_10S
        self.max_streams = settings.REALTIME_MAX_STREAMS
        self.coalesce_window = settings.REALTIME_COALESCE_MS / 1000
        self.grace = timedelta(seconds=settings.REALTIME_REPLAY_GRACE_SECONDS)
        self.replay_budget = settings.REALTIME_REPLAY_BUDGET
        self.replay_window = settings.REALTIME_REPLAY_BUDGET_SECONDS
        self.replay_spent: deque[tuple[float, int]] = deque()  # (when, how many frames)
        await self.accept()
        OPEN_SOCKETS.inc()
        self.counted = True

    async def disconnect(self, code):
        self.closing = True
        if getattr(self, "counted", False):
            self.counted = False
            OPEN_SOCKETS.dec()
        for gate in getattr(self, "gates", {}).values():
            if gate.task is not None:
                gate.task.cancel()
        await self._leave_all()

    # --- Client -> server ---------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.closing:
            return
        # Error details are read by people: in the language their browser asked for.
        with translation.override(self.language):
            await self._receive(text_data)

    async def _receive(self, text_data: str | None) -> None:
        if self._flooding():
            self.closing = True
            await self._error("flooding", _("Too many messages; the connection is closed."))
            await self.close(code=CLOSE_FLOODING, reason="too many messages")
            return
        if text_data is None:
            await self._error("bad_frame", _("Messages must be JSON text."))
            return
        if len(text_data) > self.max_frame_bytes or (
            len(text_data.encode("utf-8")) > self.max_frame_bytes
        ):
            await self._error(
                "frame_too_large",
                _("A message may have at most %(limit)d bytes.") % {"limit": self.max_frame_bytes},
            )
            return
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            # RecursionError: nested too deeply to read (a few KiB of "[" is enough).
            await self._error("bad_json", _("The message is not valid JSON."))
            return
        if not isinstance(content, dict):
            await self._error("bad_frame", _("A message must be a JSON object."))
            return
        action = content.get("action")
        if action == "subscribe":
            await self._subscribe(content)
        elif action == "unsubscribe":
            await self._unsubscribe(content)
        else:
            await self._error(
                "unknown_action", _("Unknown action; use “subscribe” or “unsubscribe”.")
            )

    def _replay_budget_left(self) -> int:
        """Frames this socket may still replay within the budget's sliding window."""
        now = asyncio.get_running_loop().time()
        while self.replay_spent and self.replay_spent[0][0] <= now - self.replay_window:
            self.replay_spent.popleft()
        return max(0, self.replay_budget - sum(count for _at, count in self.replay_spent))

    def _flooding(self) -> bool:
        now = asyncio.get_running_loop().time()
        self.received_at.append(now)
        while self.received_at and self.received_at[0] <= now - FLOOD_WINDOW_SECONDS:
            self.received_at.popleft()
        return len(self.received_at) > self.max_frames

    async def _subscribe(self, content: dict) -> None:
        stream = parse_stream(content.get("stream"))
        if stream is None:
            await self._error("invalid_stream", _("Not a stream name."), content.get("stream"))
            return
        since = content.get("since")
        if since is not None and (type(since) is not int or since < 0):
            await self._error(
                "invalid_since",
                _("“since” must be the id of the last event seen, or null."),
                stream.name,
            )
            return
        if stream.name not in self.subscriptions and len(self.subscriptions) >= self.max_streams:
            await self._error(
                "too_many_streams",
                _("At most %(limit)d streams per connection.") % {"limit": self.max_streams},
                stream.name,
            )
            return
        if not await database_sync_to_async(may_watch)(self.scope.get("user"), stream):
            await self._error("unknown_stream", _("There is no such stream."), stream.name)
            return

        # Join the group BEFORE reading the log: an event committed after the read then
        # arrives live, one committed before is in the read, so nothing falls in between.
        if not await self._join(stream.name):
            return
        subscription = Subscription()
        if stream.name not in self.subscriptions:
            SUBSCRIPTIONS.inc()
        self.subscriptions[stream.name] = subscription
        # Past the socket's replay budget the client gets `resync` and reloads by HTTP: one
        # socket subscribing again and again from 0 must not stream the log at everyone's cost.
        limit = min(MAX_REPLAY_EVENTS, self._replay_budget_left())
        replay = await database_sync_to_async(events_replay)(
            stream=stream.name, since=since, limit=limit, grace=self.grace
        )
        if replay.frames:
            self.replay_spent.append((asyncio.get_running_loop().time(), len(replay.frames)))
        if replay.resync:
            await self.send_json({"type": "resync", "stream": stream.name})
        for frame in replay.frames:
            await self.send_json(frame)
        subscription.replayed = {f["id"] for f in replay.frames} | replay.skipped_ids
        for key, event_id in replay.coalesced.items():
            gate = self._gate(stream.name, key)
            gate.last_sent_id = max(gate.last_sent_id, event_id)
        await self.send_json(
            {"type": "subscribed", "stream": stream.name, "last_id": replay.last_id}
        )

    async def _join(self, stream: str) -> bool:
        """Join the stream's group; on a broker failure tell the client and close with 4013
        (try again later): it reconnects with `since` and loses nothing."""
        for attempt in (1, 2):
            try:
                await self.fanout.join(stream, self)
                return True
            except Exception:
                # After a Redis restart the first command on the old subscriber connection
                # fails and drops it; the second reconnects and resubscribes every group.
                logger.warning(
                    "Could not join stream %s (attempt %d)", stream, attempt, exc_info=True
                )
        self.closing = True
        await self._error(
            "unavailable", _("Live updates are unavailable; please reconnect."), stream
        )
        await self.close(code=CLOSE_TRY_AGAIN_LATER, reason="broker unavailable")
        return False

    async def _unsubscribe(self, content: dict) -> None:
        stream = parse_stream(content.get("stream"))
        if stream is None:
            await self._error("invalid_stream", _("Not a stream name."), content.get("stream"))
            return
        if self.subscriptions.pop(stream.name, None) is None:
            return
        SUBSCRIPTIONS.dec()
        for key in [k for k in self.gates if k[0] == stream.name]:
            gate = self.gates.pop(key)
            if gate.task is not None:
                gate.task.cancel()
        await self.fanout.leave(stream.name, self)

    # --- Channel layer -> client --------------------------------------------------------------

    async def stream_event(self, message):
        frame = message["event"]
        subscription = self.subscriptions.get(frame["stream"])
        if subscription is None:
            return  # queued before an unsubscribe
        if frame["id"] in subscription.replayed:
            subscription.replayed.discard(frame["id"])  # its live copy comes only once
            return
        observe_delivery(message.get("committed_at"))
        # The publisher encodes each frame once for every socket of every process; a message
        # without `text` (sent by an older publisher during a rolling deploy) is encoded here.
        text = message.get("text") or json.dumps(frame)
        key = message.get("coalesce")
        if key is None:
            await self._send_text(text)
        else:
            await self._send_coalesced(self._gate(frame["stream"], key), frame, text)

    def _gate(self, stream: str, key: str) -> CoalesceGate:
        gate = self.gates.get((stream, key))
        if gate is None:
            gate = self.gates[(stream, key)] = CoalesceGate()
        return gate

    async def _send_coalesced(self, gate: CoalesceGate, frame: dict, text: str) -> None:
        """Bursts of one key: the first frame goes out at once, later ones within the
        coalescing window replace each other and the newest is sent when the window ends. An
        event with a coalescing key supersedes the earlier ones (tallies are absolute), so the
        last frame always carries the final state."""
        if frame["id"] <= gate.last_sent_id:
            return  # older than what this socket already shows
        now = asyncio.get_running_loop().time()
        if gate.pending is None and now >= gate.quiet_until:
            gate.quiet_until = now + self.coalesce_window
            gate.last_sent_id = frame["id"]
            await self._send_text(text)
            return
        if gate.pending is None or frame["id"] > gate.pending["id"]:
            gate.pending, gate.pending_text = frame, text
        if gate.task is None:
            gate.task = asyncio.create_task(self._flush(gate, gate.quiet_until - now))

    async def _flush(self, gate: CoalesceGate, delay: float) -> None:
        await asyncio.sleep(max(delay, 0))
        frame, text = gate.pending, gate.pending_text
        gate.pending, gate.pending_text, gate.task = None, "", None
        if frame is None or frame["stream"] not in self.subscriptions or self.closing:
            return
        gate.quiet_until = asyncio.get_running_loop().time() + self.coalesce_window
        gate.last_sent_id = frame["id"]
        try:
            await self._send_text(text)
        except Exception:
            # The socket went away between the burst and the flush: nothing left to update.
            logger.debug("Dropped a coalesced frame for a closed socket", exc_info=True)

    # --- Output -------------------------------------------------------------------------------

    async def _send_text(self, text: str) -> None:
        # Straight to the server: `AsyncWebsocketConsumer.send` only builds this message.
        await self.base_send({"type": "websocket.send", "text": text})

    async def send_json(self, content: dict) -> None:
        await self.send(text_data=json.dumps(content))

    async def _error(self, code: str, detail: str, stream: object = None) -> None:
        frame = {"type": "error", "code": code, "detail": detail}
        if isinstance(stream, str) and len(stream) <= 100:
            frame["stream"] = stream
        await self.send_json(frame)
