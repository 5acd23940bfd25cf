"""The production topology on one machine, without systemd: `deploy/up` and `deploy/down`.

    nginx (TLS, :OIC_HTTPS_PORT; :OIC_HTTP_PORT redirects)  ->  N daphne on Unix sockets
                                                            ->  PostgreSQL, Redis (the machine's)
    the task worker (manage.py run_worker)                  ->  PostgreSQL

Every setting comes from the environment file (deploy/env.example documents each one); the
state of a running deployment (nginx configuration, certificate, sockets, pid files, logs,
collected static files, metrics files) lives under OIC_DEPLOY_DIR (default var/deploy).
The same steps, one unit per process, are in deploy/systemd/ for a real server.

Tests import this module to start the same topology (tests/deploy/).
"""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
TEMPLATE = DEPLOY / "nginx.conf.template"
DEFAULTS = {
    "OIC_DAPHNE_PROCESSES": "2",
    "OIC_LISTEN_ADDRESS": "127.0.0.1",
    "OIC_HTTP_PORT": "8080",
    "OIC_HTTPS_PORT": "8443",
    "OIC_SERVER_NAME": "localhost",
}


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as systemd's EnvironmentFile reads them (comments and blanks skipped,
    one pair of surrounding quotes removed)."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def deploy_dir(env: dict[str, str]) -> Path:
    return Path(env.get("OIC_DEPLOY_DIR") or ROOT / "var" / "deploy")


def default_env_file() -> Path:
    """OIC_ENV_FILE, else deploy/env if an operator wrote one, else var/deploy/env: made from
    env.example on the first `up`, with a new SECRET_KEY."""
    if os.environ.get("OIC_ENV_FILE"):
        return Path(os.environ["OIC_ENV_FILE"])
    if (DEPLOY / "env").exists():
        return DEPLOY / "env"
    path = deploy_dir(dict(os.environ)) / "env"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (DEPLOY / "env.example").read_text(encoding="utf-8")
        text = text.replace("SECRET_KEY=change-me", f"SECRET_KEY={secrets.token_urlsafe(50)}")
        path.write_text(text, encoding="utf-8")
        path.chmod(0o600)
    return path


def load_env(env_file: Path | None = None, overrides: dict[str, str] | None = None) -> dict:
    """The environment of every process: this one's, the file's settings, then overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.update(DEFAULTS)
    env.update(read_env_file(env_file or default_env_file()))
    env.update(overrides or {})
    base = deploy_dir(env)
    env.setdefault("OIC_VAR_DIR", str(base / "var"))
    env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(base / "prometheus"))
    env["DJANGO_SETTINGS_MODULE"] = "oic.settings"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def python(env: dict) -> str:
    return env.get("OIC_PYTHON") or str(ROOT / ".venv" / "bin" / "python")


def manage(env: dict, *args: str, timeout: float = 600) -> str:
    return subprocess.run(
        [python(env), str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    ).stdout


def ensure_database(env: dict) -> None:
    """Create the PostgreSQL database named in DATABASE_URL if it does not exist yet."""
    url = env.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import dj_database_url
    import psycopg

    name = dj_database_url.parse(url)["NAME"]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_certificate(env: dict, base: Path) -> tuple[Path, Path]:
    """A self-signed certificate for the demo (a real server uses its CA's, e.g. ACME)."""
    tls = base / "tls"
    cert, key = tls / "cert.pem", tls / "key.pem"
    if not cert.exists() or not key.exists():
        tls.mkdir(parents=True, exist_ok=True)
        name = env["OIC_SERVER_NAME"]
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-sha256",
                "-days",
                "30",
                "-subj",
                f"/CN={name}",
                "-addext",
                f"subjectAltName=DNS:{name},DNS:localhost,IP:127.0.0.1",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ],
            check=True,
            capture_output=True,
        )
        key.chmod(0o600)
    return cert, key


