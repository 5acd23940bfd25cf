"""The event and directory pages in a real browser: axe-clean (WCAG 2.1 AA) in German and
English, nothing wider than a 390 px phone, screenshots at 390 and 1280 px (written to
docs/screenshots/ with OIC_SCREENSHOTS=1), and seats left changing in place when someone
else registers."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, api, wait_live
from tests.browser.test_accessibility import WCAG_21_AA, _report

pytestmark = pytest.mark.browser

PAGES = [
    ("events", None, "/events/"),
    ("event", "attendee", "/events/{event}/"),
    ("directory", None, "/directory/"),
]


@pytest.fixture(scope="module")
def seeded(server):
    out = server.manage("shell", "-c", "from tests.browser.seed_events import main; main()")
    line = next(x for x in out.splitlines() if x.startswith("SEED-RESULT "))
    return json.loads(line.removeprefix("SEED-RESULT "))


def test_event_and_directory_pages_are_accessible_and_fit_every_screen(
    server, new_page, seeded, screenshot_dir
):
    axe = Axe()
    for lang in ("de", "en"):
        for name, who, path in PAGES:
            for width, viewport in (("390", PHONE), ("1280", DESKTOP)):
                page = new_page(seeded[who] if who else None, lang=lang, viewport=viewport)
                page.goto(path.format(event=seeded["event"]))
                if page.locator("body[data-streams]:not([data-streams=''])").count():
                    wait_live(page)
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth"
                    " - document.documentElement.clientWidth"
                )
                assert overflow <= 0, f"{name} ({lang}) is {overflow}px too wide at {width}px"
                if lang == "de":
                    page.screenshot(
                        path=str(screenshot_dir / f"{name}-{width}.png"), full_page=True
                    )
                if width == "1280":
                    results = axe.run(
                        page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}
                    )
                    violations = results.response["violations"]
                    assert violations == [], f"{name} ({lang}):\n{_report(violations)}"
                assert page.errors == []
                page.context.close()


def test_seats_left_change_in_place_when_someone_else_registers(server, new_page, seeded):
    watcher = new_page(seeded["attendee"])
    watcher.goto(f"/events/{seeded['event']}/")
    wait_live(watcher)
    seats = watcher.locator(f"[data-seats-left='{seeded['event']}']")
    expect(seats).to_have_text("11 Plätze frei")
    assert "meet.example.org/oic-radverkehr" in watcher.content()  # the attendee's link

    other = new_page(seeded["other"])
    other.goto(f"/events/{seeded['event']}/")
    assert "meet.example.org" not in other.content()
    response = api(other, "POST", f"/api/events/{seeded['event']}/registration/", {})
    assert response["status"] == "registered", response

    expect(seats).to_have_text("10 Plätze frei")
    expect(watcher.locator(f"[data-registered-count='{seeded['event']}']")).to_have_text(
        "2 von 12 angemeldet"
    )
