"""The home page's recent activity takes comments and official answers live, and drops a
comment again when it is deleted, all without reloading."""

import os

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, ROOT, api, wait_live

pytestmark = pytest.mark.browser


def test_a_comment_and_an_answer_by_others_appear_live_in_the_activity(server, new_page, tmp_path):
    data = server.seed("scenario")
    idea = data["idea"]
    watcher = new_page()
    watcher.goto("/")
    wait_live(watcher)
    watcher.evaluate("() => { window.notReloaded = true; }")
    feed = watcher.locator("ol[data-activity-feed]")

    commenter = new_page(data["commenter"])
    commenter.goto(f"/ideas/{idea}/")
    posted = api(commenter, "POST", f"/api/ideas/{idea}/comments/", {"body": "Bin dabei!"})
    comment = posted["id"]

    item = feed.locator(f"li[data-activity-key='comment:{comment}']")
    expect(feed.locator("> li").first).to_have_attribute("data-activity-key", f"comment:{comment}")
    expect(item.locator(".activity-kind")).to_have_text("Neuer Kommentar")
    expect(item.get_by_role("link", name="Bäume für den Jahnplatz 1")).to_have_attribute(
        "href", f"/ideas/{idea}/#comment-{comment}"
    )
    expect(item.locator(".activity-by")).to_have_text("· Karl Kommentar")

    staff = new_page(data["staff"])
    staff.goto(f"/ideas/{idea}/")
    api(staff, "POST", f"/api/ideas/{idea}/status/", {"status": "under_review", "response": "Gut."})

    answer = feed.locator("> li").first
    expect(answer.locator(".activity-kind")).to_have_text("Offizielle Antwort")
    expect(answer.get_by_role("link", name="Bäume für den Jahnplatz 1")).to_have_attribute(
        "href", f"/ideas/{idea}/#funnel"
    )
    expect(answer.locator(".activity-by")).to_have_text("· Stadt Bielefeld")

    # With OIC_SCREENSHOTS=1 the live state goes to docs/screenshots/ (see test_screenshots.py).
    out = ROOT / "docs" / "screenshots" if os.environ.get("OIC_SCREENSHOTS") else tmp_path
    for width, viewport in (("390", PHONE), ("1280", DESKTOP)):
        watcher.set_viewport_size(viewport)
        feed.scroll_into_view_if_needed()
        watcher.screenshot(path=str(out / f"home-activity-live-{width}.png"))

    api(commenter, "DELETE", f"/api/comments/{comment}/")
    expect(item).to_have_count(0)
    assert watcher.evaluate("() => window.notReloaded === true")

    # What the page showed live is what the server renders after a reload.
    watcher.reload()
    wait_live(watcher)
    # The socket replays recent events after a reload (the challenge's too, which carries no
    # time of its own): nothing the page already shows, or showed before, comes in as new.
    expect(feed.locator("li.is-new")).to_have_count(0)
    expect(feed.locator("> li").first.locator(".activity-kind")).to_have_text("Offizielle Antwort")
    expect(feed.locator(f"li[data-activity-key='comment:{comment}']")).to_have_count(0)
