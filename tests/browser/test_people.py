"""Author names that arrive live link to the person's public page, as server-rendered ones do."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import api, wait_live

pytestmark = pytest.mark.browser


def test_live_comment_and_response_link_their_authors(server, new_page):
    data = server.seed("scenario")
    idea = data["idea"]
    watcher = new_page()
    watcher.goto(f"/ideas/{idea}/")
    wait_live(watcher)

    commenter = new_page(data["commenter"])
    commenter.goto(f"/ideas/{idea}/")
    posted = api(commenter, "POST", f"/api/ideas/{idea}/comments/", {"body": "Bin dabei!"})
    staff = new_page(data["staff"])
    staff.goto(f"/ideas/{idea}/")
    api(staff, "POST", f"/api/ideas/{idea}/status/", {"status": "under_review", "response": "Gut."})

    author = watcher.locator(f"#comment-{posted['id']} [data-slot=author]")
    expect(author).to_have_text("Karl Kommentar")
    expect(author).to_have_attribute("href", f"/people/{data['commenter']['id']}/")
    response = watcher.locator("[data-responses] > li").last
    expect(response.get_by_role("link", name="Stadt Bielefeld")).to_have_attribute(
        "href", f"/people/{data['staff']['id']}/"
    )

    author.click()
    expect(watcher.locator("h1")).to_have_text("Karl Kommentar")
    expect(watcher.get_by_role("link", name="Bin dabei!")).to_have_attribute(
        "href", f"/ideas/{idea}/#comment-{posted['id']}"
    )
    assert watcher.errors == []


def test_live_activity_links_who_did_it(server, new_page):
    data = server.seed("scenario")
    idea = data["idea"]
    watcher = new_page()
    watcher.goto("/")
    wait_live(watcher)

    commenter = new_page(data["commenter"])
    commenter.goto(f"/ideas/{idea}/")
    posted = api(commenter, "POST", f"/api/ideas/{idea}/comments/", {"body": "Bin dabei!"})

    item = watcher.locator(f"ol[data-activity-feed] li[data-activity-key='comment:{posted['id']}']")
    expect(item.locator(".activity-by")).to_have_text("· Karl Kommentar")
    expect(item.get_by_role("link", name="Karl Kommentar")).to_have_attribute(
        "href", f"/people/{data['commenter']['id']}/"
    )
    assert watcher.errors == []
