"""Per-person throttling of writes (reads are never throttled), and failure counters for the
login policy; all of them fail open when the cache is down."""

import logging

from django.core.cache import cache
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class FailOpenThrottleMixin:
    """Lets a request through when the throttle's counters cannot be read.

    The counters live in Redis, beside the channel layer. A Redis outage must not turn every
    write into a 500: the write and its event (kept in the outbox for replay) matter more than
    a few unthrottled seconds. Fail open, and say so in the log.
    """

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except RedisError:
            logger.warning(
                "%s skipped: the cache is unreachable", type(self).__name__, exc_info=True
            )
            return True


class WriteRateThrottle(FailOpenThrottleMixin, SimpleRateThrottle):
    """Limits unsafe requests (POST, PUT, PATCH, DELETE) per person, or per address if anonymous."""

    scope = "writes"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            ident = request.user.pk
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class FailureCounter:
    """Counts failures under a key for a fixed window that starts at the first failure.

    Like the throttles above, it fails open: while the cache is unreachable nothing is counted
    and every count reads as zero, so people can still sign in (logged, not silent).
    """

    def __init__(self, *, window: int):
        self.window = window

    def count(self, key: str) -> int:
        try:
            return cache.get(key, 0)
        except RedisError:
            logger.warning(
                "Failure count of %s skipped: the cache is unreachable", key, exc_info=True
            )
            return 0

    def add(self, *keys: str) -> None:
        try:
            for key in keys:
                # add() starts the window at the first failure; incr() keeps its expiry.
                cache.add(key, 0, timeout=self.window)
                try:
                    cache.incr(key)
                except ValueError:  # expired between add() and incr()
                    cache.set(key, 1, timeout=self.window)
        except RedisError:
            logger.warning("Failure not counted: the cache is unreachable", exc_info=True)

    def clear(self, key: str) -> None:
        try:
            cache.delete(key)
        except RedisError:
            logger.warning("Failure count not reset: the cache is unreachable", exc_info=True)
