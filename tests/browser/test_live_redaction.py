"""A page that catches up after a break renders redacted replays: an edited comment with its
new text only, a deleted one in its place as deleted (docs/realtime.md, Redaction)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import api, wait_live

pytestmark = pytest.mark.browser


def test_catching_up_shows_edits_and_deletions_made_while_away(server, new_page):
    data = server.seed("scenario")
    idea = data["idea"]
    watcher = new_page()
    line = {"open": True, "sockets": []}

    def route(ws):
        # Between the page and the real server, so the test can cut the line.
        if not line["open"]:
            ws.close(code=1011)
            return
        line["sockets"].append((ws, ws.connect_to_server()))

    watcher.route_web_socket("**/ws/", route)
    watcher.goto(f"/ideas/{idea}/")
    wait_live(watcher)
    line["open"] = False
    for page_side, server_side in line["sockets"]:
        server_side.close()
        page_side.close(code=1011)
    expect(watcher.locator("[data-live-status]")).not_to_have_text("Live")

    other = new_page(data["commenter"])
    other.goto(f"/ideas/{idea}/")
    kept = api(other, "POST", f"/api/ideas/{idea}/comments/", {"body": "Erster Entwurf"})
    api(other, "PATCH", f"/api/comments/{kept['id']}/", {"body": "Zweiter Gedanke"})
    gone = api(other, "POST", f"/api/ideas/{idea}/comments/", {"body": "Meine Telefonnummer"})
    api(other, "DELETE", f"/api/comments/{gone['id']}/")

    line["open"] = True
    wait_live(watcher)
    thread = watcher.locator("[data-comment-list]")
    expect(watcher.locator(f"#comment-{kept['id']}")).to_contain_text("Zweiter Gedanke")
    expect(watcher.locator(f"#comment-{gone['id']}")).to_have_attribute("data-deleted", "")
    expect(thread).not_to_contain_text("Erster Entwurf")
    expect(thread).not_to_contain_text("Meine Telefonnummer")
    expect(watcher.locator(f"[data-comment-count][data-idea='{idea}']")).to_have_text("2")
