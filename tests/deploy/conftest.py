"""Fixtures of the deploy tests: the machine's PostgreSQL, Redis and nginx, and the topology of
deploy/ started from its own script.

These tests start their own databases beside the server in OIC_TEST_POSTGRES_URL (default:
DATABASE_URL when it is PostgreSQL, else the machine's PostgreSQL on 127.0.0.1:5432), whatever
database the rest of the suite runs on. Without nginx, PostgreSQL or Redis they skip locally
and fail in CI, like every test of a real service."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import service_required

ROOT = Path(__file__).resolve().parents[2]
# Redis db of the deploy tests (the cache is per db; pub/sub is separated by a prefix).
REDIS_DB = 7


def load_topology():
    spec = importlib.util.spec_from_file_location(
        "deploy_topology", ROOT / "deploy" / "topology.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


topology = load_topology()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_server_url() -> str:
    url = os.environ.get("OIC_TEST_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url


def database_url(name: str) -> str:
    parts = urlsplit(postgres_server_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_connection():
    import psycopg

    return psycopg.connect(database_url("postgres"), autocommit=True, connect_timeout=3)


def drop_database(name: str) -> None:
    with admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def require_services(*, nginx: bool = True) -> None:
    """PostgreSQL, Redis, openssl and (by default) nginx, or skip locally / fail in CI."""
    import psycopg
    import redis

    try:
        with admin_connection() as conn:
            conn.execute("SELECT 1")
    except psycopg.Error:
        service_required("PostgreSQL")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.RedisError:
        service_required("Redis")
    for tool in ("pg_dump", "pg_restore", "openssl", *(["nginx"] if nginx else [])):
        if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            service_required(tool)


def insecure_tls() -> ssl.SSLContext:
    """For the demo's self-signed certificate."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, *, method: str = "GET", data: bytes | None = None, headers=None):
    """(status, headers, body) from the local topology; never follows redirects."""
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost"):
        raise ValueError(f"only the local topology: {url}")
    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=insecure_tls())
    )
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@dataclass
class Deployment:
    env: dict
    https: str
    http: str
    base: Path
    database: str
    started: dict = field(default_factory=dict)

    def manage(self, *args: str) -> str:
        return topology.manage(self.env, *args, timeout=180)

    def log(self, name: str) -> str:
        path = self.base / "log" / name
        return path.read_text(errors="replace") if path.exists() else ""

    def nginx_log(self) -> str:
        path = self.base / "nginx" / "log" / "access.log"
        return path.read_text(errors="replace") if path.exists() else ""


@pytest.fixture(scope="package")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    """deploy/up on free ports, its own database and deploy dir; deploy/down afterwards."""
    require_services()
    base = tmp_path_factory.mktemp("deploy")
    name = f"oic_deploy_{os.getpid()}"
    drop_database(name)
    https_port, http_port = free_port(), free_port()
    overrides = {
        "OIC_DEPLOY_DIR": str(base),
        "OIC_PYTHON": sys.executable,
        "DATABASE_URL": database_url(name),
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "CHANNEL_LAYER_PREFIX": f"oicdeploy{uuid.uuid4().hex[:8]}",
        "OIC_HTTPS_PORT": str(https_port),
        "OIC_HTTP_PORT": str(http_port),
        "SITE_URL": f"https://127.0.0.1:{https_port}",
        "OIC_FAST_PASSWORD_HASHER": "1",
        "THROTTLE_WRITES": "10000/min",
        "THROTTLE_REGISTER": "10000/min",
        "WORKER_HEARTBEAT_SECONDS": "2",
    }
    overrides["SECRET_KEY"] = uuid.uuid4().hex * 2
    env_file = base / "env"
    env_file.write_text(
        (ROOT / "deploy" / "env.example").read_text()
        + "\n# The test's own\n"
        + "".join(f"{k}={v}\n" for k, v in overrides.items())
    )
    env = topology.load_env(env_file)
    outside = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    outside.pop("DATABASE_URL", None)
    result = subprocess.run(
        [str(ROOT / "deploy" / "up"), "--env-file", str(env_file)],
        env=outside,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        topology.down(env, quiet=True)
        logs = "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-2000:]}"
            for p in sorted((base / "log").glob("*.log"))
        )
        drop_database(name)
        pytest.fail(f"deploy/up failed:\n{result.stdout}\n{result.stderr}\n{logs}")
    started = {
        "https": f"https://127.0.0.1:{https_port}",
        "http": f"http://127.0.0.1:{http_port}",
    }
    deployment = Deployment(
        env=env, https=started["https"], http=started["http"], base=base, database=name
    )
    try:
        yield deployment
    finally:
        down = subprocess.run(
            [str(ROOT / "deploy" / "down"), "--env-file", str(env_file)],
            env=outside,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        deployment.started["down"] = down.stdout
        drop_database(name)
