"""A one-second shared cache of the anonymous answers of the views that opt in.

Most requests of a public list are the same few URLs asked by people who are not signed in
(page 1 of the idea list in its default order, a challenge's ideas, a popular search). Their
answers are identical for everyone for as long as nothing changes, and the live layer tells
every open page what changes. So a view may opt in with `microcached`, and this middleware
then answers a repeated anonymous GET of the same URL, in the same language and encoding,
from the answer built at most `MICROCACHE_SECONDS` ago (default 1; 0 turns it off) — without
running the rest of the middleware, the view or a query.

What it promises: an answer served at time t was read from the database after t -
`MICROCACHE_SECONDS` (the expiry counts from the start of the request that built it, which
read after it started), so a page never shows an idea hidden, withdrawn or changed more than
that long ago. Nothing else is cached: a request with credentials (an `Authorization` header
or a session cookie) always goes to the view, as does every method but GET; only a 200 that
sets no cookie and does not ask for privacy is stored.

The cache is per process (a dictionary behind a lock holding at most `MICROCACHE_MAX_BYTES` of
answers, the oldest dropped first, so that a flood of distinct URLs costs a bounded amount of
memory): a second of staleness needs no shared store, and a hit costs no round trip. Each
process builds its own copy at most once a second per URL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.translation import get_language_from_request

ATTRIBUTE = "microcached"


def microcached(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view whose anonymous GET answers may be shared for `MICROCACHE_SECONDS`: its
    answer must depend on nothing but the URL, the language and the data."""
    setattr(view, ATTRIBUTE, True)
    return view


class MicroCacheMiddleware:
    """Serves the anonymous GETs of `microcached` views from a per-process one-second cache.

    Place it after the middleware that must see every request (metrics, security redirects)
    and before the rest: a hit returns the stored answer, headers included, as they left
    the inner middleware when it was built (compressed when the client accepts gzip)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self._entries: dict[tuple, tuple[float, int, list[tuple[str, str]], bytes]] = {}
        self._bytes = 0  # of the stored bodies
        self._lock = threading.Lock()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        seconds = settings.MICROCACHE_SECONDS
        if (
            seconds <= 0
            or request.method != "GET"
            or "HTTP_AUTHORIZATION" in request.META
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if not getattr(match.func, ATTRIBUTE, False):
            return self.get_response(request)

        key = (
            request.get_full_path(),
            get_language_from_request(request),
            "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""),
            request.META.get("HTTP_ACCEPT", ""),
        )
        started = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and entry[0] > started:
            _expires, status, headers, content = entry
            request.resolver_match = match  # the metrics label the hit by its view
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response

        response = self.get_response(request)
        budget = settings.MICROCACHE_MAX_BYTES
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not _private(response)
            and len(response.content) <= budget
        ):
            content = response.content
            stored = (started + seconds, response.status_code, list(response.items()), content)
            with self._lock:
                if (old := self._entries.pop(key, None)) is not None:
                    self._bytes -= len(old[3])
                self._entries[key] = stored
                self._bytes += len(content)
                while self._bytes > budget:
                    oldest = self._entries.pop(next(iter(self._entries)))
                    self._bytes -= len(oldest[3])
        return response


def _private(response: HttpResponseBase) -> bool:
    control = response.get("Cache-Control", "").lower()
    return "private" in control or "no-store" in control
