"""Live benchmark: commit→frame latency, deliveries/s and server CPU per delivery over WebSockets.

Run as its own process (`python -m bench.live_bench --database-url … --out result.json`). It
starts two daphne processes sharing Redis, spreads N `websockets` clients over them (each
subscribed to one idea and its challenge), and has a writer vote and comment over HTTP at a
fixed rate. Latency is receive time minus the event's `at` (same machine, same clock). In the
same run it measures the machine's own limit: a plain `websockets` broadcast server to the same
clients, and Redis PUBLISH→SUBSCRIBE. Finally the RSS of one daphne holding idle sockets.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from asgiref.sync import sync_to_async
from websockets.asyncio.client import connect

import bench.servers
from bench.servers import (
    cpu_seconds,
    daphnes,
    free_port,
    percentile,
    pin_load_generator,
    process,
    rss_mb,
    server_env,
    serving_cores,
)

CONNECT_PARALLEL = 50


@dataclass
class Client:
    ws: object
    server: int = 0  # index of the server it is connected to
    received: dict[int, float] = field(default_factory=dict)  # event id -> latency (s)
    types: dict[int, str] = field(default_factory=dict)
    subscribed: int = 0


async def _reader(client: Client, streams: int, ready: asyncio.Event) -> None:
    try:
        async for raw in client.ws:
            now = time.time()
            frame = json.loads(raw)
            if "id" in frame and "at" in frame:
                at = datetime.fromisoformat(frame["at"]).timestamp()
                client.received[frame["id"]] = now - at
                client.types[frame["id"]] = frame.get("type", "")
            elif frame.get("type") == "subscribed":
                client.subscribed += 1
                if client.subscribed >= streams:
                    ready.set()
    except Exception:  # noqa: S110 - a closed socket ends its reader; counts show the loss
        pass


async def open_clients(
    urls: list[str], n: int, streams: list[str], timeout: float = 120
) -> tuple[list[Client], list[asyncio.Task]]:
    """n sockets spread round-robin over `urls`, each subscribed to `streams`."""
    sem = asyncio.Semaphore(CONNECT_PARALLEL)
    clients: list[Client] = []
    tasks: list[asyncio.Task] = []

    async def one(i: int) -> None:
        async with sem:
            url = urls[i % len(urls)]
            ws = await connect(
                url,
                # The server's own origin: the socket compares scheme, host and port.
                origin=url.replace("ws://", "http://", 1).removesuffix("/ws/"),
                open_timeout=30,
                max_queue=None,
                ping_interval=None,
            )
            client = Client(ws=ws, server=i % len(urls))
            ready = asyncio.Event()
            tasks.append(asyncio.create_task(_reader(client, len(streams), ready)))
            for s in streams:
                await ws.send(json.dumps({"action": "subscribe", "stream": s, "since": None}))
            await asyncio.wait_for(ready.wait(), timeout=30)
            clients.append(client)

    await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(n))), timeout=timeout)
    return clients, tasks


async def close_clients(clients: list[Client], tasks: list[asyncio.Task]) -> None:
    await asyncio.gather(*(c.ws.close() for c in clients), return_exceptions=True)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def wait_listening(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _cpu(pids: list[int]) -> float:
    return sum(cpu_seconds(p) for p in pids)


def _load(elapsed: float, server_cpu: float, own_cpu: float) -> dict:
    """Busy share of a core for the servers and for this load generator over a round: a
    load generator near 100 % would delay frames itself and inflate the latencies."""
    return {
        "server_cpu_pct": 100 * server_cpu / elapsed,
        "load_generator_cpu_pct": 100 * own_cpu / elapsed,
        "loadavg": os.getloadavg()[0],
    }


def outcome(client: Client, events: dict[int, tuple[str, str]]) -> tuple[int, int]:
    """(coalesced, missing) of `events` (id -> (stream, type)) for one client. A vote frame not
    received is coalesced, not lost, when the client got a newer vote on the same stream: the
    consumer folds vote bursts within REALTIME_COALESCE_MS (tallies are absolute)."""
    newest_vote: dict[str, int] = {}
    for i in client.received:
        if i in events and events[i][1] == "vote.changed":
            stream = events[i][0]
            newest_vote[stream] = max(newest_vote.get(stream, 0), i)
    coalesced = missing = 0
    for i, (stream, type_) in events.items():
        if i in client.received:
            continue
        if type_ == "vote.changed" and newest_vote.get(stream, 0) > i:
            coalesced += 1
        else:
            missing += 1
    return coalesced, missing


def summarise(
    clients: list[Client], events: dict[int, tuple[str, str]], seconds: float, cpu: float
) -> dict:
    latencies = [lat for c in clients for i, lat in c.received.items() if i in events]
    delivered = len(latencies)
    outcomes = [outcome(c, events) for c in clients]
    return {
        "clients": len(clients),
        "events": len(events),
        "deliveries": delivered,
        "expected_deliveries": len(events) * len(clients),
        "coalesced_votes": sum(o[0] for o in outcomes),
        "missing": sum(o[1] for o in outcomes),
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "max_ms": max(latencies, default=float("nan")) * 1000,
        "deliveries_per_s": delivered / seconds,
        "server_cpu_us_per_delivery": 1e6 * cpu / delivered if delivered else float("nan"),
    }


async def settle(clients: list[Client], events: dict[int, tuple[str, str]], timeout: float):
    """Wait until every client has every event (or a newer vote), at most `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(outcome(c, events)[1] == 0 for c in clients):
            return
        await asyncio.sleep(0.25)


class Writer:
    """Votes and comments on one idea over HTTP, alternating, at a fixed rate."""

    def __init__(self, url: str, idea: int, voters: list[tuple[str, int]]):
        self.host, self.port = url.split("//")[1].split(":")
        self.idea = idea
        self.voters = voters  # (token, value to send next)
        self.n = 0
        self.errors = 0

    def _request(self, conn, method: str, path: str, body: dict, token: str) -> None:
        conn.request(
            method,
            path,
            body=json.dumps(body),
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Token {token}",
            },
        )
        response = conn.getresponse()
        response.read()
        if response.status >= 300:
            self.errors += 1

    def run(self, rate: float, seconds: float) -> int:
        conn = http.client.HTTPConnection(self.host, int(self.port), timeout=30)
        start = time.perf_counter()
        ticks = int(rate * seconds)
        for k in range(ticks):
            delay = start + k / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            token, value = self.voters[k % len(self.voters)]
            if k % 2 == 0:
                self.voters[k % len(self.voters)] = (token, -value)
                self._request(conn, "PUT", f"/api/ideas/{self.idea}/vote/", {"value": value}, token)
            else:
                body = {"body": f"Live-Benchmark {k}: das finde ich **gut**."}
                self._request(conn, "POST", f"/api/ideas/{self.idea}/comments/", body, token)
            self.n += 1
        conn.close()
        return ticks


def _py_spy(pid: int, seconds: float, out: Path) -> subprocess.Popen:
    """Sample one server with py-spy (collapsed stacks, `--nonblocking` so the sampler does
    not pause the process it measures). CPU figures of a profiled round are not comparable."""
    spy = Path(sys.executable).with_name("py-spy")
    cmd = [str(spy), "record", "-p", str(pid), "-d", str(int(seconds)), "-r", "250"]
    cmd += ["--nonblocking", "-f", "raw", "-o", str(out)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def live_round(
    servers,
    n_clients: int,
    rate: float,
    seconds: float,
    idea: int,
    challenge: int,
    writer,
    profile: Path | None = None,
) -> dict:
    from realtime.models import Event

    streams = [f"idea:{idea}", f"challenge:{challenge}"]
    ws_urls = [f"ws://127.0.0.1:{s.port}/ws/" for s in servers]
    pids = [s.pid for s in servers]
    clients, tasks = await open_clients(ws_urls, n_clients, streams)
    try:
        last = await sync_to_async(
            lambda: Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
        )()
        spy = None
        if profile is not None:
            # The second server only fans out (the writer's HTTP goes to the first).
            spy = _py_spy(servers[-1].pid, seconds, profile / f"daphne-{n_clients}.txt")
        fanout = servers[-1].pid  # serves sockets only: the writer's HTTP goes to the first
        cpu0, t0, own0 = _cpu(pids), time.perf_counter(), cpu_seconds(os.getpid())
        fanout0 = cpu_seconds(fanout)
        await asyncio.to_thread(writer.run, rate, seconds)
        writer_seconds = time.perf_counter() - t0
        if spy is not None:
            await asyncio.to_thread(spy.wait, 30)
        events = {
            i: (stream, type_)
            for i, stream, type_ in await sync_to_async(
                lambda: list(
                    Event.objects.filter(stream__in=streams, id__gt=last).values_list(
                        "id", "stream", "type"
                    )
                )
            )()
        }
        await settle(clients, events, timeout=10)
        elapsed, cpu = time.perf_counter() - t0, _cpu(pids) - cpu0
        result = summarise(clients, events, elapsed, cpu)
        result.update(_load(elapsed, cpu, cpu_seconds(os.getpid()) - own0))
        # CPU per delivery of the fan-out server alone: no HTTP writes in it, so this is the
        # figure to hold against a plain websockets broadcast server.
        fanout_deliveries = sum(
            1 for c in clients if c.server == len(servers) - 1 for i in c.received if i in events
        )
        result["fanout_cpu_us_per_delivery"] = (
            1e6 * (cpu_seconds(fanout) - fanout0) / fanout_deliveries
            if fanout_deliveries
            else float("nan")
        )
        result["writer_errors"] = writer.errors
        result["rate"] = rate
        result["achieved_rate"] = len(events) / len(streams) / writer_seconds
        by_type: dict[str, list[float]] = {}
        for c in clients:
            for i, lat in c.received.items():
                if i in events:
                    by_type.setdefault(events[i][1], []).append(lat)
        result["p50_ms_by_type"] = {k: percentile(v, 50) * 1000 for k, v in by_type.items()}
        # Both servers with every client still subscribed (issue 15: 10,000 sockets ≤ 1 GB).
        result["servers_rss_mb"] = sum(rss_mb(pid) for pid in pids)
        return result
    finally:
        await close_clients(clients, tasks)


async def raw_round(n_clients: int, rate: float, seconds: float) -> dict:
    cores = serving_cores()
    ports = [free_port(), free_port()]
    with (
        process([sys.executable, "-m", "bench.raw_ws", str(ports[0]), str(rate)], cores[0]) as a,
        process([sys.executable, "-m", "bench.raw_ws", str(ports[1]), str(rate)], cores[-1]) as b,
    ):
        # A fixed pause was too short on a loaded machine: wait until both listen.
        await asyncio.gather(*(asyncio.to_thread(wait_listening, p) for p in ports))
        urls = [f"ws://127.0.0.1:{p}/" for p in ports]
        clients, tasks = await open_clients(urls, n_clients, ["idea:1"])
        try:
            for c in clients:
                c.received.clear()
            cpu0, t0, own0 = _cpu([a.pid, b.pid]), time.perf_counter(), cpu_seconds(os.getpid())
            await asyncio.sleep(seconds)
            elapsed, cpu = time.perf_counter() - t0, _cpu([a.pid, b.pid]) - cpu0
            own = cpu_seconds(os.getpid()) - own0
            # Frames of the two servers have overlapping ids: count per client.
            lat = [x for c in clients for x in c.received.values()]
            return {
                "clients": n_clients,
                "deliveries": len(lat),
                "p50_ms": percentile(lat, 50) * 1000,
                "p99_ms": percentile(lat, 99) * 1000,
                "deliveries_per_s": len(lat) / elapsed,
                "server_cpu_us_per_delivery": 1e6 * cpu / len(lat) if lat else float("nan"),
                **_load(elapsed, cpu, own),
            }
        finally:
            await close_clients(clients, tasks)


async def redis_round(messages: int = 300, rate: float = 100) -> dict:
    import redis.asyncio as aioredis

    pub = aioredis.from_url(bench.servers.REDIS_URL)
    sub = aioredis.from_url(bench.servers.REDIS_URL)
    ps = sub.pubsub()
    channel = f"bench-{secrets.token_hex(4)}"
    await ps.subscribe(channel)
    await ps.get_message(timeout=1)
    lat: list[float] = []

    async def receive() -> None:
        while len(lat) < messages:
            msg = await ps.get_message(ignore_subscribe_messages=True, timeout=5)
            if msg is None:
                return
            lat.append(time.time() - float(msg["data"]))

    reader = asyncio.create_task(receive())
    for _ in range(messages):
        await pub.publish(channel, repr(time.time()))
        await asyncio.sleep(1 / rate)
    await asyncio.wait_for(reader, timeout=10)
    await ps.aclose()
    await pub.aclose()
    await sub.aclose()
    return {
        "messages": len(lat),
        "p50_ms": percentile(lat, 50) * 1000,
        "p99_ms": percentile(lat, 99) * 1000,
    }


async def memory_round(
    database_url: str, sockets: int, idea: int, challenge: int, server: str = "daphne"
) -> dict:
    with daphnes(database_url, count=1, server=server) as servers:
        server = servers[0]
        await asyncio.sleep(1)
        before = rss_mb(server.pid)
        clients, tasks = await open_clients(
            [f"ws://127.0.0.1:{server.port}/ws/"],
            sockets,
            [f"idea:{idea}", f"challenge:{challenge}"],
            timeout=300,
        )
        try:
            await asyncio.sleep(3)
            after = rss_mb(server.pid)
        finally:
            await close_clients(clients, tasks)
    return {
        "sockets": len(clients),
        "rss_idle_mb": before,
        "rss_mb": after,
        "kb_per_socket": 1024 * (after - before) / max(1, len(clients)),
    }


async def run(args) -> dict:
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from ideas.models import Idea
    from votes.models import Vote

    dataset = json.loads(Path(args.dataset).read_text())
    idea, challenge = dataset["focus_idea_id"], dataset["focus_challenge_id"]

    def prepare() -> list[tuple[str, int]]:
        author = Idea.objects.values_list("author_id", flat=True).get(pk=idea)
        people = list(
            User.objects.exclude(pk=author).order_by("-id").values_list("id", flat=True)[:100]
        )
        Token.objects.filter(user_id__in=people).delete()
        keys = {pk: secrets.token_hex(20) for pk in people}
        Token.objects.bulk_create([Token(user_id=pk, key=k) for pk, k in keys.items()])
        current = dict(
            Vote.objects.filter(idea_id=idea, user_id__in=people).values_list("user_id", "value")
        )
        # Each vote must change the tally (an unchanged vote publishes nothing): flip it.
        return [(keys[pk], -current.get(pk, -1)) for pk in people]

    voters = await sync_to_async(prepare)()
    results: dict = {"live": [], "raw": [], "redis": None, "memory": None}
    with daphnes(args.database_url, server=args.server) as servers:
        writer = Writer(servers[0].url, idea, voters)
        for n in args.clients:
            r = await live_round(
                servers, n, args.rate, args.seconds, idea, challenge, writer, args.profile
            )
            results["live"].append(r)
            print(
                f"  live {n:5} clients: p50 {r['p50_ms']:.1f} ms p99 {r['p99_ms']:.1f} ms "
                f"{r['deliveries']}/{r['expected_deliveries']} frames "
                f"({r['coalesced_votes']} votes coalesced, {r['missing']} missing), "
                f"{r['server_cpu_us_per_delivery']:.0f} µs CPU/delivery "
                f"({r['fanout_cpu_us_per_delivery']:.0f} on the fan-out-only server), "
                f"{r['achieved_rate']:.1f} events/s, RSS {r['servers_rss_mb']:.0f} MB, "
                f"servers {r['server_cpu_pct']:.0f} % / load generator "
                f"{r['load_generator_cpu_pct']:.0f} % of a core",
                flush=True,
            )
    if not args.skip_raw:
        for n in args.clients:
            r = await raw_round(n, args.rate, args.seconds)
            results["raw"].append(r)
            print(
                f"  raw  {n:5} clients: p50 {r['p50_ms']:.1f} ms p99 {r['p99_ms']:.1f} ms "
                f"{r['server_cpu_us_per_delivery']:.0f} µs CPU/delivery, "
                f"servers {r['server_cpu_pct']:.0f} % / load generator "
                f"{r['load_generator_cpu_pct']:.0f} % of a core",
                flush=True,
            )
        results["redis"] = await redis_round()
        print(f"  redis pub→sub: p50 {results['redis']['p50_ms']:.2f} ms", flush=True)
    if args.memory_sockets:
        results["memory"] = await memory_round(
            args.database_url, args.memory_sockets, idea, challenge, args.server
        )
        print(f"  memory: {results['memory']}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--clients", type=int, nargs="+", default=[100])
    parser.add_argument("--rate", type=float, default=5.0, help="writer events per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--memory-sockets", type=int, default=1000)
    parser.add_argument(
        "--server",
        choices=["daphne", "uvicorn"],
        default="daphne",
        help="ASGI server of the platform's rounds (daphne is the one deployed)",
    )
    parser.add_argument(
        "--skip-raw", action="store_true", help="only the platform's rounds (and memory)"
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="directory for py-spy profiles (collapsed stacks) of the second server per round",
    )
    parser.add_argument(
        "--redis-url",
        default=bench.servers.REDIS_URL,
        help="Redis for the servers' channel layer and cache (give each concurrent run its own db)",
    )
    args = parser.parse_args()
    if not Path(sys.executable).with_name(args.server).exists():
        parser.error(f"{args.server} is not installed here (comparison only: pip install it)")
    # The servers' environment is built from this module attribute (see `server_env`).
    bench.servers.REDIS_URL = args.redis_url
    os.environ.update(server_env(args.database_url))
    import django

    django.setup()
    pin_load_generator()
    random.seed(1)
    results = asyncio.run(run(args))
    Path(args.out).write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
