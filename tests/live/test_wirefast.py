"""daphne's fast path for outgoing text frames (realtime.wirefast): the same frames, in the
same order, with Twisted still in charge of what cannot be sent at once.

The first tests drive Twisted transports over real socket pairs with a reactor that only
records (un)registrations; the later ones run a real daphne with `flood_app` below."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from autobahn.websocket.protocol import PreparedMessage, TrafficStats
from twisted.internet import error, tcp, unix
from twisted.internet.protocol import Protocol
from websockets.asyncio.client import connect, unix_connect

from tests.live.servers import BIN, ROOT, free_port, server_env, stop, wait_for_port


@pytest.fixture
def wirefast():
    # Imported here: daphne imports this module for `flood_app` before Django is set up.
    from realtime import wirefast

    return wirefast


# --- Twisted transports over socket pairs -----------------------------------------------------


class RecordingReactor:
    """What a transport asks of its reactor, with the asyncio reactor's `_writers` dict."""

    def __init__(self):
        self._writers = {}
        self.registered_for_write = 0

    def addWriter(self, writer):
        if writer not in self._writers:
            self._writers[writer] = writer.fileno()
            self.registered_for_write += 1

    def removeWriter(self, writer):
        self._writers.pop(writer, None)

    def addReader(self, reader):
        pass

    def removeReader(self, reader):
        pass


class OtherReactor(RecordingReactor):
    """A reactor that is not the asyncio one (no `_writers`)."""

    def __init__(self):
        super().__init__()
        self.other_writers = self.__dict__.pop("_writers")

    def addWriter(self, writer):
        self.other_writers[writer] = writer.fileno()
        self.registered_for_write += 1

    def removeWriter(self, writer):
        self.other_writers.pop(writer, None)


@pytest.fixture(params=["unix", "tcp"])
def transport_pair(request):
    """(a Twisted server transport, its reactor, the peer socket): the Unix flavour is what
    daphne behind nginx serves, TCP what the benchmark uses."""
    if request.param == "unix":
        server_sock, peer = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    else:
        with socket.create_server(("127.0.0.1", 0)) as listener:
            peer = socket.create_connection(listener.getsockname())
            server_sock, _ = listener.accept()
    peer.setblocking(False)
    reactor = RecordingReactor()
    if request.param == "unix":
        transport = unix.Server(server_sock, Protocol(), "peer", None, 1, reactor)
    else:
        transport = tcp.Server(server_sock, Protocol(), ("127.0.0.1", 1), None, 1, reactor)
    transport.connected = 1
    yield transport, reactor, peer
    server_sock.close()
    peer.close()


