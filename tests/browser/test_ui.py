"""Issue 8 as a person sees it in Chromium: live funnel and answers, live tallies on lists,
the vote form, error borders and summary, the compact header, status colours, the staff table
on a phone, and the API docs under the strict CSP. Screenshots of each state go to
docs/screenshots/ with OIC_SCREENSHOTS=1 (see test_screenshots.py)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, api, tab_to, wait_live

pytestmark = pytest.mark.browser

WIDTHS = pytest.mark.parametrize(
    "viewport", [PHONE, DESKTOP], ids=[str(PHONE["width"]), str(DESKTOP["width"])]
)


def _shoot(page, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def _viewer_on_idea_page(server, new_page) -> tuple[dict, object]:
    """A fresh scenario, and its viewer (signed in) on the idea's page, live."""
    data = server.seed("scenario")
    page = new_page(data["viewer"])
    page.goto(f"/ideas/{data['idea']}/")
    wait_live(page)
    return data, page


def _card_order(page) -> list[str]:
    return page.eval_on_selector_all(
        ".idea-card[data-idea-id]", "cards => cards.map(c => c.dataset.ideaId)"
    )


# --- Item 1: a status change with an answer, live ---------------------------------------------


@WIDTHS
def test_status_change_moves_the_funnel_and_shows_the_answer_in_place(
    server, new_page, screenshot_dir, viewport
):
    data = server.seed("scenario")
    idea = data["idea"]
    watcher = new_page(viewport=viewport)
    watcher.goto(f"/ideas/{idea}/")
    wait_live(watcher)
    watcher.evaluate("() => { window.notReloaded = true; }")
    responses = watcher.locator(f"[data-responses][data-idea='{idea}'] > li")
    expect(responses).to_have_count(0)
    expect(watcher.locator("[data-responses-heading]")).to_be_hidden()

    staff = new_page(data["staff"])
    staff.goto(f"/ideas/{idea}/")
    answer = {"status": "under_review", "response": "Wir prüfen das **gründlich**."}
    api(staff, "POST", f"/api/ideas/{idea}/status/", answer)

    step = watcher.locator("[data-funnel] > li[data-step=under_review]")
    expect(step).to_have_attribute("aria-current", "step")
    expect(step).to_have_class("reached current")
    expect(step.locator("[data-current-marker]")).to_have_text("(aktueller Status)")
    first = watcher.locator("[data-funnel] > li[data-step=submitted]")
    expect(first).not_to_have_attribute("aria-current", "step")
    expect(first).to_have_class("reached")
    expect(first).to_have_text("Eingereicht")
    expect(watcher.locator("[data-current-marker]")).to_have_count(1)
    expect(responses).to_have_count(1)
    expect(responses.locator(".prose")).to_have_text("Wir prüfen das gründlich.")
    expect(responses.locator(".prose strong")).to_have_text("gründlich")
    expect(responses.locator(".meta")).to_contain_text(
        "Von „Eingereicht“ zu „In Prüfung“ · Stadt Bielefeld"
    )
    expect(watcher.locator("[data-responses-heading]")).to_be_visible()
    expect(watcher.locator("#live-announcer")).to_have_text(
        "Neuer Status: In Prüfung. Die Stadt hat offiziell geantwortet."
    )
    _shoot(watcher, screenshot_dir, "idea-status-live")

    answer = {"status": "not_pursued", "response": "Leider passt es nicht."}
    api(staff, "POST", f"/api/ideas/{idea}/status/", answer)
    exit_ = watcher.locator("[data-funnel-exit]")
    expect(exit_).to_be_visible()
    expect(exit_).to_have_text("Verfahren beendet: Nicht weiterverfolgt")
    expect(watcher.locator("[data-funnel] [aria-current]")).to_have_count(0)
    expect(responses).to_have_count(2)
    assert watcher.evaluate("() => window.notReloaded === true")
    assert watcher.errors == []


# --- Item 2: tallies on list pages -------------------------------------------------------------


@pytest.mark.parametrize("where", ["home", "ideas", "challenge"])
def test_vote_tallies_change_live_on_list_pages_without_reordering(server, new_page, where):
    data = server.seed("scenario", ideas=3, comments=0)
    path = {"home": "/", "ideas": "/ideas/", "challenge": f"/challenges/{data['challenge']}/"}
    watcher = new_page()
    watcher.goto(path[where])
    wait_live(watcher)
    target = data["ideas"][-1]
    score = watcher.locator(f".idea-card [data-tally=score][data-idea='{target}']").first
    expect(score).to_have_text("0")
    order = _card_order(watcher)

    voter = new_page(data["viewer"])
    voter.goto("/")
    api(voter, "PUT", f"/api/ideas/{target}/vote/", {"value": 1})
    other = new_page(data["commenter"])
    other.goto("/")
    api(other, "PUT", f"/api/ideas/{target}/vote/", {"value": 1})

    expect(score).to_have_text("2")
    assert _card_order(watcher) == order
    assert watcher.errors == []


