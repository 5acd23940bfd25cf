"""Browser-test harness: one real daphne process serving the real ASGI app (HTTP and
WebSockets) as in production, a database the tests seed through a subprocess, and the
machine's Chromium driven by Playwright. Nothing is mocked between the browser and the DB."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import service_required
from tests.mailbox import Mailbox, free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Redis db of the browser tests (the pub/sub channels are global, the cache is not).
REDIS_DB = 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _browser_database_url(url: str) -> str:
    """The same server as DATABASE_URL, but a database of the browser tests' own."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "oic"
    return urlunsplit(parts._replace(path=f"/{name}_browser"))


def _recreate_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


class Server:
    """The running platform: its URL, its environment, and a way to run code in its DB."""

    def __init__(self, base_url: str, env: dict[str, str], log: Path):
        self.base_url = base_url
        self.env = env
        self.log = log

    def url(self, path: str) -> str:
        return self.base_url + path

    def manage(self, *args: str, timeout: float = 120) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def seed(self, name: str = "scenario", **kwargs) -> dict:
        """Run tests.browser.seed.<name> in the server's database; returns its ids."""
        code = f"from tests.browser.seed import main; main({name!r}, **{kwargs!r})"
        out = self.manage("shell", "-c", code)
        line = next(x for x in out.splitlines() if x.startswith("SEED-RESULT "))
        return json.loads(line.removeprefix("SEED-RESULT "))

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


# Package scope, not session: Playwright's sync API keeps an event loop running in the main
# thread while it is open, which would break every asyncio test collected after this package.
@pytest.fixture(scope="package")
def server(tmp_path_factory) -> Iterator[Server]:
    """daphne on a free port, configured like production (DEBUG off, compressed static
    files), against a fresh database: a temp SQLite file, or — when DATABASE_URL is set, as
    in CI's second run — a dedicated PostgreSQL database next to it."""
    if not CHROMIUM.exists():
        service_required("Chromium")
    var = tmp_path_factory.mktemp("browser-server")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "oic.settings",
        "DEBUG": "0",
        "SECRET_KEY": "browser-tests-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "OIC_FAST_PASSWORD_HASHER": "1",
        "OIC_VAR_DIR": str(var),
        # The suite acts faster than any person; the write throttle is not under test here.
        "THROTTLE_WRITES": "100000/min",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    pg_url = None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pg_url = _browser_database_url(os.environ["DATABASE_URL"])
        _recreate_postgres_database(pg_url)
        env["DATABASE_URL"] = pg_url
    else:
        env["DATABASE_URL"] = f"sqlite:///{var / 'browser.sqlite3'}"
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = urlunsplit(
            urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{REDIS_DB}")
        )
    # Mail goes to a real SMTP server of the tests; `server.manage("db_worker", "--batch")`
    # sends what is queued, as the worker of `make run` would.
    mailbox = Mailbox(free_port())
    mailbox.start()
    env.update(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(mailbox.port),
        SITE_URL=f"http://localhost:{port}",
    )
    server = Server(f"http://localhost:{port}", env, var / "daphne.log")
    server.mailbox = mailbox
    server.manage("migrate", "--noinput", timeout=300)
    # Swagger UI stays (/api/docs/ is tested here); ReDoc, which nothing here loads, is
    # left out. Source maps cannot be: the hashed JS and CSS files name them.
    server.manage("collectstatic", "--noinput", "-i", "redoc*", timeout=300)
    daphne = shutil.which("daphne", path=str(Path(sys.executable).parent)) or "daphne"
    with server.log.open("w") as log:
        process = subprocess.Popen(
            [daphne, "-b", "127.0.0.1", "-p", str(port), "oic.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"daphne exited with {process.returncode}:\n{server.log_tail()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):  # noqa: S310
                    break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"daphne did not start:\n{server.log_tail()}")
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        mailbox.stop()
        if pg_url:
            _drop_postgres_database(pg_url)


@pytest.fixture(scope="package")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, server) -> Iterator[Callable]:
    """`new_page(person=None, lang="de", viewport=DESKTOP)`: a page in a fresh context
    (own cookies, storage and cache), signed in as `person` when given."""
    contexts = []

    def make(person: dict | None = None, lang: str = "de", viewport: dict = DESKTOP):
        context = browser.new_context(
            base_url=server.base_url,
            viewport=viewport,
            locale="de-DE" if lang == "de" else "en-GB",
            extra_http_headers={"Accept-Language": lang},
        )
        context.set_default_timeout(10_000)
        if person:
            context.add_cookies(
                [{"name": "sessionid", "value": person["session"], "url": server.base_url}]
            )
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on(
            "console",
            lambda msg: page.errors.append(msg.text) if msg.type == "error" else None,
        )
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="package")
def screenshot_dir(tmp_path_factory) -> Path:
    """docs/screenshots/ with OIC_SCREENSHOTS=1 (how the pictures there are made), else a
    temporary folder: the tests take their screenshots either way."""
    if os.environ.get("OIC_SCREENSHOTS"):
        target = ROOT / "docs" / "screenshots"
        target.mkdir(parents=True, exist_ok=True)
        return target
    return tmp_path_factory.mktemp("screenshots")


def wait_live(page) -> None:
    """Wait until every stream of the page is subscribed (replay done, events flow)."""
    from playwright.sync_api import expect

    expect(page.locator("body")).to_have_attribute("data-live-state", "live")


def csrf_token(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")


def api(page, method: str, path: str, data: dict | None = None):
    """Call the JSON API as the page's signed-in person (session cookie + CSRF header).
    The page must have loaded a page of the site first (that sets the CSRF cookie)."""
    response = page.request.fetch(
        path,
        method=method,
        data=data,
        headers={"X-CSRFToken": csrf_token(page), "Accept": "application/json"},
    )
    assert response.ok, f"{method} {path} -> {response.status}: {response.text()}"
    return response.json() if response.status != 204 else None


def tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until the element matching `selector` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"{selector} never received focus by Tab")
