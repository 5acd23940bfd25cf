"""Moderation as people live it (issue 13): three people report a comment, it is hidden at
once on every open page, its author reads why and appeals, another moderator restores it,
and the open page shows it again, live. Then axe on the moderators' and the author's pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import api, wait_live
from tests.browser.test_accessibility import WCAG_21_AA, _report
from tests.mailbox import text_of

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def flow(server, browser):
    return {}


def test_report_hide_appeal_restore_live(server, new_page, flow):
    data = server.seed("moderation")
    idea, comment = data["idea"], data["comment"]
    flow.update(data)
    watcher = new_page()
    watcher.goto(f"/ideas/{idea}/")
    wait_live(watcher)
    on_watch = watcher.locator(f"#comment-{comment}")
    expect(on_watch).to_contain_text("Ein strittiger Kommentar")

    first = new_page(data["reporters"][0])
    first.goto(f"/ideas/{idea}/")
    first.locator(f"#comment-{comment} [data-report-link]").click()
    first.get_by_label("Beleidigung oder Belästigung").check()
    first.get_by_label("Was ist nicht in Ordnung?").fill("Persönlicher Angriff.")
    first.get_by_role("button", name="Meldung senden").click()
    expect(first.locator("body")).to_contain_text("Deine Meldung ist eingegangen")
    for reporter in data["reporters"][1:]:
        page = new_page(reporter)
        page.goto(f"/ideas/{idea}/")
        body = {"kind": "comment", "object_id": comment, "reason": "insult", "text": "Gemein."}
        api(page, "POST", "/api/reports/", body)

    # The third report hides it on the open page at once, with the public reason.
    expect(on_watch).to_contain_text("Von der Moderation ausgeblendet: von 3 Personen gemeldet")
    expect(on_watch).not_to_contain_text("Ein strittiger Kommentar")

    server.manage("db_worker", "--batch", "--no-startup-delay")
    statement = next(
        m for m in server.mailbox.to(data["author"]["email"]) if "Moderation" in m["Subject"]
    )
    appeal_path = re.search(
        r"https?://[^/\s]+(/moderation/decisions/\d+/appeal/)", text_of(statement)
    )
    author = new_page(data["author"])
    author.goto(f"/ideas/{idea}/")
    expect(author.locator(f"#comment-{comment}")).to_contain_text("Von der Moderation ausgeblendet")
    author.goto(appeal_path.group(1))
    expect(author.locator("[data-decision-reason]")).to_contain_text("von 3 Personen gemeldet")
    author.get_by_label("Warum ist die Entscheidung falsch?").fill("Das war sachliche Kritik.")
    author.get_by_role("button", name="Einspruch senden").click()
    expect(author.locator("[data-appeal-outcome]")).to_contain_text("Jemand anderes")
    flow["appeal_page"] = appeal_path.group(1)

    moderator = new_page(data["moderators"][1])
    moderator.goto("/moderation/")
    moderator.locator("[data-moderation-queue] a").first.click()
    flow["item_page"] = moderator.url
    moderator.get_by_label("Ergebnis", exact=True).select_option("reversed")
    moderator.get_by_label("Begründung (Autor·in und Meldende lesen sie)").fill("Zulässige Kritik.")
    moderator.get_by_role("button", name="Über den Einspruch entscheiden").click()
    expect(moderator.locator("body")).to_contain_text("Über den Einspruch ist entschieden")

    # The page that stayed open shows the comment again, without a reload.
    expect(on_watch).to_contain_text("Ein strittiger Kommentar")
    expect(on_watch).not_to_have_attribute("data-hidden", "")
    assert watcher.errors == []


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("which", ["item_page", "appeal_page", "blocked"])
def test_moderation_pages_have_no_wcag_violations(server, new_page, flow, which, lang):
    if "item_page" not in flow:
        pytest.skip("needs the flow above")
    if which == "blocked":
        page = new_page(_blocked_person(flow, new_page), lang=lang)
        page.goto(f"/ideas/{flow['idea']}/")
        page.locator("#comment-form textarea").fill("Noch ein Versuch")
        page.locator("#comment-form [type=submit]").click()
        expect(page.locator("[data-block-message]")).to_contain_text("Werbung")
    else:
        person = flow["moderators"][1] if which == "item_page" else flow["author"]
        page = new_page(person, lang=lang)
        page.goto(flow[which])
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    violations = results.response["violations"]
    assert violations == [], f"{which} ({lang}):\n{_report(violations)}"


def _blocked_person(flow: dict, new_page) -> dict:
    """A reporter of the flow, reported and blocked for three days by city staff (once)."""
    if "blocked" not in flow:
        person = flow["reporters"][2]
        staff = new_page(flow["staff"])
        staff.goto("/")
        report = {"kind": "person", "object_id": person["id"], "reason": "spam", "text": "Spam"}
        api(staff, "POST", "/api/reports/", report)
        item = api(staff, "GET", "/api/moderation/queue/?reason=spam")["results"][0]
        block = {"kind": "block", "reason": "Werbung", "block_days": 3}
        api(staff, "POST", f"/api/moderation/items/{item['id']}/decisions/", block)
        flow["blocked"] = person
    return flow["blocked"]
