"""A hackathon challenge's page in a real browser: axe-clean (WCAG 2.1 AA) in German and
English for a visitor and for a team lead with a waiting request, nothing wider than a 390 px
phone, screenshots at 390 and 1280 px (docs/screenshots/ with OIC_SCREENSHOTS=1), and a
team's member count and seats left changing in place when someone joins."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, api, wait_live
from tests.browser.test_accessibility import WCAG_21_AA, _report

pytestmark = pytest.mark.browser

PAGES = [
    ("hackathon", None, "/challenges/{challenge}/"),
    ("hackathon-lead", "lead", "/challenges/{challenge}/"),
    ("hackathon-team-form", "newcomer", "/challenges/{challenge}/teams/new/"),
    ("hackathon-settings", "staff", "/staff/challenges/{challenge}/hackathon/"),
]


@pytest.fixture(scope="module")
def seeded(server):
    out = server.manage("shell", "-c", "from tests.browser.seed_hackathon import main; main()")
    line = next(x for x in out.splitlines() if x.startswith("SEED-RESULT "))
    return json.loads(line.removeprefix("SEED-RESULT "))


def test_hackathon_pages_are_accessible_and_fit_every_screen(
    server, new_page, seeded, screenshot_dir
):
    axe = Axe()
    for lang in ("de", "en"):
        for name, who, path in PAGES:
            for width, viewport in (("390", PHONE), ("1280", DESKTOP)):
                page = new_page(seeded[who] if who else None, lang=lang, viewport=viewport)
                page.goto(path.format(challenge=seeded["challenge"]))
                if page.locator("body[data-streams]:not([data-streams=''])").count():
                    wait_live(page)
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth"
                    " - document.documentElement.clientWidth"
                )
                assert overflow <= 0, f"{name} ({lang}) is {overflow}px too wide at {width}px"
                if lang == "de" and name in {"hackathon", "hackathon-lead"}:
                    page.locator("#teams").scroll_into_view_if_needed()
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


def test_the_lead_sees_the_request_and_a_visitor_sees_the_result(new_page, seeded):
    lead = new_page(seeded["lead"])
    lead.goto(f"/challenges/{seeded['challenge']}/")
    team = lead.locator(f"#team-{seeded['team']}")

    expect(team.get_by_text("Ich kenne die Fahrgastdaten.")).to_be_visible()
    expect(team.get_by_role("button", name="Jonas Petersen aufnehmen")).to_be_visible()
    visitor = new_page(None, lang="en")
    visitor.goto(f"/challenges/{seeded['challenge']}/")
    result = visitor.locator(f"#team-{seeded['team']} .team-result")
    expect(result.get_by_role("link", name="Code")).to_have_attribute(
        "href", "https://git.example.org/pendel-radar"
    )
    expect(visitor.locator(f"[data-team-members='{seeded['team']}']")).to_have_text("3 members")


def test_a_teams_counts_change_in_place_when_someone_joins(new_page, seeded):
    watcher = new_page(None)
    watcher.goto(f"/challenges/{seeded['challenge']}/")
    wait_live(watcher)
    members = watcher.locator(f"[data-team-members='{seeded['other_team']}']")
    seats = watcher.locator(f"[data-team-seats='{seeded['other_team']}']")
    expect(members).to_have_text("1 Mitglied")
    expect(seats).to_have_text("3 Plätze frei")

    newcomer = new_page(seeded["newcomer"])
    newcomer.goto(f"/challenges/{seeded['challenge']}/")
    asked = api(newcomer, "POST", f"/api/teams/{seeded['other_team']}/join-requests/", {})
    lead = new_page(seeded["second_lead"])
    lead.goto(f"/challenges/{seeded['challenge']}/")
    accepted = api(lead, "POST", f"/api/join-requests/{asked['id']}/accept/", None)
    assert accepted["status"] == "accepted", accepted

    expect(members).to_have_text("2 Mitglieder")
    expect(seats).to_have_text("2 Plätze frei")
