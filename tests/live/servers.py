"""Real processes for live tests: daphne servers, a private redis-server, a shared database.

Everything started here is stopped by the same fixture that started it.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, *, timeout: float = 30, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@contextmanager
def shared_database(tmp_dir: Path):
    """A migrated database for several server processes: a fresh PostgreSQL database beside
    the one in DATABASE_URL when that is set (CI runs both ways), else a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        config = dj_database_url.parse(url)
        name = f"{config['NAME']}_live_{os.getpid()}"
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            db_url = url.rsplit("/", 1)[0] + "/" + name
            migrate(db_url, tmp_dir)
            yield db_url
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        db_url = f"sqlite:///{tmp_dir / 'live.sqlite3'}"
        migrate(db_url, tmp_dir)
        yield db_url


def server_env(*, database_url: str, redis_url: str, var_dir: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST_", "REDIS_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="oic.settings",
        DATABASE_URL=database_url,
        OIC_VAR_DIR=str(var_dir),
        DEBUG="1",
        OIC_FAST_PASSWORD_HASHER="1",
        THROTTLE_WRITES="10000/min",
        THROTTLE_REGISTER="10000/min",
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def migrate(database_url: str, var_dir: Path) -> None:
    env = server_env(database_url=database_url, redis_url="", var_dir=var_dir)
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )


def manage_shell(env: dict, code: str) -> dict:
    """Run Python in `manage.py shell` against the servers' database; it prints one JSON."""
    out = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={k: v for k, v in env.items() if k != "REDIS_URL"},
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


@contextmanager
def daphne(env: dict, log_path: Path, port: int | None = None):
    """One daphne process on `port` (default: a free one); yields (port, process). Its output
    goes to a file (appended, so a restarted server keeps one log)."""
    port = port or free_port()
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "oic.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port, process=process)
            yield port, process
        finally:
            stop(process)


@contextmanager
def redis_server(port: int, tmp_dir: Path):
    """Our own redis-server (never the machine's shared one), without persistence."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise FileNotFoundError("redis-server")
    process = subprocess.Popen(
        [
            executable,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_dir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process=process, timeout=10)
        yield process
    finally:
        stop(process)


def http(method: str, url: str, data: dict | None = None, token: str | None = None):
    """(status, JSON body) of one request; error statuses are returned, not raised."""
    body = json.dumps(data).encode() if data is not None else None
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"only the local test servers: {url}")
    request = urllib.request.Request(url, data=body, method=method)  # noqa: S310
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", "application/json")
    if token:
        request.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


MAILED_LINK = """
import json
from mail.models import Mail
print(json.dumps({"text": Mail.objects.filter(to=%(email)r).latest("pk").text}))
"""


def register(port: int, env: dict) -> str:
    """A new voter as a person becomes one: sign up, confirm the address with the link of the
    queued mail, sign in. Returns the API token."""
    email = f"voter-{uuid.uuid4().hex[:12]}@example.org"
    password = "a-long-live-test-password"
    base = f"http://127.0.0.1:{port}/api/auth"
    status, body = http(
        "POST",
        f"{base}/register/",
        {
            "email": email,
            "password": password,
            "display_name": "Voter",
            "sector": "citizen",
            "accept_house_rules": True,
        },
    )
    assert status == 202, body
    text = manage_shell(env, MAILED_LINK % {"email": email})["text"]
    token = re.search(r"/confirm/([^/\s]+)/", text).group(1)
    status, body = http("POST", f"{base}/confirm/", {"token": token})
    assert status == 200, body
    status, body = http("POST", f"{base}/token/", {"email": email, "password": password})
    assert status == 200, body
    return body["token"]


def vote(port: int, idea: int, token: str, value: int = 1):
    return http("PUT", f"http://127.0.0.1:{port}/api/ideas/{idea}/vote/", {"value": value}, token)


async def subscribe(ws, stream: str, since=None) -> dict:
    await ws.send(json.dumps({"action": "subscribe", "stream": stream, "since": since}))
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if frame.get("type") in {"subscribed", "error"}:
            return frame


async def subscribe_frames(ws) -> list[dict]:
    """The frames after a subscribe request, up to and including `subscribed` (or error)."""
    frames = []
    while not frames or frames[-1].get("type") not in {"subscribed", "error"}:
        frames.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
    return frames


async def next_event(ws, stream: str) -> dict:
    # Pub/sub on a shared Redis is not per database: skip anything not of our stream.
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if frame.get("stream") == stream and "id" in frame:
            return frame


SETUP_IDEAS = """
import json
from accounts.models import CITY_STAFF_GROUP, User
from django.contrib.auth.models import Group
from django.utils import timezone
from challenges.services import challenge_create
from ideas.services import idea_submit
pw = "pw-live-123456"
confirmed = timezone.now()
staff = User.objects.create_user(
    "staff-live@example.org", pw, display_name="Staff", email_confirmed_at=confirmed
)
staff.groups.add(Group.objects.get(name=CITY_STAFF_GROUP))
staff = User.objects.get(pk=staff.pk)
author = User.objects.create_user(
    "author-live@example.org", pw, display_name="Author", email_confirmed_at=confirmed
)
challenge = challenge_create(
    actor=staff, title="Live test", summary="Live", description="Live", status="open"
)
ideas = [
    idea_submit(author=author, challenge=challenge, title=f"Idea {n}", summary="Idea of a test.").pk
    for n in range(%(count)d)
]
print(json.dumps({"challenge": challenge.pk, "ideas": ideas}))
"""
