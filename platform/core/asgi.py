"""Django's ASGI handler with the whole middleware chain and view run in one thread hop."""

from __future__ import annotations

from asgiref.sync import sync_to_async
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
    """

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def get_asgi_application() -> OneHopASGIHandler:
    """Like django.core.asgi.get_asgi_application, with the one-hop handler."""
    import django

    django.setup(set_prefix=False)
    return OneHopASGIHandler()
