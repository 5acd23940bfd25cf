"""Counts and times every HTTP request by view (the URL pattern's name, not the path: the
label set stays small) and status, and writes one access line per request to the log."""

from __future__ import annotations

import logging
import time

from ops.metrics import HTTP_LATENCY, HTTP_REQUESTS

logger = logging.getLogger("ops.access")
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        if match is not None:
            view = match.view_name or "unnamed"
        elif request.path_info.startswith("/static/"):
            view = "static"
        else:
            view = "unmatched"
        method = request.method if request.method in METHODS else "other"
        HTTP_REQUESTS.labels(view, method, str(response.status_code)).inc()
        HTTP_LATENCY.labels(view, method).observe(elapsed)
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "view": view,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 1),
                "client": request.META.get("REMOTE_ADDR", ""),
            },
        )
        return response
