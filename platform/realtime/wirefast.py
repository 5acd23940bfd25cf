"""daphne's outgoing WebSocket text frames, framed without autobahn's generic path and written
to the socket at once instead of by registering it for write with the reactor (issue 15).

Why: per delivered frame, stock daphne 4.2 goes through autobahn's `sendMessage` ->
`sendFrame` -> `sendData` (type asserts, fragmentation and compression branches, and a debug
log call whose arguments - click-styled type names - are built although nothing logs them),
then Twisted's `FileDescriptor.write`, which only buffers and registers the socket with the
reactor (asyncio `add_writer`, an epoll_ctl), so that a later loop iteration `doWrite`s it
and unregisters it (another epoll_ctl). On the live benchmark (1,000 sockets, 5 events/s)
that was about 70 µs of the fan-out server's ~110 µs per delivery. Neither library has an
option for it: autobahn's `sendPreparedMessage` also writes through `sendData`, and Twisted
always defers writes to the reactor (twisted/twisted#5303, open since 2011).

What: `install()` replaces `daphne.ws_protocol.WebSocketProtocol.serverSend`. A text frame
on a connection in the plain case - open, no permessage-deflate, nothing queued in
autobahn, no fragmentation, no frame logging, within the size limit - is framed as autobahn
frames it (FIN, text opcode, unmasked, as a server must) and handed to `write_now`; every
other case goes to daphne's own `serverSend` unchanged. `write_now` calls `send()` on the
socket of a plain TCP or Unix transport whose outgoing buffer is empty and which is not
registered for writing, and gives whatever was not sent (all of it on EAGAIN or an error)
to the transport's own `write`: ordering, backpressure (producer pausing) and
connection-lost handling stay Twisted's. TLS transports and other reactors always take
`transport.write`.

The replaced and relied-on library functions are pinned by a hash of their source: after an
upgrade that changes any of them nothing is patched and one warning is logged.
`REALTIME_WIRE_SHIM=0` turns the shim off.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import struct
from importlib import metadata

from autobahn.websocket.protocol import WebSocketProtocol as AutobahnProtocol
from twisted.internet import tcp, unix

logger = logging.getLogger(__name__)
daphne_logger = logging.getLogger("daphne.ws_protocol")  # its per-frame debug line, kept

# Source hashes (sha256 of `inspect.getsource`, first 16 hex digits) of every library
# function whose behaviour the fast path reproduces or whose invariants it relies on, in
# daphne 4.2.3, autobahn 26.11.1 and Twisted 26.10.0.
EXPECTED_SOURCES = {
    # Replaced: the fast path must do what these do for a plain text frame.
    "daphne.ws_protocol:WebSocketProtocol.serverSend": "345f21330d2a18ce",
    "autobahn.websocket.protocol:WebSocketProtocol.sendMessage": "048d6bcf0d712309",
    "autobahn.websocket.protocol:WebSocketProtocol.sendFrame": "89cc8b024c413aa0",
    "autobahn.websocket.protocol:WebSocketProtocol.sendData": "5dcca425b048b07e",
    # Relied on: a write is buffered in dataBuffer/_tempDataBuffer and flushed by doWrite
    # while registered with the reactor (`_writers`); writes to a TLS transport go elsewhere.
    "twisted.internet.abstract:FileDescriptor.write": "3e46c97fc173bc7e",
    "twisted.internet.abstract:FileDescriptor.doWrite": "a986d7b1b1054e43",
    "twisted.internet.tcp:Connection.writeSomeData": "2dd0d4209260b94e",
    "twisted.internet._newtls:ConnectionMixin.write": "ea311df0946d3f99",
    "twisted.internet.unix:_SendmsgMixin.writeSomeData": "bea6b41b8609e7c9",
    "twisted.internet.asyncioreactor:AsyncioSelectorReactor.addWriter": "dd13a0098bb09d36",
}

_original_server_send = None
_warned = False


def _resolve(qualified: str):
    module_name, _, attribute_path = qualified.partition(":")
    obj = __import__(module_name, fromlist=["_"])
    for part in attribute_path.split("."):
        obj = getattr(obj, part)
    if obj is server_send:  # installed: check the function it replaced
        obj = _original_server_send
    return obj


def source_hash(qualified: str) -> str:
    source = inspect.getsource(_resolve(qualified))
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def mismatches() -> list[str]:
    """The pinned functions whose source is not the one the shim was written against."""
    changed = []
    for qualified, expected in EXPECTED_SOURCES.items():
        try:
            actual = source_hash(qualified)
        except (ImportError, AttributeError, OSError, TypeError):
            actual = "missing"
        if actual != expected:
            changed.append(f"{qualified} ({actual})")
    return changed


def install() -> bool:
    """Patch daphne's `serverSend` once per process; False (and one warning) when the
    libraries are not the versions the shim was written against."""
    global _original_server_send, _warned
    if _original_server_send is not None:
        return True
    changed = mismatches()
    if changed:
        if not _warned:
            versions = ", ".join(
                f"{name} {metadata.version(name)}" for name in ("daphne", "autobahn", "twisted")
            )
            logger.warning(
                "realtime.wirefast not installed: library code differs from the pinned "
                "daphne 4.2.3, autobahn 26.11.1, Twisted 26.10.0 (found %s): %s",
                versions,
                "; ".join(changed),
            )
            _warned = True
        return False
    from daphne.ws_protocol import WebSocketProtocol

    _original_server_send = WebSocketProtocol.serverSend
    WebSocketProtocol.serverSend = server_send
    return True


def uninstall() -> None:
    """Put daphne's own `serverSend` back (tests)."""
    global _original_server_send
    if _original_server_send is not None:
        from daphne.ws_protocol import WebSocketProtocol

        WebSocketProtocol.serverSend = _original_server_send
        _original_server_send = None


