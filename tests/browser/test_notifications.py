"""The bell: a person watching their own idea sees the unread count rise live when someone
comments on it. The worker derives the notification in its own process, so the page's server
and the worker share the channel layer through Redis, as in production."""

from __future__ import annotations

import shutil
import subprocess
import sys
from contextlib import ExitStack

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, wait_live
from tests.conftest import service_required
from tests.live import servers

pytestmark = pytest.mark.browser


def test_the_authors_bell_counts_up_live_when_someone_comments_on_their_idea(
    server, browser, tmp_path
):
    if shutil.which("redis-server") is None:
        service_required("Redis")
    data = server.seed("scenario")
    idea = data["idea"]
    redis_port = servers.free_port()
    env = {**server.env, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
    with ExitStack() as stack:
        stack.enter_context(servers.redis_server(redis_port, tmp_path))
        port, _ = stack.enter_context(servers.daphne(env, tmp_path / "bell.log"))
        base = f"http://localhost:{port}"
        pages = []
        for who in ("author", "commenter"):
            context = browser.new_context(
                base_url=base, locale="de-DE", extra_http_headers={"Accept-Language": "de"}
            )
            stack.callback(context.close)
            context.add_cookies([{"name": "sessionid", "value": data[who]["session"], "url": base}])
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda error, page=page: page.errors.append(str(error)))
            page.goto(f"/ideas/{idea}/")
            wait_live(page)
            pages.append(page)
        watcher, commenter = pages
        watcher.evaluate("() => { window.notReloaded = true; }")
        bell = watcher.locator("[data-unread-count]")
        expect(bell).to_be_hidden()  # the seed's comment is not derived yet: no worker ran

        commenter.locator("#comment-form textarea[name=body]").fill("Ich gieße mit!")
        commenter.locator("#comment-form button[type=submit]").click()
        expect(watcher.locator("[data-comment-list] > li").last).to_contain_text("Ich gieße mit!")
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
        )

        # The seed's comment and this one: two notifications, both counted live.
        expect(bell).to_have_text("2")
        expect(bell).to_be_visible()
        expect(watcher.locator("#live-announcer")).to_contain_text("Neuer Kommentar zu")
        assert watcher.evaluate("() => window.notReloaded === true")
        assert watcher.errors == []
