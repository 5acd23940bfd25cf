"""channels_redis's pub/sub layer, plus the one thing it keeps to itself: that its
subscription to Redis broke.

When the subscriber connection drops (Redis restarted, a network blip), redis-py reconnects on
the next read and resubscribes every channel: messages published in between are gone, and
nobody is told. channels_redis only logs it, or not even that when the retry succeeds at
once. Here the subscriber's reconnect is reported to listeners (`watch_broker`), so the
process's fan-out can send its sockets back to the log (reconnect with `since`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from channels_redis import pubsub
from channels_redis.utils import _wrap_close
from redis import asyncio as aioredis

from ops.metrics import BROKER_RECONNECTS

logger = logging.getLogger(__name__)


class _WatchedPubSub(aioredis.client.PubSub):
    """A PubSub that calls `on_gap()` when its connection comes back with subscriptions to
    restore: whatever was published while it was away was not received."""

    _on_gap: Callable[[], None]

    @classmethod
    def adopt(cls, pubsub: aioredis.client.PubSub, on_gap: Callable[[], None]):
        """Make the PubSub channels_redis built (with whatever arguments its redis-py version
        takes) a watched one; it has not connected yet, so nothing else changes."""
        pubsub.__class__ = cls
        pubsub._on_gap = on_gap
        return pubsub

    async def on_connect(self, connection) -> None:
        # redis-py calls this on every reconnect of the subscriber connection; before the
        # first SUBSCRIBE there is nothing subscribed, so a non-empty set means a gap.
        had_subscriptions = bool(self.channels or self.patterns)
        await super().on_connect(connection)
        if had_subscriptions:
            self._on_gap()


class _WatchedShard(pubsub.RedisSingleShardConnection):
    def _ensure_redis(self):
        if self._redis is None:
            super()._ensure_redis()
            self._pubsub = _WatchedPubSub.adopt(self._pubsub, on_gap=self.channel_layer.broker_gap)


class _WatchedLoopLayer(pubsub.RedisPubSubLoopLayer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shards = [_WatchedShard(shard.host, self) for shard in self._shards]
        self._broker_watchers: list[Callable[[], None]] = []

    def watch_broker(self, callback: Callable[[], None]) -> None:
        """Call `callback()` (in this event loop, must not block) whenever the subscription
        to the broker was lost and restored, i.e. broadcasts may have been missed."""
        if callback not in self._broker_watchers:
            self._broker_watchers.append(callback)

    def unwatch_broker(self, callback: Callable[[], None]) -> None:
        if callback in self._broker_watchers:
            self._broker_watchers.remove(callback)

    def broker_gap(self) -> None:
        BROKER_RECONNECTS.inc()
        logger.warning(
            "The subscription to Redis was lost and restored; broadcasts in between may be "
            "missing, so %d watcher(s) send their sockets back to the log.",
            len(self._broker_watchers),
        )
        for callback in tuple(self._broker_watchers):
            try:
                callback()
            except Exception:
                logger.exception("A broker watcher failed")


class RedisPubSubChannelLayer(pubsub.RedisPubSubChannelLayer):
    """`channels_redis.pubsub.RedisPubSubChannelLayer` that reports a lost subscription."""

    def _get_layer(self):
        loop = asyncio.get_running_loop()
        try:
            return self._layers[loop]
        except KeyError:
            layer = self._layers[loop] = _WatchedLoopLayer(
                *self._args, **self._kwargs, channel_layer=self
            )
            _wrap_close(self, loop)
            return layer