def render_nginx(env: dict, base: Path, upstreams: list[str]) -> Path:
    """Write nginx.conf for `upstreams` (`unix:/path.sock` or `host:port`)."""
    cert, key = ensure_certificate(env, base)
    prefix = base / "nginx"
    for sub in ("log", "tmp"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    static_root = Path(env["OIC_VAR_DIR"]) / "static"
    https_port = env["OIC_HTTPS_PORT"]
    allow = [a.strip() for a in env.get("METRICS_ALLOWED_ADDRESSES", "127.0.0.1,::1").split(",")]
    values = {
        "NGINX_USER": env.get("OIC_NGINX_USER") or getpass.getuser(),
        "PREFIX": str(prefix),
        "LISTEN_ADDRESS": env["OIC_LISTEN_ADDRESS"],
        "HTTP_PORT": env["OIC_HTTP_PORT"],
        "HTTPS_PORT": https_port,
        "HTTPS_PORT_SUFFIX": "" if https_port == "443" else f":{https_port}",
        "SERVER_NAME": env["OIC_SERVER_NAME"],
        "TLS_CERT": str(cert),
        "TLS_KEY": str(key),
        "STATIC_PARENT": str(static_root.parent),
        "UPSTREAM_SERVERS": "\n".join(
            f"        server {u} max_fails=1 fail_timeout=10s;" for u in upstreams
        ),
        "METRICS_ALLOW": "\n".join(f"            allow {a};" for a in allow if a),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    conf = prefix / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise SystemExit("nginx is not installed (Debian: apt-get install nginx).")
    return found


def start_nginx(base: Path, conf: Path, runner: list[str] | None = None) -> None:
    prefix = str(base / "nginx")
    command = [*(runner or []), nginx_binary(), "-p", prefix, "-c", str(conf)]
    subprocess.run([*command, "-t", "-q"], check=True, capture_output=True)
    subprocess.run(command, check=True)


def spawn(
    command: list[str], env: dict, log: Path, pidfile: Path, runner: list[str] | None = None
) -> subprocess.Popen:
    """Start a process of its own session (a later `down` ends it by its pid file)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    pidfile.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [*(runner or []), *command],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pidfile.write_text(str(process.pid))
    return process


def daphne_command(env: dict, *, socket: Path | None = None, bind: tuple[str, int] | None = None):
    daphne = str(Path(python(env)).parent / "daphne")
    where = ["-u", str(socket)] if socket else ["-b", bind[0], "-p", str(bind[1])]
    # -v 0: no plain-text access lines from daphne; the platform logs each request as JSON.
    return [daphne, "-v", "0", *where, "oic.asgi:application"]


def worker_command(env: dict) -> list[str]:
    return [python(env), str(ROOT / "manage.py"), "run_worker", "--", "--interval", "1"]


def wait_ready(url: str, timeout: float = 90) -> None:
    """Until `url` (…/readyz through nginx) answers 200."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5, context=context) as response:  # noqa: S310
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            last = f"{error.code} {error.read()[:300]!r}"
        except OSError as error:
            last = str(error)
        time.sleep(0.5)
    raise TimeoutError(f"{url} not ready: {last}")


def up(env: dict) -> dict:
    """Bring the topology up; returns what was started (urls, pids)."""
    down(env, quiet=True)
    base = deploy_dir(env)
    run, logs = base / "run", base / "log"
    for directory in (run, logs):
        directory.mkdir(parents=True, exist_ok=True)
    metrics = Path(env["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(metrics, ignore_errors=True)  # a fresh start counts from zero
    metrics.mkdir(parents=True)

    ensure_database(env)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")

    sockets = []
    for n in range(1, int(env["OIC_DAPHNE_PROCESSES"]) + 1):
        sock = run / f"daphne-{n}.sock"
        sock.unlink(missing_ok=True)
        spawn(
            daphne_command(env, socket=sock), env, logs / f"daphne-{n}.log", run / f"daphne-{n}.pid"
        )
        sockets.append(sock)
    spawn(worker_command(env), env, logs / "worker.log", run / "worker.pid")
    deadline = time.monotonic() + 60
    while not all(s.exists() for s in sockets):
        if time.monotonic() > deadline:
            raise TimeoutError("daphne did not open its sockets; see " + str(logs))
        time.sleep(0.2)

    conf = render_nginx(env, base, [f"unix:{s}" for s in sockets])
    start_nginx(base, conf)
    host = (
        "127.0.0.1" if env["OIC_LISTEN_ADDRESS"] in ("0.0.0.0", "::") else env["OIC_LISTEN_ADDRESS"]
    )
    https = f"https://{host}:{env['OIC_HTTPS_PORT']}"
    wait_ready(f"{https}/readyz")
    return {"https": https, "http": f"http://{host}:{env['OIC_HTTP_PORT']}", "base": str(base)}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (our own child not yet reaped) counts as gone.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def down(env: dict, quiet: bool = False) -> list[str]:
    """Stop nginx, the daphne processes and the worker of this deployment (by their pid
    files: nothing else is touched). Returns the names stopped."""
    base = deploy_dir(env)
    stopped = []
    pidfiles = [base / "nginx" / "nginx.pid", *sorted((base / "run").glob("*.pid"))]
    waiting = []
    for pidfile in pidfiles:
        if not pidfile.exists():
            continue
        try:
            pid = int(pidfile.read_text().strip())
        except ValueError:
            pidfile.unlink(missing_ok=True)
            continue
        if _alive(pid):
            # nginx: TERM is its fast shutdown; daphne and the worker finish what they do.
            os.kill(pid, signal.SIGTERM)
            waiting.append((pid, pidfile))
        else:
            pidfile.unlink(missing_ok=True)
    deadline = time.monotonic() + 20
    for pid, pidfile in waiting:
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        pidfile.unlink(missing_ok=True)
        stopped.append(pidfile.stem)
    for sock in (base / "run").glob("*.sock"):
        sock.unlink(missing_ok=True)
    if stopped and not quiet:
        print("stopped:", ", ".join(stopped))
    return stopped


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up", "down"])
    parser.add_argument("--env-file", type=Path, help="default: OIC_ENV_FILE or var/deploy/env")
    args = parser.parse_args(argv)
    env = load_env(args.env_file)
    if args.command == "up":
        started = up(env)
        base = Path(started["base"])
        print(f"up: {started['https']}/ (self-signed certificate: {base / 'tls' / 'cert.pem'})")
        print(f"    {started['http']}/ redirects to HTTPS")
        print(f"    logs: {base / 'log'} and {base / 'nginx' / 'log'}")
        print("    stop with deploy/down")
    else:
        down(env)


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
    main()
