"""ASGI entry point: HTTP through Django, WebSockets on /ws/ through Channels."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oic.settings")

from core.asgi import get_asgi_application  # noqa: E402

# Django must be set up before anything imports models (the consumer does).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.urls import path  # noqa: E402

from ops.proxy import ProxyMiddleware  # noqa: E402
from realtime.consumers import KeepServerSend, StreamConsumer  # noqa: E402
from realtime.origins import OriginValidator  # noqa: E402
from realtime.wirefast import install as install_wire_shim  # noqa: E402

# Once per server process, before any socket: the per-frame write path below Channels.
if settings.REALTIME_WIRE_SHIM:
    install_wire_shim()

# ProxyMiddleware first: client address, scheme and request id from a trusted proxy only.
application = ProxyMiddleware(
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": KeepServerSend(
                OriginValidator(
                    AuthMiddlewareStack(URLRouter([path("ws/", StreamConsumer.as_asgi())]))
                )
            ),
        }
    )
)