# --- Item 8: take my vote back -----------------------------------------------------------------


def test_take_my_vote_back_shows_only_while_there_is_a_vote(server, new_page):
    data, page = _viewer_on_idea_page(server, new_page)
    retract = page.locator("form[data-vote-form] [data-vote-retract]")
    expect(retract).to_be_hidden()

    page.locator("form[data-vote-form] button[value='1']").click()
    expect(retract).to_be_visible()

    retract.focus()
    page.keyboard.press("Enter")
    expect(retract).to_be_hidden()
    expect(page.locator("form[data-vote-form] button[value='1']")).to_be_focused()
    expect(page.locator(f"[data-tally=score][data-idea='{data['idea']}']")).to_have_text("0")


# --- Items 4, 5, 7: errors ---------------------------------------------------------------------


@WIDTHS
def test_every_input_with_an_error_gets_the_error_border_and_the_summary_focus(
    server, new_page, screenshot_dir, viewport
):
    page = new_page(viewport=viewport)
    page.goto("/signup/")
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    links = summary.locator("a")
    expect(links).to_have_count(4)  # and the house rules to accept
    error_red = "rgb(176, 0, 22)"
    for selector in ("#id_email", "#id_password", "#id_display_name"):
        field = page.locator(selector)
        expect(field).to_have_attribute("aria-invalid", "true")
        assert field.evaluate("el => getComputedStyle(el).borderTopColor") == error_red, selector
    _shoot(page, screenshot_dir, "signup-errors")

    links.nth(2).click()
    expect(page.locator("#id_display_name")).to_be_focused()


def test_a_comment_error_shows_where_and_as_every_form_error(server, new_page):
    data, page = _viewer_on_idea_page(server, new_page)
    textarea = page.locator("#comment-form textarea[name=body]")
    textarea.evaluate("el => { el.value = 'x'.repeat(5001); }")
    page.locator("#comment-form button[type=submit]").click()

    error = page.locator("#comment-form .field > .field-error")
    expect(error).to_have_text(
        "Fehler: Stelle sicher, dass dieses Feld nicht mehr als 5000 Zeichen lang ist."
    )
    # Where the server puts it: after the label, right before the textarea.
    assert error.evaluate("el => el.nextElementSibling.id") == "id_body"
    expect(page.locator("#comment-form .field")).to_have_class("field has-error")
    expect(textarea).to_have_attribute("aria-invalid", "true")
    error_id = error.get_attribute("id")
    assert error_id in textarea.get_attribute("aria-describedby").split()

    textarea.fill("Jetzt passt es.")
    page.locator("#comment-form button[type=submit]").click()
    expect(error).to_have_count(0)
    expect(textarea).not_to_have_attribute("aria-invalid", "true")


# --- Item 15: header ---------------------------------------------------------------------------


def test_phone_header_is_compact_and_its_menu_opens_without_javascript(
    server, browser, screenshot_dir
):
    data = server.seed("scenario")
    context = browser.new_context(
        base_url=server.base_url,
        viewport=PHONE,
        java_script_enabled=False,
        locale="de-DE",
        extra_http_headers={"Accept-Language": "de"},
    )
    context.add_cookies(
        [{"name": "sessionid", "value": data["staff"]["session"], "url": server.base_url}]
    )
    try:
        page = context.new_page()
        page.goto("/")
        _shoot(page, screenshot_dir, "header-menu-closed")
        header = page.locator(".site-header")
        assert header.bounding_box()["height"] <= 80
        menu = page.locator(".menu-compact")
        expect(page.locator(".menu-wide")).to_be_hidden()
        expect(menu.get_by_role("navigation", name="Hauptnavigation")).to_be_hidden()

        tab_to(page, ".menu-button")
        page.keyboard.press("Enter")
        expect(menu.get_by_role("navigation", name="Hauptnavigation")).to_be_visible()
        expect(menu.get_by_role("link", name="Stadtverwaltung")).to_be_visible()
        expect(menu.get_by_role("button", name="Abmelden")).to_be_visible()
        expect(menu.get_by_role("button", name="Sprache wechseln zu English")).to_be_visible()
        _shoot(page, screenshot_dir, "header-menu-open")
    finally:
        context.close()


