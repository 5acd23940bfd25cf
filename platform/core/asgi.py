"""Django's ASGI handler with the whole middleware chain and view run in one thread hop, on
a few long-lived threads."""

from __future__ import annotations

import asyncio
import weakref
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase


class OneHopASGIHandler(ASGIHandler):
    """Runs middleware and view as one synchronous call on the thread that serves sync views.

    Stock Django under ASGI builds an async middleware chain: every `MiddlewareMixin` moves
    its `process_request` and `process_response` to the sync thread and back, and one
    sync-only middleware (WhiteNoise) even turns the chain back into async through a new
    event-loop hop. With ten middlewares and sync views that is some twenty thread switches
    per request, measured at several ms of CPU, more than most views cost. Every middleware
    and view here is synchronous anyway, so the chain is loaded in sync mode and entered
    once, exactly like under WSGI. The one thread (`thread_sensitive=True`) keeps Django's
    guarantee that sync code, its transactions and its connections stay on one thread.

    Stock Django also gives every request a fresh single-thread executor (its
    `ThreadSensitiveContext`), so each request starts a thread and a second one to join it:
    about a tenth of a list request's CPU under load, and unbounded threads (each holding a
    database connection) when requests pile up. Here a request borrows one of
    `ASGI_SYNC_THREADS` long-lived single-thread executors for all its sync work, so its
    connection is opened, used and returned to the pool on one thread, as before; requests
    beyond that number wait on the event loop, costing nothing, instead of in threads.
    """

    def __init__(self) -> None:
        super().__init__()
        self._executors = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"django-sync-{n}")
            for n in range(max(1, settings.ASGI_SYNC_THREADS))
        ]
        # The free executors, per event loop (a server has one; tests start one per test).
        # Two loops may hand out the same executor: its one thread then runs both requests'
        # calls one after the other, which is what thread-sensitive code needs.
        self._idle: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, asyncio.Queue[ThreadPoolExecutor]
        ] = weakref.WeakKeyDictionary()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        loop = asyncio.get_running_loop()
        idle = self._idle.get(loop)
        if idle is None:
            idle = self._idle[loop] = asyncio.Queue()
            for executor in self._executors:
                idle.put_nowait(executor)
        executor = await idle.get()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            idle.put_nowait(executor)

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def get_asgi_application() -> OneHopASGIHandler:
    """Like django.core.asgi.get_asgi_application, with the one-hop handler."""
    import django

    django.setup(set_prefix=False)
    return OneHopASGIHandler()
