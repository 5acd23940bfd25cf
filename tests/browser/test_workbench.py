"""The city team's workbench in a real browser: a juror scores three ideas and staff publish
the result, which appears live on a challenge page open elsewhere; every new page passes
axe-core in both languages and fits 390 and 1280 px screens (pictures into docs/screenshots/
with OIC_SCREENSHOTS=1, as test_screenshots.py does)."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, wait_live
from tests.browser.test_accessibility import WCAG_21_AA, _report

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seeded(server):
    out = server.manage(
        "shell", "-c", "from tests.browser.seed_workbench import main; main()", timeout=300
    )
    line = next(x for x in out.splitlines() if x.startswith("SEED-RESULT "))
    return json.loads(line.removeprefix("SEED-RESULT "))


def test_a_juror_scores_three_ideas_and_staff_publish_the_result_live(server, new_page, seeded):
    challenge = seeded["challenge"]
    visitor = new_page(seeded["viewer"])
    visitor.goto(f"/challenges/{challenge}/")
    wait_live(visitor)
    expect(visitor.locator("#jury-result-heading")).to_have_count(0)

    juror = new_page(seeded["expert"])
    juror.goto(f"/jury/challenges/{challenge}/")
    for n, (impact, feasibility) in enumerate(((5, 4), (2, 3), (4, 4))):
        form = juror.locator("form[data-score-form]").first
        form.get_by_role("group", name="Wirkung").get_by_label(str(impact), exact=True).check()
        form.get_by_role("group", name="Machbarkeit").get_by_label(
            str(feasibility), exact=True
        ).check()
        form.get_by_label("Kommentar").fill(f"Begründung {n + 1}")
        form.get_by_role("button", name="Bewertung abgeben").click()
        expect(juror.locator(".messages")).to_contain_text("ist eingegangen")
    expect(juror.locator("form[data-score-form]")).to_have_count(0)
    expect(juror.get_by_text("Bewertet.", exact=True)).to_have_count(3)

    staff = new_page(seeded["staff"])
    staff.goto(f"/staff/challenges/{challenge}/jury/")
    # (3·5 + 2·4) / 5 = 4.6 ranks first; (3·4 + 2·4) / 5 = 4.0; (3·2 + 2·3) / 5 = 2.4.
    ranking = staff.locator("section[aria-labelledby=ranking-heading] tbody tr")
    expect(ranking.nth(0)).to_contain_text("Sonnensegel am Jahnplatz")
    expect(ranking.nth(0)).to_contain_text("4,60")
    expect(ranking.nth(2)).to_contain_text("2,40")
    publish = staff.locator("section[aria-labelledby=publish-heading]")
    publish.get_by_role("checkbox", name="Sonnensegel am Jahnplatz").check()
    publish.get_by_role("checkbox", name="Wasserspiel").check()
    publish.get_by_label("Öffentliche Erklärung der Jury").fill("Zwei Ideen überzeugen die Jury.")
    publish.get_by_role("button", name="Ergebnis veröffentlichen").click()
    expect(staff.locator(".messages")).to_contain_text("veröffentlicht")

    result = visitor.locator("[data-live-region=jury-result]")
    expect(result).to_contain_text("Zwei Ideen überzeugen die Jury.")
    expect(result.get_by_role("link")).to_have_text(["Sonnensegel am Jahnplatz", "Wasserspiel"])
    assert visitor.errors == []
    assert juror.errors == []
    assert staff.errors == []


# (name, who, path) of every new page; the decided challenge shows its result and charts.
PAGES = [
    ("inbox", "staff", "/staff/inbox/"),
    ("jury", "staff", "/staff/challenges/{challenge}/jury/"),
    ("figures", "staff", "/staff/challenges/{challenge}/charts/"),
    ("report", "staff", "/staff/challenges/{decided}/report/"),
    ("jury-home", "expert", "/jury/"),
    ("juror", "expert", "/jury/challenges/{challenge}/"),
    ("challenge-result", None, "/challenges/{decided}/"),
]


def _open(new_page, seeded, who, path, **kwargs):
    page = new_page(seeded[who] if who else None, **kwargs)
    page.goto(path.format(challenge=seeded["challenge"], decided=seeded["decided"]))
    if page.locator("body[data-streams]:not([data-streams=''])").count():
        wait_live(page)
    return page


def _fits(page, screenshot_dir, name: str, width: str) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.screenshot(path=str(screenshot_dir / f"workbench-{name}-{width}.png"), full_page=True)
    assert overflow <= 0, f"{name} is {overflow}px wider than a {width}px screen"


def _axe_clean(page, name: str, lang: str) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    violations = results.response["violations"]
    assert violations == [], f"{name} ({lang}):\n{_report(violations)}"


@pytest.mark.parametrize(("name", "who", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_workbench_page_passes_axe_in_both_languages_and_fits_both_widths(
    server, new_page, seeded, screenshot_dir, name, who, path
):
    # Two loads per page: German at 1280 px, then narrowed to 390 px; English at 1280 px.
    page = _open(new_page, seeded, who, path, viewport=DESKTOP)
    _axe_clean(page, name, "de")
    _fits(page, screenshot_dir, name, "1280")
    page.set_viewport_size(PHONE)
    _fits(page, screenshot_dir, name, "390")
    _axe_clean(_open(new_page, seeded, who, path, lang="en"), name, "en")
