"""Scale-out across hosts: two application hosts and one data host, as network namespaces on this
machine, with nginx (deploy/'s configuration) balancing sockets over both application hosts.

    lb   10.231.0.2   nginx (TLS); the test's clients and writer run here too
    app1 10.231.0.11  daphne          app2 10.231.0.12  daphne
    data 10.231.0.3   PostgreSQL (a cluster of its own) and Redis

The hosts share a bridge inside the lb namespace: every private address lives inside the
namespaces only, and nothing leaves the machine. Sockets watch one idea while a writer posts
comments through nginx; half way through, application host 1 dies (its daphne is killed). Its
clients reconnect through nginx, land on host 2 and catch up with `since`: every client holds
every event of the outbox, none missing.

Where the machine does not allow network namespaces, the test says so (a warning) and runs the
same scenario with every host on loopback ports instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.deploy.conftest import ROOT, free_port, require_services, topology

pytestmark = pytest.mark.multiprocess

PG_BIN = Path("/usr/lib/postgresql")
CLONE_NEWNET = 0x40000000
COMMENTS = 24
KILL_AFTER = 10
CLIENTS = 6
SUBNET = "10.231.0"


def run(*command: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, check=check, timeout=60)


def pg_tool(name: str) -> str:
    versions = sorted(PG_BIN.glob(f"*/bin/{name}"))
    if not versions:
        pytest.fail(f"PostgreSQL's {name} is not installed")
    return str(versions[-1])


@dataclass
class Host:
    name: str
    address: str
    namespace: str | None = None

    @property
    def runner(self) -> list[str]:
        return ["ip", "netns", "exec", self.namespace] if self.namespace else []


@dataclass
class Network:
    lb: Host
    app1: Host
    app2: Host
    data: Host
    namespaces: list[str] = field(default_factory=list)

    def enter_lb(self) -> None:
        """Move the calling thread into the lb namespace (its sockets are created there)."""
        if self.lb.namespace is None:
            return
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        with open(f"/var/run/netns/{self.lb.namespace}") as ns:
            if libc.setns(ns.fileno(), CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns")


def make_namespaces() -> Network | str:
    """The four hosts on a bridge; or why namespaces cannot be made here."""
    suffix = f"{os.getpid() % 100000}"
    names = {h: f"oic{h}-{suffix}" for h in ("lb", "app1", "app2", "data")}
    made = []
    try:
        for ns in names.values():
            run("ip", "netns", "add", ns)
            made.append(ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
        lb = names["lb"]
        run("ip", "-n", lb, "link", "add", "br0", "type", "bridge")
        run("ip", "-n", lb, "addr", "add", f"{SUBNET}.2/24", "dev", "br0")
        run("ip", "-n", lb, "link", "set", "br0", "up")
        hosts = {"app1": f"{SUBNET}.11", "app2": f"{SUBNET}.12", "data": f"{SUBNET}.3"}
        for host, address in hosts.items():
            ns, port = names[host], f"v{host}"
            run(
                "ip",
                "-n",
                lb,
                "link",
                "add",
                port,
                "type",
                "veth",
                "peer",
                "name",
                "eth0",
                "netns",
                ns,
            )
            run("ip", "-n", lb, "link", "set", port, "master", "br0", "up")
            run("ip", "-n", ns, "addr", "add", f"{address}/24", "dev", "eth0")
            run("ip", "-n", ns, "link", "set", "eth0", "up")
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        for ns in made:
            run("ip", "netns", "del", ns, check=False)
        detail = getattr(error, "stderr", "") or str(error)
        return detail.strip()
    return Network(
        lb=Host("lb", f"{SUBNET}.2", lb),
        app1=Host("app1", hosts["app1"], names["app1"]),
        app2=Host("app2", hosts["app2"], names["app2"]),
        data=Host("data", hosts["data"], names["data"]),
        namespaces=made,
    )


def loopback_network() -> Network:
    return Network(*(Host(n, "127.0.0.1") for n in ("lb", "app1", "app2", "data")))


def wait_until(check, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.1)


@contextlib.contextmanager
def started(command: list[str], log: Path, env: dict | None = None):
    with open(log, "ab") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def listening(host: Host, port: int) -> bool:
    code = (
        "import socket,sys\n"
        f"s=socket.socket(); s.settimeout(0.5)\n"
        f"sys.exit(s.connect_ex(({host.address!r},{port})))"
    )
    return subprocess.run([*host.runner, sys.executable, "-c", code], check=False).returncode == 0


@pytest.fixture
def network():
    # OIC_SCALE_OUT_LOOPBACK=1 runs the fallback on purpose (to check it where namespaces work).
    if os.environ.get("OIC_SCALE_OUT_LOOPBACK"):
        made = "OIC_SCALE_OUT_LOOPBACK is set"
    else:
        made = make_namespaces()
    if isinstance(made, str):
        warnings.warn(
            f"Network namespaces are not allowed here ({made}): the scale-out scenario runs "
            "with every host on loopback ports instead.",
            stacklevel=1,
        )
        yield loopback_network()
        return
    try:
        yield made
    finally:
        for ns in made.namespaces:
            run("ip", "netns", "del", ns, check=False)


def test_clients_of_a_lost_application_host_catch_up_on_the_other(network, tmp_path):
    require_services()
    started_at = time.monotonic()
    loopback = network.lb.namespace is None
    pg_port = free_port() if loopback else 5432
    redis_port = free_port() if loopback else 6379
    app_ports = (free_port(), free_port()) if loopback else (8000, 8000)
    https_port, http_port = (free_port(), free_port()) if loopback else (8443, 8080)

    # --- data host: a PostgreSQL cluster and a Redis of its own -------------------------------
    pgdata = Path(tempfile.mkdtemp(prefix="oic-scale-pg-"))
    shutil.chown(pgdata, "postgres", "postgres")
    run(
        "runuser",
        "-u",
        "postgres",
        "--",
        pg_tool("initdb"),
        "-D",
        str(pgdata),
        "-A",
        "trust",
        "-U",
        "postgres",
        "--no-sync",
        "-E",
        "UTF8",
    )
    with open(pgdata / "pg_hba.conf", "a") as hba:
        hba.write(f"host all all {SUBNET}.0/24 trust\n")
    postgres = [
        *network.data.runner,
        "runuser",
        "-u",
        "postgres",
        "--",
        pg_tool("postgres"),
        "-D",
        str(pgdata),
        "-c",
        f"listen_addresses={network.data.address}",
        "-c",
        f"port={pg_port}",
        "-c",
        f"unix_socket_directories={pgdata}",
        "-c",
        "fsync=off",
        "-c",
        "synchronous_commit=off",
        "-c",
        "full_page_writes=off",
    ]
    redis = [
        *network.data.runner,
        shutil.which("redis-server"),
        "--bind",
        network.data.address,
        "--port",
        str(redis_port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(tmp_path),
        # Reached from the application hosts' addresses, inside the namespaces only.
        "--protected-mode",
        "no",
    ]
    database_url = f"postgres://postgres@{network.data.address}:{pg_port}/postgres"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_", "REDIS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="oic.settings",
        DEBUG="0",
        SECRET_KEY=uuid.uuid4().hex * 2,
        ALLOWED_HOSTS=network.lb.address,
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://{network.data.address}:{redis_port}/0",
        CHANNEL_LAYER_PREFIX=f"scale{uuid.uuid4().hex[:6]}",
        TRUSTED_PROXIES=f"{network.lb.address}/32",
        LOG_FORMAT="json",
        OIC_FAST_PASSWORD_HASHER="1",
        THROTTLE_WRITES="100000/min",
        SECURE_HSTS_PRELOAD="0",
        PYTHONUNBUFFERED="1",
    )
    try:
        with contextlib.ExitStack() as stack:
            stack.enter_context(started(postgres, tmp_path / "postgres.log"))
            stack.enter_context(started(redis, tmp_path / "redis.log"))
            wait_until(lambda: listening(network.data, pg_port), "PostgreSQL on the data host")
            wait_until(lambda: listening(network.data, redis_port), "Redis on the data host")

            # --- application hosts: migrate and seed from app1, then a daphne on each ---------
            def manage(host: Host, *args: str) -> str:
                return subprocess.run(
                    [*host.runner, sys.executable, "manage.py", *args],
                    cwd=ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                    timeout=180,
                ).stdout

            manage(network.app1, "migrate", "--noinput", "-v", "0")
            seed = (
                "import json\n"
                "from rest_framework.authtoken.models import Token\n"
                "from tests.browser.seed import scenario\n"
                "r = scenario()\n"
                "r['token'] = Token.objects.create(user_id=r['commenter']['id']).key\n"
                "print('SEED-RESULT ' + json.dumps(r))\n"
            )
            out = manage(network.app1, "shell", "-c", seed)
            data = json.loads(
                next(x for x in out.splitlines() if x.startswith("SEED-RESULT "))[12:]
            )
            idea, token = data["idea"], data["token"]

            apps = {}
            for host, port in ((network.app1, app_ports[0]), (network.app2, app_ports[1])):
                host_env = {
                    **env,
                    "OIC_VAR_DIR": str(tmp_path / host.name),
                    "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / host.name / "prometheus"),
                }
                (tmp_path / host.name / "prometheus").mkdir(parents=True)
                command = [
                    *host.runner,
                    *topology.daphne_command(
                        {"OIC_PYTHON": sys.executable}, bind=(host.address, port)
                    ),
                ]
                apps[host.name] = stack.enter_context(
                    started(command, tmp_path / f"{host.name}.log", host_env)
                )
            for host, port in ((network.app1, app_ports[0]), (network.app2, app_ports[1])):
                wait_until(lambda h=host, p=port: listening(h, p), f"daphne on {host.name}")

            # --- nginx on the lb host, with deploy/'s configuration -----------------------
            nginx_env = {
                "OIC_VAR_DIR": str(tmp_path / "lb"),
                "OIC_LISTEN_ADDRESS": network.lb.address,
                "OIC_HTTPS_PORT": str(https_port),
                "OIC_HTTP_PORT": str(http_port),
                "OIC_SERVER_NAME": network.lb.address,
                "METRICS_ALLOWED_ADDRESSES": "127.0.0.1",
            }
            base = tmp_path / "lb"
            conf = topology.render_nginx(
                nginx_env,
                base,
                [
                    f"{network.app1.address}:{app_ports[0]}",
                    f"{network.app2.address}:{app_ports[1]}",
                ],
            )
            topology.start_nginx(base, conf, runner=network.lb.runner)
            stack.callback(lambda: topology.down({"OIC_DEPLOY_DIR": str(base)}, quiet=True))
            wait_until(lambda: listening(network.lb, https_port), "nginx on the lb host")

            result = run_scenario(network, https_port, idea, token, database_url, kill=apps["app1"])
    finally:
        shutil.rmtree(pgdata, ignore_errors=True)

    expected = result["outbox"]
    assert len(expected) >= COMMENTS  # every comment is an event on the idea's stream
    for n, client in enumerate(result["clients"]):
        got = {i for i in client["ids"] if i > client["start"]}
        want = {i for i in expected if i > client["start"]}
        assert got == want, (n, sorted(want - got), client)
    moved = [c for c in result["clients"] if c["reconnects"]]
    assert moved, "no client was on the host that went away"
    assert all(c["reconnects"] <= 5 for c in moved)
    assert result["writer_retries"] >= 0
    print(
        f"scale-out ({'loopback' if loopback else 'namespaces'}): {len(expected)} events, "
        f"{len(moved)}/{CLIENTS} clients moved, {time.monotonic() - started_at:.1f} s"
    )


def run_scenario(
    network: Network,
    https_port: int,
    idea: int,
    token: str,
    database_url: str,
    *,
    kill: subprocess.Popen,
) -> dict:
    """Clients and writer, in threads inside the lb namespace; returns what each saw."""
    outcome: dict = {}
    errors: list[BaseException] = []

    def target():
        try:
            network.enter_lb()
            outcome.update(
                asyncio.run(scenario(network, https_port, idea, token, database_url, kill))
            )
        except BaseException as error:  # noqa: BLE001 - reported in the test's thread
            errors.append(error)

    thread = threading.Thread(target=target, name="lb-host")
    thread.start()
    thread.join(timeout=120)
    if errors:
        raise errors[0]
    assert not thread.is_alive(), "the scenario did not finish"
    return outcome


async def scenario(network, https_port, idea, token, database_url, kill) -> dict:
    import psycopg
    import websockets

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    base = f"https://{network.lb.address}:{https_port}"
    stream = f"idea:{idea}"
    state = {"done": False, "final": None}
    subscribed = asyncio.Event()
    ready_count = [0]

    async def client() -> dict:
        ids: set[int] = set()
        start = None
        last = None
        reconnects = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                async with websockets.connect(
                    f"wss://{network.lb.address}:{https_port}/ws/",
                    ssl=context,
                    origin=base,
                    open_timeout=5,
                ) as ws:
                    await ws.send(
                        json.dumps({"action": "subscribe", "stream": stream, "since": last})
                    )
                    while True:
                        if (
                            state["final"] is not None
                            and last is not None
                            and (last >= state["final"])
                        ):
                            return {"ids": sorted(ids), "start": start, "reconnects": reconnects}
                        try:
                            frame = json.loads(await asyncio.wait_for(ws.recv(), 0.5))
                        except TimeoutError:
                            continue
                        if frame.get("type") == "subscribed":
                            if start is None:
                                start = last = frame["last_id"]
                                ready_count[0] += 1
                                if ready_count[0] == CLIENTS:
                                    subscribed.set()
                        elif frame.get("stream") == stream and "id" in frame:
                            ids.add(frame["id"])
                            last = max(last or 0, frame["id"])
                        elif frame.get("code") == "unavailable":
                            break  # the protocol's "reconnect with since"
                        elif frame.get("type") in ("error", "resync"):
                            raise AssertionError(frame)
            except (websockets.ConnectionClosed, OSError, websockets.InvalidStatus):
                pass
            reconnects += 1
            await asyncio.sleep(0.2)
        raise TimeoutError(f"client did not catch up: last {last}, final {state['final']}")

    def post(n: int) -> int:
        """One comment through nginx; retried while the host it went to is going away."""
        body = json.dumps({"body": f"Kommentar {n}"}).encode()
        retries = 0
        while True:
            request = urllib.request.Request(  # noqa: S310 - the lb host of this test
                f"{base}/api/ideas/{idea}/comments/",
                data=body,
                method="POST",
                headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
            )
            try:
                with urllib.request.urlopen(request, timeout=10, context=context) as answer:  # noqa: S310
                    assert answer.status == 201
                    return retries
            except (urllib.error.HTTPError, urllib.error.URLError, OSError) as error:
                if isinstance(error, urllib.error.HTTPError) and error.code < 500:
                    raise
                retries += 1
                if retries > 20:
                    raise
                time.sleep(0.2)

    tasks = [asyncio.create_task(client()) for _ in range(CLIENTS)]
    await asyncio.wait_for(subscribed.wait(), 20)
    loop = asyncio.get_running_loop()
    # Executor threads must enter the namespace too: one worker thread, entered first.
    from concurrent.futures import ThreadPoolExecutor

    writer = ThreadPoolExecutor(max_workers=1, initializer=network.enter_lb)
    retries = 0
    for n in range(COMMENTS):
        if n == KILL_AFTER:
            kill.send_signal(signal.SIGKILL)  # application host 1 is gone, mid-stream
        retries += await loop.run_in_executor(writer, post, n)
        await asyncio.sleep(0.05)

    def outbox() -> list[int]:
        with psycopg.connect(database_url, connect_timeout=5) as conn:
            rows = conn.execute(
                "SELECT id FROM realtime_event WHERE stream = %s ORDER BY id", [stream]
            ).fetchall()
        return [r[0] for r in rows]

    ids = await loop.run_in_executor(writer, outbox)
    state["final"] = max(ids)
    clients = await asyncio.gather(*tasks)
    writer.shutdown()
    return {"clients": clients, "outbox": ids, "writer_retries": retries}
