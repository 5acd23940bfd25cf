"""HTTP under ASGI: the middleware chain and the view run as one synchronous call."""

import inspect

import pytest
from channels.testing import HttpCommunicator
from django.core.handlers.asgi import ASGIHandler

from core.asgi import OneHopASGIHandler
from oic.asgi import application, django_asgi_app


def test_the_project_serves_http_with_the_one_hop_handler():
    assert isinstance(django_asgi_app, OneHopASGIHandler)
    assert isinstance(django_asgi_app, ASGIHandler)


def test_the_middleware_chain_is_loaded_synchronously():
    # A coroutine chain would move to the sync thread and back once per middleware.
    assert not inspect.iscoroutinefunction(OneHopASGIHandler()._middleware_chain)


@pytest.mark.django_db(transaction=True)
async def test_a_request_passes_every_middleware_and_the_view(idea_in_db):
    response = await HttpCommunicator(
        application, "GET", "/api/ideas/", headers=[(b"host", b"testserver")]
    ).get_response()
    assert response["status"] == 200
    headers = dict(response["headers"])
    assert b"frame-ancestors 'none'" in headers[b"Content-Security-Policy"]  # CSP, innermost
    assert headers[b"X-Frame-Options"] == b"DENY"
    assert headers[b"Referrer-Policy"] == b"same-origin"  # SecurityMiddleware, outermost
    assert b'"title":"Only idea"' in response["body"]


@pytest.fixture
def idea_in_db(transactional_db):
    from tests import factories

    return factories.IdeaFactory(title="Only idea", challenge=None)


@pytest.mark.django_db(transaction=True)
async def test_requests_run_on_the_few_long_lived_threads(idea_in_db, settings):
    import threading

    before = {t.name for t in threading.enumerate()}
    for _ in range(6):
        response = await HttpCommunicator(
            application, "GET", "/api/ideas/", headers=[(b"host", b"testserver")]
        ).get_response()
        assert response["status"] == 200
    # The sync work ran on the handler's own threads, none started per request.
    started = {t.name for t in threading.enumerate()} - before
    assert all(name.startswith("django-sync-") for name in started), started
    assert len(django_asgi_app._executors) == settings.ASGI_SYNC_THREADS
