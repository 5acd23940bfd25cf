"""The socket's origin check compares scheme, host and port (issue 10, item 3): a page on
another port of the same host must not watch a draft through a staff member's session."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from challenges.models import Challenge
from oic.asgi import application
from realtime.origins import parse_origin
from tests import factories
from tests.live.conftest import subscribe

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("city_staff_group")]

SITE = b"127.0.0.1:8000"


@sync_to_async
def staff_with_a_draft() -> tuple[str, int]:
    staff = factories.StaffFactory()
    draft = factories.ChallengeFactory(status=Challenge.Status.DRAFT, created_by=staff)
    client = Client()
    client.force_login(staff)
    return f"sessionid={client.cookies['sessionid'].value}", draft.pk


async def handshake(origin: bytes | None, *, host: bytes = SITE, extra=(), cookie: str = ""):
    headers = [(b"host", host), *extra]
    if origin is not None:
        headers.append((b"origin", origin))
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect()
    return communicator, connected


async def test_another_port_of_the_same_host_cannot_watch_a_draft_with_a_staff_session():
    cookie, draft = await staff_with_a_draft()

    _, connected = await handshake(b"http://127.0.0.1:9999", cookie=cookie)

    assert connected is False


async def test_the_sites_own_origin_with_a_staff_session_watches_the_draft():
    # The check above refuses by the port alone: the same session from the site's own page
    # is let through and sees the draft.
    cookie, draft = await staff_with_a_draft()
    ws, connected = await handshake(b"http://127.0.0.1:8000", cookie=cookie)

    frames = await subscribe(ws, f"challenge:{draft}", since=0)

    assert connected is True
    assert [f["type"] for f in frames] == ["subscribed"]
    await ws.disconnect()


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        (b"http://127.0.0.1:9999", SITE),  # another port
        (b"https://127.0.0.1:8000", SITE),  # another scheme (the socket is plain ws)
        (b"http://localhost:8000", SITE),  # another host, although an allowed one
        (b"http://evil.example", b"evil.example"),  # a Host the site does not serve
        (b"null", SITE),  # sandboxed frames, file:// pages
        (b"http://127.0.0.1:8000/path", SITE),  # not an origin
        (None, SITE),  # no Origin at all
    ],
)
async def test_a_handshake_from_another_origin_is_refused(origin, host):
    _, connected = await handshake(origin, host=host)

    assert connected is False


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        (b"http://127.0.0.1:8000", SITE),
        (b"http://testserver", b"testserver"),  # default port on both sides
        (b"http://testserver:80", b"testserver"),
        (b"http://LOCALHOST:8000", b"localhost:8000"),  # host names are case-insensitive
    ],
)
async def test_the_sites_own_origin_is_accepted(origin, host):
    ws, connected = await handshake(origin, host=host)

    assert connected is True
    await ws.disconnect()


async def test_behind_a_tls_proxy_the_forwarded_scheme_counts(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The header counts from a trusted proxy only (ops.proxy); the test communicator has no
    # peer address, as daphne on a Unix socket.
    settings.TRUSTED_PROXIES = ["unix"]
    proxied = [(b"x-forwarded-proto", b"https")]

    ws, secure = await handshake(b"https://127.0.0.1:8000", extra=proxied)
    _, plain = await handshake(b"http://127.0.0.1:8000", extra=proxied)

    assert (secure, plain) == (True, False)
    await ws.disconnect()


async def test_configured_origins_may_connect_by_scheme_host_and_port(settings):
    settings.REALTIME_ALLOWED_ORIGINS = ["https://app.example.org", "https://*.bielefeld.de"]

    results = []
    for origin in (
        b"https://app.example.org",
        b"https://app.example.org:443",
        b"https://ideen.bielefeld.de",
        b"http://app.example.org",
        b"https://app.example.org:8443",
        b"https://bielefeld.de.evil.example",
    ):
        ws, connected = await handshake(origin)
        results.append(connected)
        if connected:
            await ws.disconnect()

    assert results == [True, True, True, False, False, False]


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("https://Ideen.Example.org", ("https", "ideen.example.org", 443)),
        ("http://[::1]:8000", ("http", "::1", 8000)),
        ("http://127.0.0.1:99999", None),
        ("ftp://example.org", None),
        ("https://user@example.org", None),
        ("https://example.org?x=1", None),
    ],
)
def test_parse_origin(value, parsed):
    assert parse_origin(value) == parsed
