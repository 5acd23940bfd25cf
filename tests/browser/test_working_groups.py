"""The working-group pages in a real browser: axe-clean (WCAG 2.1 AA) in German and English
for a visitor, a person who may ask to join and the convenor (who sees the requests), nothing
wider than a 390 px phone, screenshots at 390 and 1280 px (docs/screenshots/ with
OIC_SCREENSHOTS=1), and asking to join by keyboard-reachable buttons."""

from __future__ import annotations

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import WCAG_21_AA, _report

pytestmark = pytest.mark.browser

PAGES = [
    ("groups", None, "/groups/"),
    ("group", "convenor", "/organisations/{slug}/"),
    ("group-visitor", "visitor", "/organisations/{slug}/"),
    ("group-new", "visitor", "/groups/new/"),
]
SCREENSHOTS = {"groups", "group"}


@pytest.fixture(scope="module")
def seeded(server):
    out = server.manage("shell", "-c", "from tests.browser.seed_groups import main; main()")
    line = next(x for x in out.splitlines() if x.startswith("SEED-RESULT "))
    return json.loads(line.removeprefix("SEED-RESULT "))


def test_working_group_pages_are_accessible_and_fit_every_screen(
    server, new_page, seeded, screenshot_dir
):
    axe = Axe()
    for lang in ("de", "en"):
        for name, who, path in PAGES:
            for width, viewport in (("390", PHONE), ("1280", DESKTOP)):
                page = new_page(seeded[who] if who else None, lang=lang, viewport=viewport)
                page.goto(path.format(slug=seeded["slug"]))
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth"
                    " - document.documentElement.clientWidth"
                )
                assert overflow <= 0, f"{name} ({lang}) is {overflow}px too wide at {width}px"
                if lang == "de" and name in SCREENSHOTS:
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


def test_the_convenor_sees_the_request_and_a_visitor_can_ask(server, new_page, seeded):
    convenor = new_page(seeded["convenor"])
    convenor.goto(f"/organisations/{seeded['slug']}/")
    expect(convenor.get_by_text("Ich würde gern mitschreiben.")).to_be_visible()
    # Each decision button names the person for screen readers ("Annehmen: Aylin Anfrage").
    accept = convenor.get_by_role("button", name=re.compile(r"^Annehmen\W+Aylin Anfrage$"))
    expect(accept).to_be_visible()

    visitor = new_page(seeded["visitor"])
    visitor.goto(f"/organisations/{seeded['slug']}/")
    visitor.get_by_label("Ein paar Worte an die Administrator*innen").fill("Hallo!")
    visitor.get_by_role("button", name="Beitritt anfragen").click()
    expect(visitor.get_by_text("Deine Anfrage ist verschickt.")).to_be_visible()
    expect(visitor.get_by_role("button", name="Meine Anfrage zurückziehen")).to_be_visible()