def read_available(peer: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = peer.recv(1 << 20)
        except BlockingIOError:
            return b"".join(chunks)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def read_rest(peer: socket.socket, size: int) -> bytes:
    """`size` bytes still in flight (TCP), or what came within five seconds."""
    chunks, deadline = [], time.monotonic() + 5
    while size > 0 and time.monotonic() < deadline:
        chunk = read_available(peer)
        chunks.append(chunk)
        size -= len(chunk)
        time.sleep(0.01 * (not chunk))
    return b"".join(chunks)


def pending(transport) -> int:
    return len(transport.dataBuffer) - transport.offset + transport._tempDataLen


def test_a_frame_is_sent_at_once_without_registering_for_write(wirefast, transport_pair):
    transport, reactor, peer = transport_pair

    wirefast.write_now(transport, b"\x81\x05hello")

    assert read_available(peer) == b"\x81\x05hello"
    assert reactor.registered_for_write == 0
    assert pending(transport) == 0


def test_what_the_socket_does_not_take_is_buffered_and_twisted_writes_it_in_order(
    wirefast, transport_pair
):
    transport, reactor, peer = transport_pair
    transport.socket.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
    peer.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    big = bytes(range(256)) * 8192  # 2 MiB: more than the socket buffers hold

    wirefast.write_now(transport, big)
    # A later frame while the rest waits goes behind it, not straight to the socket.
    wirefast.write_now(transport, b"tail")

    assert 0 < pending(transport) <= len(big) + 4
    assert reactor.registered_for_write == 1
    received = [read_available(peer)]
    while pending(transport):
        assert transport.doWrite() is None
        received.append(read_available(peer))
    received.append(read_rest(peer, len(big) + 4 - sum(map(len, received))))
    assert b"".join(received) == big + b"tail"
    assert transport not in reactor._writers  # doWrite unregistered it when done


def test_a_broken_connection_is_left_to_twisteds_connection_lost(wirefast, transport_pair):
    transport, reactor, peer = transport_pair
    peer.close()
    # The first send to a closed TCP peer may still be accepted; the next ones fail.
    for _ in range(3):
        wirefast.write_now(transport, b"x" * 1000)
        time.sleep(0.05)

    assert pending(transport) > 0
    assert reactor.registered_for_write == 1
    assert isinstance(transport.doWrite(), error.ConnectionLost)


def test_a_tls_transport_is_written_through_tls(wirefast, transport_pair):
    transport, reactor, peer = transport_pair
    written = []
    transport.TLS = True
    transport.protocol = SimpleNamespace(write=written.append)

    wirefast.write_now(transport, b"secret")

    assert written == [b"secret"]
    assert read_available(peer) == b""


@pytest.mark.parametrize(
    "state",
    [
        {"disconnecting": 1},
        {"_writeDisconnecting": True},
        {"_tempDataBuffer": [b"older"], "_tempDataLen": 5},
        {"registered": True},
    ],
    ids=["losing-connection", "half-closing", "buffer-not-empty", "registered-for-write"],
)
def test_a_transport_that_is_not_idle_gets_the_frame_through_its_buffer(
    wirefast, transport_pair, state
):
    transport, reactor, peer = transport_pair
    state = dict(state)
    if state.pop("registered", False):
        reactor.addWriter(transport)
    for name, value in state.items():
        setattr(transport, name, value)

    wirefast.write_now(transport, b"frame")

    assert read_available(peer) == b""
    assert transport._tempDataBuffer[-1] == b"frame"


def test_another_reactor_gets_the_frame_through_the_buffer(wirefast):
    server_sock, peer = socket.socketpair()
    peer.setblocking(False)
    reactor = OtherReactor()
    transport = unix.Server(server_sock, Protocol(), "peer", None, 1, reactor)
    transport.connected = 1
    try:
        wirefast.write_now(transport, b"frame")

        assert read_available(peer) == b""
        assert reactor.registered_for_write == 1
    finally:
        server_sock.close()
        peer.close()


# --- Framing and the protocol's fast path -----------------------------------------------------


@pytest.mark.parametrize("size", [1, 125, 126, 65535, 65536, 1_200_000])
def test_a_text_frame_is_the_frame_autobahn_builds(wirefast, size):
    text = "ä" * (size // 4) + "x" * (size - 2 * (size // 4))  # `size` bytes in UTF-8

    frame, payload_size = wirefast.text_frame(text)

    autobahns = PreparedMessage(text.encode(), False, applyMask=False, doNotCompress=True)
    assert frame == autobahns.payloadHybi
    assert payload_size == len(text.encode())


def open_protocol(**overrides) -> SimpleNamespace:
    """The attributes daphne's WebSocketProtocol has on an open connection, by default."""
    attrs = {
        "state": 3,
        "send_state": 0,
        "_perMessageCompress": None,
        "send_queue": [],
        "maskServerFrames": False,
        "logFrames": False,
        "logOctets": False,
        "trackedTimings": None,
        "maxMessagePayloadSize": 1 << 20,
        "autoFragmentSize": 0,
        "trafficStats": TrafficStats(),
        "transport": object(),
        "client_addr": ("127.0.0.1", 4711),
    }
    attrs.update(overrides)
    return SimpleNamespace(**attrs)


def test_an_open_connection_writes_the_frame_and_counts_it(wirefast, monkeypatch):
    writes, fallbacks = [], []
    monkeypatch.setattr(wirefast, "write_now", lambda t, data: writes.append((t, data)))
    monkeypatch.setattr(wirefast, "_original_server_send", lambda *a: fallbacks.append(a))
    protocol = open_protocol()

    wirefast.server_send(protocol, "Grüße")

    assert writes == [(protocol.transport, b"\x81\x07Gr\xc3\xbc\xc3\x9fe")]
    assert fallbacks == []
    stats = protocol.trafficStats
    assert stats.outgoingWebSocketMessages == 1
    assert stats.outgoingWebSocketFrames == 1
    assert stats.outgoingOctetsAppLevel == 7
    assert stats.outgoingOctetsWebSocketLevel == 7
    assert stats.outgoingOctetsWireLevel == 9


@pytest.mark.parametrize(
    ("overrides", "binary"),
    [
        ({}, True),
        ({"state": 1}, False),  # connecting: daphne accepts first
        ({"state": 2}, False),  # closing: autobahn raises Disconnected
        ({"send_state": 1}, False),  # a fragmented message in progress
        ({"_perMessageCompress": object()}, False),
        ({"send_queue": [(b"x", True)]}, False),
        ({"maskServerFrames": True}, False),
        ({"logFrames": True}, False),
        ({"logOctets": True}, False),
        ({"trackedTimings": object()}, False),
        ({"maxMessagePayloadSize": 3}, False),  # autobahn refuses the size
        ({"autoFragmentSize": 3}, False),
    ],
)
def test_every_other_case_is_left_to_daphne_and_autobahn(wirefast, monkeypatch, overrides, binary):
    writes, fallbacks = [], []
    monkeypatch.setattr(wirefast, "write_now", lambda t, data: writes.append(data))
    monkeypatch.setattr(wirefast, "_original_server_send", lambda *a: fallbacks.append(a))
    protocol = open_protocol(**overrides)

    wirefast.server_send(protocol, "hello", binary)

    assert fallbacks == [(protocol, "hello", binary)]
    assert writes == []
    assert protocol.trafficStats.outgoingWebSocketMessages == 0


# --- Installation and the version guard -------------------------------------------------------


def test_the_pinned_library_functions_are_the_installed_ones(wirefast):
    # Fails after an upgrade of daphne, autobahn or Twisted that changes a function the shim
    # copies or relies on: read the new code, then re-pin (or drop the shim).
    assert wirefast.mismatches() == []


@pytest.fixture
def shim_removed(wirefast):
    """No shim for the test; put back as it was (the test process installs it with oic.asgi)."""
    was_installed = wirefast._original_server_send is not None
    wirefast.uninstall()
    yield
    wirefast.uninstall()
    if was_installed:
        assert wirefast.install()


def test_a_changed_library_function_is_not_patched_and_warned_about_once(
    wirefast, shim_removed, caplog
):
    from autobahn.websocket.protocol import WebSocketProtocol as AutobahnProtocol
    from daphne.ws_protocol import WebSocketProtocol

    def sendData(self, data, sync=False, chopsize=None):  # noqa: N802 - autobahn's name
        self.transport.write(data)  # an "upgrade" that changed the buffered write path

    daphnes = WebSocketProtocol.serverSend
    with pytest.MonkeyPatch.context() as patch:  # undone before `shim_removed` reinstalls
        patch.setattr(AutobahnProtocol, "sendData", sendData)
        patch.setattr(wirefast, "_warned", False)
        with caplog.at_level(logging.WARNING, logger="realtime.wirefast"):
            assert wirefast.install() is False
            assert wirefast.install() is False

    assert WebSocketProtocol.serverSend is daphnes
    warnings = [r for r in caplog.records if r.name == "realtime.wirefast"]
    assert len(warnings) == 1
    assert "WebSocketProtocol.sendData" in warnings[0].getMessage()
    assert "autobahn 26.11.1" in warnings[0].getMessage()


def test_install_patches_daphne_once(wirefast, shim_removed):
    from daphne.ws_protocol import WebSocketProtocol

    daphnes = WebSocketProtocol.serverSend

    assert wirefast.install() is True
    assert wirefast.install() is True
    assert WebSocketProtocol.serverSend is wirefast.server_send
    assert wirefast._original_server_send is daphnes
    wirefast.uninstall()
    assert WebSocketProtocol.serverSend is daphnes


HOOK_CHECK = (
    "import oic.asgi; from daphne.ws_protocol import WebSocketProtocol; "
    "from realtime import wirefast; print(WebSocketProtocol.serverSend is wirefast.server_send)"
)


@pytest.mark.parametrize(("setting", "patched"), [(None, "True"), ("1", "True"), ("0", "False")])
def test_loading_the_asgi_application_installs_the_shim_unless_turned_off(
    tmp_path, setting, patched
):
    env = server_env(
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", redis_url="", var_dir=tmp_path
    )
    env.pop("REALTIME_WIRE_SHIM", None)
    if setting is not None:
        env["REALTIME_WIRE_SHIM"] = setting

    out = subprocess.run(
        [str(BIN / "python"), "-c", HOOK_CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout

    assert out.strip().splitlines()[-1] == patched


# --- Through a real daphne --------------------------------------------------------------------

_live_apps = [0]
_installed: list[bool] = []


def frame_text(number: int, size: int) -> str:
    return f"{number:08d}" + "xä"[number % 2] * size


async def flood_app(scope, receive, send):
    """The WebSocket app the daphne of these tests serves. Commands: `{"do": "status"}` ->
    `{"shim": <fast path installed>, "apps": <open connections>}`; `{"do": "flood", "sizes":
    [...], "yield_every": n}` -> one `frame_text(i, size)` per size, then `done`."""
    if scope["type"] != "websocket":
        return
    shim = _install_in_this_server()
    await receive()  # websocket.connect
    await send({"type": "websocket.accept"})
    _live_apps[0] += 1
    try:
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            order = json.loads(message["text"])
            if order["do"] == "status":
                status = {"shim": shim, "apps": _live_apps[0]}
                await send({"type": "websocket.send", "text": json.dumps(status)})
                continue
            for number, size in enumerate(order["sizes"]):
                await send({"type": "websocket.send", "text": frame_text(number, size)})
                if order.get("yield_every") and number % order["yield_every"] == 0:
                    await asyncio.sleep(0.001)
            await send({"type": "websocket.send", "text": "done"})
    finally:
        _live_apps[0] -= 1


def _install_in_this_server() -> bool:
    """What oic.asgi does, once per server process; True when the fast path is in place."""
    if not _installed:
        import django

        django.setup()
        from daphne.ws_protocol import WebSocketProtocol

        from realtime import wirefast

        if os.environ.get("REALTIME_WIRE_SHIM") != "0":
            wirefast.install()
        _installed.append(WebSocketProtocol.serverSend is wirefast.server_send)
    return _installed[0]


@contextlib.contextmanager
def flood_daphne(tmp_path: Path, *, unix_socket: bool = False, shim: bool = True):
    """A daphne serving `flood_app`, over TCP or a Unix socket; yields (connect, log path).
    Messages up to 8 MiB (daphne's default limit is 1 MiB, for sending too)."""
    env = server_env(
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", redis_url="", var_dir=tmp_path
    )
    env["REALTIME_WIRE_SHIM"] = "1" if shim else "0"
    log_path = tmp_path / "daphne.log"
    if unix_socket:
        path = tmp_path / "daphne.sock"
        where = ["-u", str(path)]
    else:
        port = free_port()
        where = ["-b", "127.0.0.1", "-p", str(port)]
    command = [str(BIN / "daphne"), *where, "--websocket-max-message-size", str(8 << 20)]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [*command, "tests.live.test_wirefast:flood_app"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        if unix_socket:
            deadline = time.monotonic() + 30
            while not path.exists():
                assert process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "daphne did not listen"
                time.sleep(0.1)

            def open_socket(**kwargs):
                if "sock" in kwargs:  # already connected to the path
                    return connect("ws://localhost/", **kwargs)
                return unix_connect(str(path), "ws://localhost/", **kwargs)
        else:
            wait_for_port(port, process=process)

            def open_socket(**kwargs):
                return connect(f"ws://127.0.0.1:{port}/", **kwargs)

        yield open_socket, log_path
    finally:
        stop(process)


def small_receive_buffer_socket(port_or_path) -> socket.socket:
    """A client socket with a tiny receive buffer, so the server's sends fill up at once."""
    if isinstance(port_or_path, int):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", port_or_path))
    else:
        sock = socket.socket(socket.AF_UNIX)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(port_or_path)
    sock.setblocking(False)
    return sock


async def status(ws) -> dict:
    await ws.send(json.dumps({"do": "status"}))
    return json.loads(await asyncio.wait_for(ws.recv(), 10))


async def receive_flood(ws, sizes: list[int], timeout: float = 30) -> None:
    for number, size in enumerate(sizes):
        text = await asyncio.wait_for(ws.recv(), timeout)
        assert text[:8] == f"{number:08d}", f"frame {number} out of order"
        assert text == frame_text(number, size), f"frame {number} damaged"
    assert await asyncio.wait_for(ws.recv(), timeout) == "done"


def assert_clean(log_path: Path) -> None:
    log = log_path.read_text()
    for sign in ("Traceback", "Exception", "ERROR", "realtime.wirefast not installed"):
        assert sign not in log, log


@pytest.mark.parametrize("over", ["tcp", "unix"])
@pytest.mark.parametrize("shim", [True, False], ids=["shim", "no-shim"])
async def test_frames_arrive_complete_and_in_order(tmp_path, over, shim):
    sizes = [n % 300 for n in range(3000)]
    with flood_daphne(tmp_path, unix_socket=over == "unix", shim=shim) as (open_socket, log):
        async with open_socket() as ws:
            assert (await status(ws))["shim"] is shim
            await ws.send(json.dumps({"do": "flood", "sizes": sizes}))
            await receive_flood(ws, sizes)
    assert_clean(log)


@pytest.mark.parametrize("over", ["tcp", "unix"])
async def test_frames_larger_than_the_socket_buffers_arrive_whole_between_small_ones(
    tmp_path, over
):
    # 3 MB cannot go out in one send(): the rest is buffered, and the small frames sent
    # meanwhile must wait behind it.
    sizes = [10, 3_000_000, 10, 10, 1_500_000, 200, 10]
    with flood_daphne(tmp_path, unix_socket=over == "unix") as (open_socket, log):
        async with open_socket() as ws:
            assert (await status(ws))["shim"] is True
            address = ws.transport.get_extra_info("peername")
        target = address[1] if over == "tcp" else address
        async with open_socket(sock=small_receive_buffer_socket(target), max_size=None) as ws:
            await ws.send(json.dumps({"do": "flood", "sizes": sizes}))
            await receive_flood(ws, sizes)
    assert_clean(log)


async def test_a_client_that_stops_reading_gets_everything_later_and_others_are_served(
    tmp_path,
):
    sizes = [2000] * 3000  # ~6 MB: far more than the kernel buffers hold
    with flood_daphne(tmp_path) as (open_socket, log):
        async with open_socket() as other:
            port = other.transport.get_extra_info("peername")[1]
            async with open_socket(
                sock=small_receive_buffer_socket(port), max_queue=1, max_size=None
            ) as slow:
                await slow.send(json.dumps({"do": "flood", "sizes": sizes}))
                await asyncio.sleep(1)  # not reading: the server holds the rest
                assert (await status(other))["apps"] == 2
                await receive_flood(slow, sizes)
    assert_clean(log)


async def test_a_client_that_leaves_mid_stream_is_cleaned_up_without_errors(tmp_path):
    sizes = [1000] * 20_000
    with flood_daphne(tmp_path) as (open_socket, log):
        async with open_socket() as watcher:
            port = watcher.transport.get_extra_info("peername")[1]
            leaver = await open_socket(sock=small_receive_buffer_socket(port), max_size=None)
            await leaver.send(json.dumps({"do": "flood", "sizes": sizes, "yield_every": 50}))
            for number in range(20):
                assert await asyncio.wait_for(leaver.recv(), 10) == frame_text(number, 1000)
            leaver.transport.abort()  # gone without a closing handshake

            deadline = time.monotonic() + 10
            while (await status(watcher))["apps"] != 1:
                assert time.monotonic() < deadline, "the server kept the connection"
                await asyncio.sleep(0.1)
            # And the server still sends normally to whoever is left.
            await watcher.send(json.dumps({"do": "flood", "sizes": [5, 50_000, 5]}))
            await receive_flood(watcher, [5, 50_000, 5])
    assert_clean(log)
