"""The client's address and scheme, and the request id, taken from the proxy in front — but
only from a proxy the settings trust (TRUSTED_PROXIES).

nginx (deploy/nginx.conf.template) sets X-Forwarded-For to the address it saw, X-Forwarded-Proto
to its scheme and X-Request-ID to its `$request_id`. A request that reaches daphne from anywhere
else has those headers removed, so nobody can claim another address (the login throttles key
on it), claim HTTPS (SECURE_PROXY_SSL_HEADER reads the header), or plant ids in the logs.

TRUSTED_PROXIES lists addresses or networks (`127.0.0.1`, `10.0.0.0/24`) and `unix` for a
daphne listening on a Unix socket (the socket's file permissions decide who connects).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

from ops import requestid

_PROXY_HEADERS = {b"x-forwarded-for", b"x-forwarded-proto", b"x-forwarded-host", b"x-request-id"}


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[bool, tuple]:
    unix = False
    networks = []
    for entry in entries:
        if entry == "unix":
            unix = True
        else:
            networks.append(ipaddress.ip_network(entry, strict=False))
    return unix, tuple(networks)


def peer_is_trusted(client) -> bool:
    unix, networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not client or not client[0]:
        return unix
    try:
        address = ipaddress.ip_address(client[0])
    except ValueError:
        return False
    return any(address in network for network in networks)


def _header(headers, name: bytes) -> str | None:
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


class ProxyMiddleware:
    """ASGI middleware in front of HTTP and WebSocket alike (oic/asgi.py)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = scope.get("headers", [])
        scope = dict(scope)
        if peer_is_trusted(scope.get("client")):
            request_id = requestid.accept(_header(headers, b"x-request-id"))
            forwarded_for = _header(headers, b"x-forwarded-for")
            if forwarded_for:
                # The rightmost entry is the one our proxy added: the peer it saw.
                address = forwarded_for.split(",")[-1].strip()
                try:
                    ipaddress.ip_address(address)
                except ValueError:
                    pass
                else:
                    scope["client"] = [address, 0]
            proto = (_header(headers, b"x-forwarded-proto") or "").strip().lower()
            if proto in ("http", "https"):
                secure = proto == "https"
                if scope["type"] == "http":
                    scope["scheme"] = proto
                else:
                    scope["scheme"] = "wss" if secure else "ws"
        else:
            scope["headers"] = [(k, v) for k, v in headers if k not in _PROXY_HEADERS]
            request_id = requestid.new_id()

        if scope["type"] == "http":
            raw_id = request_id.encode("latin-1")

            async def send_with_id(message):
                if message["type"] == "http.response.start":
                    message = {
                        **message,
                        "headers": [*message.get("headers", []), (b"x-request-id", raw_id)],
                    }
                await send(message)

        else:
            send_with_id = send
        with requestid.bound(request_id):
            return await self.app(scope, receive, send_with_id)
