"""The consumer sends frames with the server's own `send`, past Channels' session wrapper."""

from realtime.consumers import SERVER_SEND_KEY, KeepServerSend


async def test_keep_server_send_hands_the_servers_send_to_the_inner_app():
    seen = {}

    async def inner(scope, receive, send):
        seen["scope"], seen["send"] = scope, send

    async def receive():
        return {}

    async def server_send(message):
        return None

    await KeepServerSend(inner)({"type": "websocket", "path": "/ws/"}, receive, server_send)

    assert seen["scope"][SERVER_SEND_KEY] is server_send
    assert seen["scope"]["path"] == "/ws/"
    assert seen["send"] is server_send


def test_the_websocket_route_keeps_the_servers_send_outermost():
    from oic.asgi import application
    from ops.proxy import ProxyMiddleware

    # ops' ProxyMiddleware is in front of everything, and hands a socket's send on untouched.
    assert isinstance(application, ProxyMiddleware)
    assert isinstance(application.app.application_mapping["websocket"], KeepServerSend)
