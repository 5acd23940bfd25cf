"""Per-person throttling of writes; reads are never throttled."""

import logging

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
