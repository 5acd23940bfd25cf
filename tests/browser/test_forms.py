"""Forms as people use them: keyboard only, with mistakes, in both languages."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import api, tab_to, wait_live

pytestmark = pytest.mark.browser


def test_empty_title_keeps_the_typed_text_and_shows_the_error(server, new_page):
    data = server.seed("scenario")
    page = new_page(data["author"])
    page.goto(f"/ideas/new/?challenge={data['challenge']}")
    page.locator("textarea[name=summary]").fill("Ein Wasserspielplatz im Bürgerpark.")
    page.locator("textarea[name=description]").fill("Für heiße Tage, mit *Trinkwasser*.")
    page.locator("form.form button[type=submit]").click()

    title = page.locator("input[name=title]")
    expect(title).to_have_attribute("aria-invalid", "true")
    error_id = title.get_attribute("aria-describedby").split()[-1]
    expect(page.locator(f"#{error_id}")).not_to_be_empty()
    expect(page.locator("textarea[name=summary]")).to_have_value(
        "Ein Wasserspielplatz im Bürgerpark."
    )
    expect(page.locator("textarea[name=description]")).to_have_value(
        "Für heiße Tage, mit *Trinkwasser*."
    )
    expect(page.locator("select[name=challenge]")).to_have_value(str(data["challenge"]))


def test_voting_by_keyboard_only(server, new_page):
    data = server.seed("scenario")
    idea = data["idea"]
    page = new_page(data["viewer"])
    page.goto(f"/ideas/{idea}/")
    wait_live(page)
    tab_to(page, "form[data-vote-form] button[value='1']")
    page.keyboard.press("Enter")
    up = page.locator("form[data-vote-form] button[value='1']")
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(up).to_be_focused()
    expect(page.locator(f"[data-tally=up][data-idea='{idea}']")).to_have_text("1")
    expect(page.locator("#live-announcer")).to_contain_text("Deine Stimme: dafür.")

    tab_to(page, "form[data-vote-form] button[value='-1']")
    page.keyboard.press("Space")
    expect(page.locator("form[data-vote-form] button[value='-1']")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(page.locator(f"[data-tally=score][data-idea='{idea}']")).to_have_text("-1")

    tab_to(page, "form[data-vote-form] button[value='0']")
    page.keyboard.press("Enter")
    expect(page.locator(f"[data-tally=down][data-idea='{idea}']")).to_have_text("0")
    expect(page.locator("form[data-vote-form] button[aria-pressed=true]")).to_have_count(0)


def test_voting_on_own_idea_shows_the_refusal(server, new_page):
    data = server.seed("scenario")
    page = new_page(data["author"])
    page.goto(f"/ideas/{data['idea']}/")
    # The author gets no vote buttons at all, only the reason.
    expect(page.locator("form[data-vote-form]")).to_have_count(0)


def test_commenting_by_keyboard_only(server, new_page):
    data = server.seed("scenario")
    idea = data["idea"]
    page = new_page(data["viewer"])
    page.goto(f"/ideas/{idea}/")
    wait_live(page)
    tab_to(page, "#comment-form textarea[name=body]")
    page.keyboard.type("Per Tastatur geschrieben.")
    tab_to(page, "#comment-form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator("[data-comment-list] > li")).to_have_count(2)
    expect(page.locator("[data-comment-list] > li").last).to_contain_text(
        "Per Tastatur geschrieben."
    )
    expect(page.locator("#comment-form textarea[name=body]")).to_have_value("")
    expect(page.locator("#comment-form button[type=submit]")).to_be_focused()
    expect(page.locator(f"[data-comment-count][data-idea='{idea}']")).to_have_text("2")


def test_empty_comment_shows_the_error_beside_the_field_in_place(server, new_page):
    data = server.seed("scenario")
    page = new_page(data["viewer"])
    page.goto(f"/ideas/{data['idea']}/")
    wait_live(page)
    page.evaluate("() => { window.notReloaded = true; }")
    box = page.locator("#comment-form textarea[name=body]")
    box.fill("   ")
    page.locator("#comment-form button[type=submit]").click()
    expect(box).to_have_attribute("aria-invalid", "true")
    error = page.locator("#" + box.get_attribute("aria-describedby").split()[-1])
    expect(error).to_have_attribute("role", "alert")
    expect(error).not_to_be_empty()
    expect(box).to_have_value("   ")
    assert page.evaluate("() => window.notReloaded === true")


def test_submitting_an_idea_by_keyboard_only(server, new_page):
    data = server.seed("scenario")
    page = new_page(data["author"])
    page.goto(f"/ideas/new/?challenge={data['challenge']}")
    tab_to(page, "input[name=title]")
    page.keyboard.type("Sitzbänke mit Solardach")
    page.keyboard.press("Tab")
    page.keyboard.type("Schatten und Strom zum Handyladen.")
    tab_to(page, "form.form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Sitzbänke mit Solardach")
    assert "/ideas/" in page.url


def test_anonymous_vote_goes_to_the_login_page(server, new_page):
    data = server.seed("scenario")
    page = new_page()
    page.goto(f"/ideas/{data['idea']}/")
    # Anonymous visitors get a login link instead of buttons; it leads back here.
    page.locator("#votes a[href^='/login/']").click()
    expect(page).to_have_url(f"{server.base_url}/login/?next=/ideas/{data['idea']}/")


def test_language_switch(server, new_page):
    data = server.seed("scenario")
    page = new_page()
    page.goto(f"/ideas/{data['idea']}/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    wait_live(page)
    tab_to(page, ".lang-switch button[value=en]")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{server.base_url}/ideas/{data['idea']}/")
    # The wide header's switch (the phone menu's copy is hidden at this width).
    expect(page.locator(".menu-wide .lang-switch button[value=de]")).to_be_visible()
    wait_live(page)
    # The live layer speaks the page's language too.
    badge = page.locator(f"[data-idea-status][data-idea='{data['idea']}']")
    staff = new_page(data["staff"])
    staff.goto(f"/ideas/{data['idea']}/")
    api(staff, "POST", f"/api/ideas/{data['idea']}/status/", {"status": "under_review"})
    expect(badge).to_have_text("Under review")
    expect(page.locator("#live-announcer")).to_contain_text("New status: Under review.")
