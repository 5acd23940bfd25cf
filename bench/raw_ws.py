"""The machine's own limit: a plain `websockets` server broadcasting frames on a timer.

`python -m bench.raw_ws PORT RATE`: every 1/RATE s it sends two frames (one per stream, as the
platform does for an idea in a challenge) of the platform's size to every connected client,
each carrying `at`, the send time, in the same ISO format as the platform's events.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, datetime

from websockets.asyncio.server import broadcast, serve

PADDING = "x" * 400  # a comment event's sanitised HTML and author: ~600 bytes per frame


async def main(port: int, rate: float) -> None:
    async def handler(ws):
        async for _message in ws:
            await ws.send(json.dumps({"type": "subscribed"}))

    async with serve(handler, "127.0.0.1", port, max_queue=None) as server:
        n = 0
        while True:
            await asyncio.sleep(1 / rate)
            if not server.connections:
                continue
            for stream in ("idea:1", "challenge:1"):
                n += 1
                at = datetime.now(UTC).isoformat()
                frame = {"id": n, "stream": stream, "type": "comment.created", "at": at}
                frame["data"] = {"html": PADDING}
                broadcast(server.connections, json.dumps(frame))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), float(sys.argv[2])))
