"""An open idea page recovers by itself from a broker outage or a restart of its server: it
ends up showing the tallies and comments written meanwhile, without anyone reloading it.

The page is served by a daphne process of this test's own (so it can be stopped and its
Redis with it), on the browser tests' database; another person writes through a second
daphne process over the JSON API.
"""

from __future__ import annotations

import shutil
from contextlib import ExitStack

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_live
from tests.conftest import service_required
from tests.live import servers

pytestmark = pytest.mark.browser

# Reconnecting backs off (with jitter) while the server is away; give it time to come back.
RECOVERY_MS = 40_000


def _env(server, redis_url: str = "") -> dict:
    env = {k: v for k, v in server.env.items() if k != "REDIS_URL"}
    env["THROTTLE_REGISTER"] = "10000/hour"
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def _open_idea(browser, port: int, idea: int):
    context = browser.new_context(
        base_url=f"http://localhost:{port}",
        locale="de-DE",
        extra_http_headers={"Accept-Language": "de"},
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(f"/ideas/{idea}/")
    wait_live(page)
    page.evaluate("() => { window.notReloaded = true; }")
    return page


def _write_meanwhile(port: int, env: dict, idea: int) -> None:
    """Two people vote up, one of them comments: all over HTTP, through `port` (their addresses
    confirmed with the links the server queued, as newcomers do)."""
    first, second = servers.register(port, env), servers.register(port, env)
    assert servers.vote(port, idea, first)[0] == 200
    assert servers.vote(port, idea, second)[0] == 200
    status, body = servers.http(
        "POST",
        f"http://127.0.0.1:{port}/api/ideas/{idea}/comments/",
        {"body": "Geschrieben, während die Seite **getrennt** war."},
        first,
    )
    assert status == 201, body


def _expect_final_state(page, idea: int, *, reloaded: bool = False) -> None:
    expect(page.locator(f"[data-tally=up][data-idea='{idea}']")).to_have_text(
        "2", timeout=RECOVERY_MS
    )
    expect(page.locator(f"[data-tally=score][data-idea='{idea}']")).to_have_text("2")
    expect(page.locator(f"[data-comment-count][data-idea='{idea}']")).to_have_text("2")
    last = page.locator("[data-comment-list] > li").last
    expect(last.locator("[data-comment-body]")).to_have_text(
        "Geschrieben, während die Seite getrennt war."
    )
    wait_live(page)
    assert page.evaluate("() => window.notReloaded === true") is not reloaded
    assert page.errors == []


def test_an_open_page_shows_what_was_written_while_redis_was_down(server, browser, tmp_path):
    if shutil.which("redis-server") is None:
        service_required("Redis")
    idea = server.seed("scenario")["idea"]
    redis_port = servers.free_port()
    env = _env(server, f"redis://127.0.0.1:{redis_port}/0")
    with ExitStack() as stack:
        redis = stack.enter_context(servers.redis_server(redis_port, tmp_path))
        page_port, _ = stack.enter_context(servers.daphne(env, tmp_path / "page.log"))
        write_port, _ = stack.enter_context(servers.daphne(env, tmp_path / "write.log"))
        page = _open_idea(browser, page_port, idea)

        servers.stop(redis)
        _write_meanwhile(write_port, env, idea)
        stack.enter_context(servers.redis_server(redis_port, tmp_path))

        _expect_final_state(page, idea)
        page.context.close()


def _restart_page_server(server, browser, tmp_path, *, while_away=None) -> tuple:
    """An idea page on a server that stops; another person writes meanwhile (and
    `while_away()` runs); the server starts again on the same port. Returns the ExitStack
    that keeps the servers running, the page and the idea."""
    idea = server.seed("scenario")["idea"]
    env = _env(server)
    stack = ExitStack()
    try:
        write_port, _ = stack.enter_context(servers.daphne(env, tmp_path / "write.log"))
        with servers.daphne(env, tmp_path / "page.log") as (page_port, _):
            page = _open_idea(browser, page_port, idea)

        _write_meanwhile(write_port, env, idea)
        if while_away is not None:
            while_away()
        stack.enter_context(servers.daphne(env, tmp_path / "page.log", port=page_port))
    except BaseException:
        stack.close()
        raise
    return stack, page, idea


def test_an_open_page_shows_what_was_written_while_its_server_restarted(server, browser, tmp_path):
    stack, page, idea = _restart_page_server(server, browser, tmp_path)
    with stack:
        _expect_final_state(page, idea)
        page.context.close()


def test_a_page_whose_gap_was_pruned_reloads_itself_when_nobody_is_typing(
    server, browser, tmp_path
):
    # The log no longer reaches back to the page's position: the server answers resync.
    stack, page, idea = _restart_page_server(
        server, browser, tmp_path, while_away=lambda: server.manage("prune_events", "--days", "0")
    )
    with stack:
        _expect_final_state(page, idea, reloaded=True)
        page.context.close()
