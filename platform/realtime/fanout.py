"""Process-local fan-out: each stream's channel-layer group is joined once per process, not
once per socket, and every broadcast is handed to the local sockets watching that stream.

With a channel per socket, the layer kept a queue per socket and decoded every broadcast once
per socket (and the Redis pub/sub layer held a Redis subscription per socket). Here a
broadcast is received and decoded once per process and offered, as the same dict, to each
subscribed socket, which sends it at once when idle or queues it behind what it is doing, so
each socket still handles its messages one at a time and in order.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Coroutine, Generator
from typing import Protocol

from channels.layers import BaseChannelLayer

from realtime.publishing import group_name

logger = logging.getLogger(__name__)


class Member(Protocol):
    def offer(self, message: dict) -> None:
        """Take one broadcast; must not block (queue it, or send it without waiting)."""

    def broker_lost(self) -> None:
        """Broadcasts of every stream joined so far may have been missed (the broker went
        away); catch up from the log. Must not block."""


class Fanout:
    """The local members of each stream on one channel layer in one event loop.

    `join` returns once the layer has the stream group's subscription, so an event committed
    after it reaches the member; a member joining a stream the process already watches shares
    it. Joining and leaving are serialised, so a group is never dropped from the layer while
    another member is joining it.
    """

    def __init__(self, layer: BaseChannelLayer):
        self.layer = layer
        self.members: dict[str, set[Member]] = {}
        self.channel: str | None = None
        self.task: asyncio.Task | None = None
        self.lock = asyncio.Lock()

    async def join(self, stream: str, member: Member) -> None:
        """Offer the stream's events to `member` from now on. Raises what the layer raises (a
        broker that is away); the member is then not joined."""
        async with self.lock:
            if self.channel is None:
                self.channel = await self.layer.new_channel(prefix="fanout.")
                self.task = asyncio.create_task(self._receive(self.channel))
                # A layer that can tell (realtime.layers) reports a lost subscription; the
                # in-memory layer has no broker to lose (a restart closes the sockets).
                watch = getattr(self.layer, "watch_broker", None)
                if watch is not None:
                    watch(self.broker_lost)
            members = self.members.setdefault(stream, set())
            try:
                # Every time, not only for the first member: it returns when the layer has the
                # subscription (a no-op if it has), and refreshes the in-memory layer's expiry.
                await self.layer.group_add(group_name(stream), self.channel)
            except BaseException:
                if not members:
                    del self.members[stream]
                await self._stop_if_idle()
                raise
            members.add(member)

    async def leave(self, stream: str, member: Member) -> None:
        async with self.lock:
            members = self.members.get(stream)
            if members is None or member not in members:
                return
            members.discard(member)
            if members:
                return
            del self.members[stream]
            try:
                await self.layer.group_discard(group_name(stream), self.channel)
            finally:
                await self._stop_if_idle()

    async def _stop_if_idle(self) -> None:
        # No group left: stop receiving, which also makes the layer drop the channel.
        if self.members or self.task is None:
            return
        task, self.task, self.channel = self.task, None, None
        unwatch = getattr(self.layer, "unwatch_broker", None)
        if unwatch is not None:
            unwatch(self.broker_lost)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass

    async def _receive(self, channel: str) -> None:
        receive = self.layer.receive
        while True:
            try:
                message = await receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                # This one task carries every stream of the process: if it died, every open
                # socket here would go quiet without noticing. Whatever came meanwhile is
                # lost, so the sockets catch up from the log; log, breathe, and go on.
                logger.exception("Receiving broadcasts failed; retrying in a second")
                self.broker_lost()
                await asyncio.sleep(1)
                continue
            try:
                stream = message["event"]["stream"]
            except (KeyError, TypeError):
                logger.warning("Dropped a channel-layer message that is no event: %r", message)
                continue
            for member in tuple(self.members.get(stream, ())):
                try:
                    member.offer(message)
                except Exception:
                    # One socket's bug must not stop the stream for every socket here.
                    logger.exception("A socket could not take an event on %s", stream)

    def broker_lost(self) -> None:
        """The layer lost broadcasts (its broker connection broke): every local member of
        every stream may have missed events, so each is told to catch up from the log."""
        members = {m for stream_members in self.members.values() for m in stream_members}
        for member in members:
            try:
                member.broker_lost()
            except Exception:
                logger.exception("A socket could not be told that the broker was lost")


def run_eagerly(coro: Coroutine) -> asyncio.Future | None:
    """Run `coro` in the current task until it first waits; if it does, finish it in a task
    of its own (which is returned). This is Python 3.12's eager task start, for 3.11.

    A broadcast to an idle socket runs to the end here without suspending (daphne's send
    buffers in Twisted and never waits), so it needs no task wake-up per socket; a send that
    does wait (a slow client on a server with backpressure) holds up only its own socket.
    """
    try:
        waiting_for = coro.send(None)
    except StopIteration:
        return None
    return asyncio.ensure_future(_Resume(coro, waiting_for))


class _Resume:
    """Awaitable that hands the task what a started coroutine waits for, and resumes it with
    whatever the task sends or throws in (as `yield from` would have done from the start)."""

    def __init__(self, coro: Coroutine, waiting_for: object):
        self.coro = coro
        self.waiting_for = waiting_for

    def __await__(self) -> Generator:
        value = self.waiting_for
        while True:
            try:
                sent = yield value
            except BaseException as exc:  # cancellation too: the coroutine decides
                try:
                    value = self.coro.throw(exc)
                except StopIteration as stop:
                    return stop.value
            else:
                try:
                    value = self.coro.send(sent)
                except StopIteration as stop:
                    return stop.value


# One Fanout per (event loop, layer): the layer object changes when settings do (tests), and
# asyncio queues and tasks belong to one loop.
_fanouts: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, Fanout]] = (
    weakref.WeakKeyDictionary()
)


def fanout_for(layer: BaseChannelLayer) -> Fanout:
    """The Fanout of `layer` in the running event loop."""
    per_loop = _fanouts.setdefault(asyncio.get_running_loop(), {})
    fanout = per_loop.get(id(layer))
    if fanout is None or fanout.layer is not layer:
        fanout = per_loop[id(layer)] = Fanout(layer)
    return fanout
