"""Per-person throttling of writes (reads are never throttled), and failure counters for the
login policy; all of them fail open when the cache is down."""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
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


# Accounts younger than this write under the stricter `writes_newcomer` rate (spam guard).
NEWCOMER_AGE = timedelta(days=1)


class WriteRateThrottle(FailOpenThrottleMixin, SimpleRateThrottle):
    """Limits unsafe requests (POST, PUT, PATCH, DELETE) per person, or per address if anonymous.
    Accounts younger than a day have the stricter rate `writes_newcomer` (spam guard)."""

    scope = "writes"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        user = request.user
        joined = getattr(user, "date_joined", None) if user and user.is_authenticated else None
        newcomer = joined is not None and timezone.now() - joined < NEWCOMER_AGE
        if newcomer and "writes_newcomer" in self.THROTTLE_RATES:
            self.scope = "writes_newcomer"
            self.rate = self.get_rate()
            self.num_requests, self.duration = self.parse_rate(self.rate)
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
