"""Which pages may open a socket: the site's own origin, and the origins configured as trusted.

A browser sends the opening page's origin with the handshake and the site's session cookie
with it, whatever page opened the socket. A page elsewhere — another site, or another port on
the same host — must not watch through a visitor's session what only they may see (a draft
challenge, for city staff). So scheme, host and port are compared, as Django's CSRF check
does for forms: the origin must be the one the socket was opened on (its Host header, which
must be in ALLOWED_HOSTS, with the connection's scheme), or one of REALTIME_ALLOWED_ORIGINS.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}

# (scheme, host, port); a host "*.example.org" stands for its subdomains.
Origin = tuple[str, str, int]


def parse_origin(value: str) -> Origin | None:
    """`https://ideen.example.org` -> ("https", "ideen.example.org", 443); None for anything
    that is not an http(s) origin (`null`, a path, a bad port)."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        return None
    if parts.query or parts.fragment or parts.username or parts.password:
        return None
    return parts.scheme, parts.hostname.lower(), port or DEFAULT_PORTS[parts.scheme]


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def _scheme(scope) -> str:
    """http or https, as the page sees it: the proxy's header when the settings trust one
    (SECURE_PROXY_SSL_HEADER, as for HTTP requests), else the connection's own scheme."""
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        name, secure_value = proxy
        header = name.removeprefix("HTTP_").replace("_", "-").lower().encode("latin-1")
        value = _header(scope, header)
        if value is not None:
            return "https" if value.split(",")[0].strip() == secure_value else "http"
    return "https" if scope.get("scheme") in {"wss", "https"} else "http"


def own_origin(scope) -> Origin | None:
    """The origin the socket was opened on, if its Host is one this site serves."""
    host = _header(scope, b"host")
    if not host:
        return None
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    return parse_origin(f"{_scheme(scope)}://{host}")


def trusted_origins() -> list[Origin]:
    return [o for o in map(parse_origin, settings.REALTIME_ALLOWED_ORIGINS) if o is not None]


def _matches(origin: Origin, allowed: Origin) -> bool:
    scheme, host, port = allowed
    if (origin[0], origin[2]) != (scheme, port):
        return False
    if host.startswith("*."):
        return origin[1].endswith(host[1:])
    return origin[1] == host


def origin_allowed(scope) -> bool:
    """Whether the handshake's Origin may open a socket (no Origin: refused)."""
    value = _header(scope, b"origin")
    origin = parse_origin(value) if value else None
    if origin is None:
        return False
    own = own_origin(scope)
    return (own is not None and origin == own) or any(
        _matches(origin, allowed) for allowed in trusted_origins()
    )


class OriginValidator:
    """ASGI middleware for the WebSocket route: refuses the handshake (HTTP 403) from an origin
    that `origin_allowed` does not accept."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
