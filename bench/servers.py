"""Start and stop the processes a benchmark measures, and read their CPU and memory from /proc.

Servers run like production (DEBUG off, PostgreSQL, Redis) and are pinned with `taskset` to
the server cores; on four or more cores the load generator pins itself to the others, so client
work does not eat the servers' CPU time. On fewer cores each server gets a core of its own and
the load generator floats (see `serving_cores`); it reports its own CPU.
"""

from __future__ import annotations

import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / "var" / "bench"
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Overridable so that two benchmarks on one machine do not share streams and counters.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
PG_BASE = "postgres://postgres@127.0.0.1:5432"


def split_cores() -> tuple[list[int], list[int]]:
    """(server cores, load generator cores): a quarter of the machine (at least one core)
    drives the load, the rest serves."""
    cores = sorted(os.sched_getaffinity(0))
    n_load = max(1, len(cores) // 4)
    if len(cores) == 1:
        return cores, cores
    return cores[: len(cores) - n_load], cores[len(cores) - n_load :]


def serving_cores() -> list[int]:
    """Where the servers go: on four or more cores the split above; on fewer, one server per
    core with the load generator unpinned, since a split would leave both servers one core
    (the generator needs a fraction of a core: it reports its own CPU)."""
    cores = sorted(os.sched_getaffinity(0))
    return split_cores()[0] if len(cores) >= 4 else cores


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    return {
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": model,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "loadavg_at_start": os.getloadavg(),
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[round(q * 10) - 1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str) -> dict[str, str]:
    """Production-like settings: DEBUG off, PostgreSQL, Redis (channel layer, cache)."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "oic.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            # Persistent connections leak one per request thread under ASGI (Django docs):
            # production ASGI runs with CONN_MAX_AGE=0, so the benchmark does too.
            "DB_CONN_MAX_AGE": "0",
            # The benchmark measures the server, not the per-person write limit.
            "THROTTLE_WRITES": "1000000/min",
            "REALTIME_MAX_FRAMES_PER_10S": "100000",
            "LOG_LEVEL": "WARNING",
            "OIC_FAST_PASSWORD_HASHER": "1",
        }
    )
    return env


@dataclass
class Server:
    port: int
    proc: subprocess.Popen
    cpu: int

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _wait_listening(port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not listen within {timeout} s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def daphnes(
    database_url: str, count: int = 2, cores: list[int] | None = None, server: str = "daphne"
) -> Iterator[list[Server]]:
    """`count` daphne processes on free ports, each pinned to one server core (round robin).
    `server="uvicorn"` runs uvicorn (websockets protocol) instead, for comparison only."""
    cores = cores or serving_cores()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    binary = str(Path(sys.executable).with_name(server))
    servers: list[Server] = []
    try:
        for i in range(count):
            port, cpu = free_port(), cores[i % len(cores)]
            cmd = [binary, "-b", "127.0.0.1", "-p", str(port), "oic.asgi:application"]
            if server == "uvicorn":
                cmd = [binary, "--host", "127.0.0.1", "--port", str(port), "--ws", "websockets"]
                cmd += ["--lifespan", "off", "oic.asgi:application"]
            if shutil.which("taskset"):
                cmd = ["taskset", "-c", str(cpu), *cmd]
            log = (LOG_DIR / f"daphne-{port}.log").open("wb")
            proc = subprocess.Popen(
                cmd, cwd=ROOT, env=server_env(database_url), stdout=log, stderr=log
            )
            servers.append(Server(port=port, proc=proc, cpu=cpu))
        for s in servers:
            _wait_listening(s.port, s.proc, timeout=60)
        yield servers
    finally:
        for s in servers:
            _stop(s.proc)


@contextmanager
def process(cmd: list[str], cpu: int | None = None, env: dict | None = None) -> Iterator:
    """Any helper process (the plain websockets server), pinned and always stopped."""
    if cpu is not None and shutil.which("taskset"):
        cmd = ["taskset", "-c", str(cpu), *cmd]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env or dict(os.environ))
    try:
        yield proc
    finally:
        _stop(proc)


def pin_load_generator() -> list[int]:
    """Pin this process to the load generator's cores, when the machine has cores to split."""
    if len(os.sched_getaffinity(0)) < 4:
        return sorted(os.sched_getaffinity(0))
    cores = split_cores()[1]
    os.sched_setaffinity(0, cores)
    return cores
