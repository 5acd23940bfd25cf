"""The production topology of deploy/, started by `deploy/up` and stopped by `deploy/down`:
nginx with TLS in front of two daphne processes on Unix sockets, the worker, PostgreSQL and
Redis. A real browser watches an idea over wss:// through nginx."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.deploy.conftest import ROOT, fetch, topology
from tests.deploy.test_ops import metric

pytestmark = pytest.mark.multiprocess

CHROMIUM = Path("/usr/bin/chromium")


def wait_for_line(read, needle: str, timeout: float = 10) -> dict:
    """The first JSON line of a log containing `needle` (logs are written after the answer)."""
    deadline = time.monotonic() + timeout
    while True:
        for line in read().splitlines():
            if needle in line:
                return json.loads(line)
        if time.monotonic() > deadline:
            raise AssertionError(f"no line with {needle}")
        time.sleep(0.1)


def test_plain_http_is_sent_to_https(deployment):
    status, headers, _ = fetch(f"{deployment.http}/ideas/?x=1")
    assert status == 301
    assert headers["Location"] == f"{deployment.https}/ideas/?x=1"


def test_static_files_come_from_nginx_hashed_and_precompressed(deployment):
    _, _, page = fetch(f"{deployment.https}/")
    css = re.search(rb'href="(/static/frontend/css/main\.[0-9a-f]{12}\.css)"', page)
    assert css, page[:500]
    status, headers, body = fetch(
        f"{deployment.https}{css.group(1).decode()}", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "X-Request-ID" not in headers  # never reached daphne
    assert body[:2] == b"\x1f\x8b"


def test_probes_and_metrics_through_nginx_add_up_both_processes(deployment):
    for _ in range(6):
        status, headers, body = fetch(f"{deployment.https}/readyz")
        assert status == 200, body
    assert json.loads(body)["checks"]["worker"]["ok"] is True
    assert fetch(f"{deployment.https}/healthz")[0] == 200
    # least_conn spread the requests over both sockets …
    upstreams = set(re.findall(r'"upstream":"(unix:[^"]+)"', deployment.nginx_log()))
    assert len(upstreams) == 2, upstreams
    # … and one scrape sees what every process counted (multiprocess mode).
    status, _, text = fetch(f"{deployment.https}/metrics")
    assert status == 200
    text = text.decode()
    assert metric(text, "oic_http_requests_total", view="ops:readyz", status=200) >= 6
    for name in ("oic_task_queue_depth", "oic_worker_heartbeat_age_seconds", "oic_mails"):
        assert metric(text, name) is not None, name


def test_a_request_id_travels_from_nginx_through_daphne_into_the_worker(deployment):
    body = json.dumps(
        {
            "email": f"neu-{time.time_ns()}@example.org",
            "password": "a-long-test-password-9",
            "display_name": "Neu",
            "sector": "citizen",
            "accept_house_rules": True,
        }
    ).encode()
    status, headers, answer = fetch(
        f"{deployment.https}/api/auth/register/",
        method="POST",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Request-ID": "planted-by-the-client",  # nginx replaces it with its own
        },
    )
    assert status == 202, answer
    rid = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", rid)  # nginx's $request_id

    nginx_line = wait_for_line(deployment.nginx_log, rid)
    assert nginx_line["uri"] == "/api/auth/register/"
    daphne_lines = [
        json.loads(line)
        for name in ("daphne-1.log", "daphne-2.log")
        for line in deployment.log(name).splitlines()
        if rid in line
    ]
    assert any(x["logger"] == "ops.access" and x["status"] == 202 for x in daphne_lines)

    deadline = time.monotonic() + 30
    worker_lines = []
    while time.monotonic() < deadline and not worker_lines:
        worker_lines = [
            json.loads(line)
            for line in deployment.log("worker.log").splitlines()
            if f'"request_id": "{rid}"' in line
        ]
        time.sleep(0.3)
    messages = [x["message"] for x in worker_lines]
    assert any(m.startswith("Mail ") and m.endswith("sent (attempt 1)") for m in messages), (
        messages,
        deployment.log("worker.log")[-2000:],
    )
    assert "planted-by-the-client" not in deployment.log("worker.log")


@pytest.mark.browser
def test_a_live_comment_arrives_in_a_browser_through_nginx_over_tls(deployment):
    from playwright.sync_api import expect, sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    out = deployment.manage("shell", "-c", "from tests.browser.seed import main; main('scenario')")
    data = json.loads(next(x for x in out.splitlines() if x.startswith("SEED-RESULT "))[12:])
    idea = data["idea"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            watcher_context = browser.new_context(
                base_url=deployment.https, ignore_https_errors=True
            )
            watcher = watcher_context.new_page()
            errors = []
            watcher.on("pageerror", lambda error: errors.append(str(error)))
            watcher.goto(f"/ideas/{idea}/")
            expect(watcher.locator("body")).to_have_attribute("data-live-state", "live")
            assert watcher.evaluate("() => location.protocol") == "https:"

            writer_context = browser.new_context(
                base_url=deployment.https, ignore_https_errors=True
            )
            writer_context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": data["commenter"]["session"],
                        "url": deployment.https,
                        "secure": True,
                    }
                ]
            )
            writer = writer_context.new_page()
            writer.goto(f"/ideas/{idea}/")
            writer.locator("#comment-form textarea[name=body]").fill("Über nginx und TLS!")
            writer.locator("#comment-form button[type=submit]").click()

            comment = watcher.locator("[data-comment-list] > li").last
            expect(comment.locator("[data-comment-body]")).to_have_text("Über nginx und TLS!")
            assert errors == []
        finally:
            browser.close()
    # The socket went through nginx's /ws/ location.
    assert re.search(r'"uri":"/ws/".*"status":101', deployment.nginx_log())


def test_zz_down_stops_every_process_it_started(deployment):
    pids = {
        p.stem: int(p.read_text())
        for p in [*(deployment.base / "run").glob("*.pid"), deployment.base / "nginx" / "nginx.pid"]
    }
    assert set(pids) == {"daphne-1", "daphne-2", "worker", "nginx"}
    result = subprocess.run(
        [str(ROOT / "deploy" / "down"), "--env-file", str(deployment.base / "env")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "stopped:" in result.stdout
    assert not any(topology._alive(pid) for pid in pids.values())
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", int(deployment.env["OIC_HTTPS_PORT"])), timeout=2),
    ):
        pass
