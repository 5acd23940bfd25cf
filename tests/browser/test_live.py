"""What a person watching a page sees change live, without reloading."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import api, wait_live

pytestmark = pytest.mark.browser


def _mark_page(page) -> None:
    # Survives only as long as the document does: proves the page was never reloaded.
    page.evaluate("() => { window.notReloaded = true; }")


def _not_reloaded(page) -> bool:
    return page.evaluate("() => window.notReloaded === true")


def test_watcher_sees_another_persons_comment_and_vote_appear(server, new_page):
    data = server.seed("scenario")
    idea = data["idea"]
    watcher = new_page()
    watcher.goto(f"/ideas/{idea}/")
    wait_live(watcher)
    _mark_page(watcher)
    count = watcher.locator(f"[data-comment-count][data-idea='{idea}']")
    expect(count).to_have_text("1")

    other = new_page(data["commenter"])
    other.goto(f"/ideas/{idea}/")
    wait_live(other)
    other.locator("#comment-form textarea[name=body]").fill("Ich helfe beim **Pflanzen**!")
    other.locator("#comment-form button[type=submit]").click()
    other.locator("form[data-vote-form] button[value='1']").click()
    expect(other.locator("form[data-vote-form] button[value='1']")).to_have_attribute(
        "aria-pressed", "true"
    )

    comment = watcher.locator("[data-comment-list] > li").last
    expect(comment.locator("[data-comment-body]")).to_have_text("Ich helfe beim Pflanzen!")
    expect(comment.locator("[data-comment-body] strong")).to_have_text("Pflanzen")
    expect(comment.locator("[data-slot=author]")).to_have_text("Karl Kommentar")
    expect(count).to_have_text("2")
    expect(watcher.locator(f"[data-tally=up][data-idea='{idea}']")).to_have_text("1")
    expect(watcher.locator(f"[data-tally=score][data-idea='{idea}']")).to_have_text("1")
    expect(watcher.locator("#live-announcer")).to_contain_text("Karl Kommentar")
    assert _not_reloaded(watcher)
    assert watcher.errors == []
    assert other.errors == []


def test_reply_appears_under_its_comment(server, new_page):
    data = server.seed("scenario")
    idea = data["idea"]
    watcher = new_page()
    watcher.goto(f"/ideas/{idea}/")
    wait_live(watcher)
    first = watcher.locator("[data-comment-list] > li").first
    parent_id = int(first.get_attribute("data-comment-id"))

    other = new_page(data["author"])
    other.goto(f"/ideas/{idea}/")
    api(other, "POST", f"/api/ideas/{idea}/comments/", {"body": "Danke!", "parent": parent_id})

    reply = first.locator("[data-replies] > li")
    expect(reply).to_have_count(1)
    expect(reply.locator("[data-comment-body]")).to_have_text("Danke!")
    expect(watcher.locator(f"[data-comment-count][data-idea='{idea}']")).to_have_text("2")


def test_deleted_comment_is_shown_as_deleted(server, new_page):
    data = server.seed("scenario")
    idea = data["idea"]
    watcher = new_page()
    watcher.goto(f"/ideas/{idea}/")
    wait_live(watcher)
    first = watcher.locator("[data-comment-list] > li").first
    comment_id = first.get_attribute("data-comment-id")

    commenter = new_page(data["commenter"])
    commenter.goto(f"/ideas/{idea}/")
    api(commenter, "DELETE", f"/api/comments/{comment_id}/")

    expect(first).to_have_attribute("data-deleted", "")
    expect(first.locator("[data-comment-body]")).not_to_contain_text("Gute Idee")
    expect(first.locator(".meta")).to_have_count(0)
    expect(watcher.locator(f"[data-comment-count][data-idea='{idea}']")).to_have_text("0")


def test_new_idea_shows_a_notice_on_its_challenge_page_not_in_the_list(server, new_page):
    data = server.seed("scenario")
    challenge = data["challenge"]
    watcher = new_page()
    watcher.goto(f"/challenges/{challenge}/")
    wait_live(watcher)
    _mark_page(watcher)
    ideas = watcher.locator(f"ol[data-idea-list][data-challenge='{challenge}'] > li")
    expect(ideas).to_have_count(1)
    notice = watcher.locator("[data-new-ideas-notice]")
    expect(notice).to_be_hidden()

    author = new_page(data["author"])
    author.goto(f"/challenges/{challenge}/")
    for title in ("Trinkbrunnen am Kesselbrink", "Schattensegel am Siegfriedplatz"):
        api(
            author,
            "POST",
            "/api/ideas/",
            {"title": title, "summary": "Kühle Orte im Sommer.", "challenge": challenge},
        )

    expect(notice).to_be_visible()
    expect(notice.get_by_role("button")).to_have_text("2 neue Ideen – anzeigen")
    expect(watcher.locator("#live-announcer")).to_contain_text("neue Ideen")
    expect(ideas).to_have_count(1)

    notice.get_by_role("button").click()
    expect(ideas).to_have_count(3)
    expect(watcher.locator("ol[data-idea-list]")).to_contain_text("Trinkbrunnen am Kesselbrink")
    expect(notice).to_be_hidden()
    expect(watcher.locator("ol[data-idea-list]")).to_be_focused()
    assert _not_reloaded(watcher)


def test_home_activity_feed_takes_new_ideas_at_the_top(server, new_page):
    data = server.seed("scenario")
    watcher = new_page()
    watcher.goto("/")
    wait_live(watcher)
    author = new_page(data["author"])
    author.goto("/")
    api(
        author,
        "POST",
        "/api/ideas/",
        {"title": "Fahrradstraße Arndtstraße", "summary": "Sicherer radeln.", "challenge": None},
    )
    first = watcher.locator("ol[data-activity-feed] > li").first
    expect(first).to_contain_text("Fahrradstraße Arndtstraße")
    expect(first.get_by_role("link", name="Fahrradstraße Arndtstraße")).to_have_attribute(
        "href", "/ideas/" + str(data["idea"] + 1) + "/"
    )


def test_status_change_updates_the_status_badge(server, new_page):
    data = server.seed("scenario")
    idea = data["idea"]
    watcher = new_page()
    watcher.goto(f"/ideas/{idea}/")
    wait_live(watcher)
    staff = new_page(data["staff"])
    staff.goto(f"/ideas/{idea}/")
    api(
        staff,
        "POST",
        f"/api/ideas/{idea}/status/",
        {"status": "under_review", "response": "Wir prüfen das."},
    )
    badge = watcher.locator(f"[data-idea-status][data-idea='{idea}']")
    expect(badge).to_have_attribute("data-status", "under_review")
    expect(badge).to_have_text("In Prüfung")


def test_typing_a_comment_keeps_the_text_while_live_comments_arrive(server, new_page):
    data = server.seed("scenario")
    idea = data["idea"]
    typist = new_page(data["viewer"])
    typist.goto(f"/ideas/{idea}/")
    wait_live(typist)
    box = typist.locator("#comment-form textarea[name=body]")
    box.click()
    typist.keyboard.type("Ich schreibe gerade einen längeren Gedanken")

    other = new_page(data["commenter"])
    other.goto(f"/ideas/{idea}/")
    for n in range(3):
        api(other, "POST", f"/api/ideas/{idea}/comments/", {"body": f"Live-Kommentar {n}"})
    expect(typist.locator("[data-comment-list] > li")).to_have_count(4)

    typist.keyboard.type(" und tippe weiter.")
    expect(box).to_have_value("Ich schreibe gerade einen längeren Gedanken und tippe weiter.")
    expect(box).to_be_focused()


def test_reconnect_catches_up_on_missed_events_without_duplicates(server, new_page):
    data = server.seed("scenario")
    idea = data["idea"]
    watcher = new_page()
    sockets = []
    blocked = {"now": False}

    def route(ws):
        # Between the page and the real server, so the test can cut the line.
        if blocked["now"]:
            ws.close(code=1011)
            return
        sockets.append((ws, ws.connect_to_server()))

    watcher.route_web_socket("**/ws/", route)
    watcher.goto(f"/ideas/{idea}/")
    wait_live(watcher)
    blocked["now"] = True
    for page_side, server_side in sockets:
        server_side.close()
        page_side.close(code=1011)
    expect(watcher.locator("[data-live-status]")).not_to_have_text("Live")

    other = new_page(data["commenter"])
    other.goto(f"/ideas/{idea}/")
    api(other, "POST", f"/api/ideas/{idea}/comments/", {"body": "Während du weg warst"})
    api(other, "PUT", f"/api/ideas/{idea}/vote/", {"value": -1})
    expect(watcher.locator("[data-comment-list] > li")).to_have_count(1)

    blocked["now"] = False
    wait_live(watcher)
    expect(watcher.locator("[data-comment-list]")).to_contain_text("Während du weg warst")
    expect(watcher.locator(f"[data-tally=down][data-idea='{idea}']")).to_have_text("1")
    # The replay overlaps what the page already had (grace window): nothing twice.
    expect(watcher.locator("[data-comment-list] > li")).to_have_count(2)
    expect(watcher.locator(f"[data-comment-count][data-idea='{idea}']")).to_have_text("2")
    expect(watcher.locator("#live-announcer")).to_contain_text("wiederhergestellt")


def test_a_live_comment_offers_what_a_rendered_one_does(server, new_page):
    data = server.seed("scenario")
    idea = data["idea"]
    author_tab = new_page(data["commenter"])
    author_tab.goto(f"/ideas/{idea}/")
    wait_live(author_tab)
    stranger = new_page(data["author"])
    stranger.goto(f"/ideas/{idea}/")
    wait_live(stranger)

    # Posted from another tab of the same person: it arrives live in this one.
    other_tab = new_page(data["commenter"])
    other_tab.goto(f"/ideas/{idea}/")
    created = api(other_tab, "POST", f"/api/ideas/{idea}/comments/", {"body": "Live!"})
    comment_id = created["id"]

    mine = author_tab.locator(f"#comment-{comment_id}")
    expect(mine.locator("[data-comment-body]")).to_have_text("Live!")
    edit = mine.locator("[data-slot=own-actions] a").first
    expect(edit).to_be_visible()
    expect(edit).to_have_attribute("href", f"/comments/{comment_id}/edit/")
    expect(mine.locator(".reply-box input[name=parent]")).to_have_value(str(comment_id))

    theirs = stranger.locator(f"#comment-{comment_id}")
    expect(theirs.locator("[data-comment-body]")).to_have_text("Live!")
    expect(theirs.locator("[data-slot=own-actions]")).to_be_hidden()
    theirs.locator(".reply-box summary").click()
    theirs.locator(".reply-box textarea[name=body]").fill("Antwort direkt darauf")
    theirs.locator(".reply-box button[type=submit]").click()
    expect(mine.locator("[data-replies] > li [data-comment-body]")).to_have_text(
        "Antwort direkt darauf"
    )
    assert author_tab.errors == []
    assert stranger.errors == []