def test_desktop_header_keeps_every_staff_entry_on_one_line(server, new_page, screenshot_dir):
    data = server.seed("scenario")
    for lang in ("de", "en"):
        page = new_page(data["staff"], lang=lang, viewport=DESKTOP)
        page.goto("/")
        expect(page.locator(".menu-compact")).to_be_hidden()
        top = "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
        # Challenges, ideas, organisations, events, working groups, the directory of actors
        # (issue 17) and the staff pages on one line of their own ...
        tops = page.eval_on_selector_all(".menu-wide .site-nav:not(.account-nav) li", top)
        assert len(tops) == 7
        assert max(tops) - min(tops) <= 8, tops
        # ... and the account's entries and the language switch on the brand's line.
        account = page.eval_on_selector_all(
            ".menu-wide .account-nav li, .menu-wide .lang-switch button, .brand", top
        )
        assert len(account) == 4
        assert max(account) - min(account) <= 16, account
        assert min(tops) > max(account), (tops, account)
        heights = page.eval_on_selector_all(
            ".menu-wide .lang-switch button", "els => els.map(e => e.offsetHeight)"
        )
        assert heights[0] < 40
    _shoot(page, screenshot_dir, "header-staff")


# --- Item 18: status colours -------------------------------------------------------------------


def test_status_badges_have_distinct_colours_with_enough_contrast(server, new_page):
    data = server.seed("scenario")
    page = new_page()
    page.goto(f"/ideas/{data['idea']}/")
    colours = page.evaluate(
        """() => {
          const lum = (c) => {
            const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map(Number).map((v) => {
              v /= 255;
              return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const ratio = (a, b) => {
            const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
            return (x + 0.05) / (y + 0.05);
          };
          const host = document.querySelector("main");
          const out = {};
          const kinds = ["submitted", "under_review", "selected", "in_progress",
                         "implemented", "not_pursued"];
          for (const status of kinds) {
            const el = document.createElement("span");
            el.className = "badge badge-status";
            el.dataset.status = status;
            el.textContent = status;
            host.append(el);
            const s = getComputedStyle(el);
            out[status] = [s.backgroundColor, s.borderTopColor, ratio(s.color, s.backgroundColor)];
          }
          const co = document.createElement("span");
          co.className = "badge badge-cocreate";
          host.append(co);
          const s = getComputedStyle(co);
          out.cocreate = [s.backgroundColor, s.borderTopColor, ratio(s.color, s.backgroundColor)];
          return out;
        }"""
    )
    assert all(ratio >= 4.5 for _, _, ratio in colours.values()), colours
    looks = {(background, border) for background, border, _ in colours.values()}
    assert len(looks) == len(colours), colours
    # Co-creators wanted is an invitation: not the error red.
    assert colours["cocreate"][0] != "rgb(176, 0, 22)"


# --- Item 16: staff table on a phone -----------------------------------------------------------


def test_staff_table_fits_a_phone_with_every_column_labelled(server, new_page, screenshot_dir):
    data = server.seed("scenario")
    page = new_page(data["staff"], viewport=PHONE)
    page.goto("/staff/")
    wrap = page.locator(".table-wrap")
    sizes = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] <= sizes[1], sizes
    cell = page.locator("td[data-label='Phase']").first
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert label == '"Phase: "'
    expect(page.locator(".stack-table thead")).to_have_css("position", "absolute")
    _shoot(page, screenshot_dir, "staff")


# --- Item 17: challenge phases are not buttons -------------------------------------------------


def test_challenge_phases_do_not_look_like_buttons(server, new_page):
    data = server.seed("scenario")
    page = new_page()
    page.goto(f"/challenges/{data['challenge']}/")
    style = page.locator(".phases li").first.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.borderTopWidth, s.backgroundColor, s.cursor]; }"
    )
    assert style == ["0px", "rgba(0, 0, 0, 0)", "auto"]


# --- Item 21: API docs -------------------------------------------------------------------------


def test_api_docs_list_the_operations_under_the_strict_policy(server, new_page, screenshot_dir):
    page = new_page()
    blocked = []
    page.on("console", lambda msg: blocked.append(msg.text) if "script-src" in msg.text else None)
    page.goto("/api/docs/")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible(timeout=30_000)
    assert operations.count() >= 10
    expect(page.locator(".opblock-summary-path", has_text="/api/ideas/")).not_to_have_count(0)
    assert blocked == []
    _shoot(page, screenshot_dir, "api-docs")
