"""Every page type at phone (390 px) and desktop (1280 px) width: nothing overflows
sideways. With OIC_SCREENSHOTS=1 the pictures are written to docs/screenshots/; that is how
the ones in the repository were made:
`OIC_SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser/test_screenshots.py`."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, wait_live

pytestmark = pytest.mark.browser

PAGES = [
    ("home", None, "/"),
    ("challenges", None, "/challenges/"),
    ("challenge", None, "/challenges/{challenge}/"),
    ("challenge-empty", None, "/challenges/{empty_challenge}/"),
    ("ideas", None, "/ideas/"),
    ("idea", "viewer", "/ideas/{idea}/"),
    ("idea-form", "author", "/ideas/new/?challenge={challenge}"),
    ("signup", None, "/signup/"),
    ("login", None, "/login/"),
    ("profile", "author", "/profile/"),
    ("organisations", None, "/organisations/"),
    ("organisation", None, "/organisations/{organisation}/"),
    ("person", None, "/people/{person}/"),
    ("staff", "staff", "/staff/"),
    ("staff-challenge-form", "staff", "/staff/challenges/new/"),
    ("api-docs", None, "/api/docs/"),
]

# Pages that draw themselves after loading: wait for this before the picture.
READY = {"api-docs": ".opblock"}


@pytest.fixture(scope="module")
def seeded(server):
    return server.seed("scenario", ideas=6, comments=3, empty_challenge=True)


@pytest.mark.parametrize(("name", "who", "path"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize(
    ("width_name", "viewport"), [("390", PHONE), ("1280", DESKTOP)], ids=["390", "1280"]
)
def test_page_fits_the_screen(
    server, new_page, seeded, screenshot_dir, name, who, path, width_name, viewport
):
    page = new_page(seeded[who] if who else None, viewport=viewport)
    page.goto(
        path.format(
            challenge=seeded["challenge"],
            empty_challenge=seeded["empty_challenge"],
            idea=seeded["idea"],
            organisation=seeded["organisation"],
            person=seeded["author"]["id"],
        )
    )
    if page.locator("body[data-streams]:not([data-streams=''])").count():
        wait_live(page)
    if name in READY:
        page.locator(READY[name]).first.wait_for(timeout=30_000)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.screenshot(path=str(screenshot_dir / f"{name}-{width_name}.png"), full_page=True)
    assert overflow <= 0, f"{name} is {overflow}px wider than a {width_name}px screen"