# --- Framing ----------------------------------------------------------------------------------

_STATE_OPEN = AutobahnProtocol.STATE_OPEN
_SEND_STATE_GROUND = AutobahnProtocol.SEND_STATE_GROUND  # no fragmented message begun


def text_frame(text: str) -> tuple[bytes, int]:
    """(the complete server frame, payload length) of one unfragmented text message: FIN and
    opcode 1, no mask, 7-, 16- or 64-bit length, as autobahn's `sendFrame` builds it.

    A broadcast frames the same text once per socket; caching the last frame by the text's
    identity saved well under a microsecond per delivery, so it is not done."""
    payload = text.encode()
    size = len(payload)
    if size <= 125:
        header = bytes((0x81, size))
    elif size <= 0xFFFF:
        header = struct.pack("!BBH", 0x81, 126, size)
    else:
        header = struct.pack("!BBQ", 0x81, 127, size)
    return header + payload, size


def server_send(self, content, binary=False):
    """`WebSocketProtocol.serverSend` for the plain case; anything else goes to daphne's."""
    if (
        binary
        or self.state != _STATE_OPEN
        or self.send_state != _SEND_STATE_GROUND
        or self._perMessageCompress is not None
        or self.send_queue
        or self.maskServerFrames
        or self.logFrames
        or self.logOctets
        or self.trackedTimings
    ):
        return _original_server_send(self, content, binary)
    frame, size = text_frame(content)
    if 0 < self.maxMessagePayloadSize < size or 0 < self.autoFragmentSize < size:
        # Too large (autobahn raises) or to be fragmented: autobahn's path does either.
        return _original_server_send(self, content, binary)
    # The counters autobahn keeps for each message, so its traffic stats stay true.
    stats = self.trafficStats
    stats.outgoingWebSocketMessages += 1
    stats.outgoingWebSocketFrames += 1
    stats.outgoingOctetsAppLevel += size
    stats.outgoingOctetsWebSocketLevel += size
    stats.outgoingOctetsWireLevel += len(frame)
    daphne_logger.debug("Sent WebSocket packet to client for %s", self.client_addr)
    write_now(self.transport, frame)
    return None


# --- Writing ----------------------------------------------------------------------------------


# Exactly these: a TLS endpoint's transport is a wrapping protocol, not one of them.
_PLAIN_TRANSPORTS = (tcp.Server, unix.Server)


def write_now(transport, data: bytes) -> None:
    """Write `data` like `transport.write`, but try `send()` at once when nothing is waiting
    to be written. Only the unsent rest (all of it on EAGAIN or any error) is buffered by the
    transport, which then registers for write, retries, pauses a producer when its buffer is
    full, and reports a broken connection through `connectionLost`, exactly as before."""
    writers = getattr(transport.reactor, "_writers", None)  # asyncio reactor only
    if (
        type(transport) in _PLAIN_TRANSPORTS
        and writers is not None
        and transport.connected
        and not transport.TLS
        and not transport.disconnecting
        and not transport._writeDisconnecting
        and not transport._tempDataLen
        and transport.offset == len(transport.dataBuffer)
        and not getattr(transport, "_sendmsgQueue", None)
        and transport not in writers
    ):
        try:
            sent = transport.socket.send(data)
        except OSError:
            sent = 0  # EAGAIN, or an error the buffered write will meet and report
        if sent == len(data):
            return
        data = data[sent:]
    transport.write(data)
