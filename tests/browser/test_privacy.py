"""What a visitor's real browser sees of privacy: the legal pages behind every footer, no
cookie while reading (only the form's CSRF cookie once a form is shown), no request to any
other origin; and the new pages pass axe in German and English."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import wait_live
from tests.browser.test_accessibility import WCAG_21_AA, _report

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seeded(server):
    seeded = server.seed("scenario")
    server.manage("generate_opendata")  # as the daily timer would
    return seeded


def test_a_visitor_reads_without_cookies_and_only_from_the_sites_origin(server, new_page, seeded):
    page = new_page()
    origin = urlsplit(server.base_url).netloc
    contacted = []
    page.on("request", lambda request: contacted.append(request.url))
    page.on("websocket", lambda socket: contacted.append(socket.url))

    page.goto(f"/ideas/{seeded['idea']}/")
    wait_live(page)
    page.goto("/")
    wait_live(page)
    for link, heading in [
        ("Impressum", "Impressum"),
        ("Datenschutzerklärung", "Datenschutzerklärung"),
        ("Erklärung zur Barrierefreiheit", "Erklärung zur Barrierefreiheit"),
        ("Offene Daten", "Offene Daten"),
    ]:
        page.locator("footer").get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    # The accessibility statement has a form: reading it set the form's cookie only.
    assert [c["name"] for c in page.context.cookies()] == ["csrftoken"]
    page.context.clear_cookies()
    page.goto("/datenschutz/")
    page.get_by_role("link", name="Offene Daten", exact=True).first.click()
    page.goto("/ideas/")
    assert page.context.cookies() == []
    assert contacted
    foreign = [url for url in contacted if urlsplit(url).netloc != origin]
    assert foreign == []
    assert page.errors == []


@pytest.fixture(scope="module")
def axe():
    return Axe()


# The two forms are checked as sent empty: the page with every element plus the errors.
PAGES = [
    (None, "/impressum/", False),
    (None, "/datenschutz/", False),
    (None, "/barrierefreiheit/", True),
    (None, "/opendata/", False),
    ("author", "/profile/data/", False),
    ("author", "/profile/delete/", True),
]


def test_the_new_pages_pass_axe_in_german_and_english(server, new_page, seeded, axe):
    failures = []
    for lang in ("de", "en"):
        for who, path, submit in PAGES:
            page = new_page(seeded[who] if who else None, lang=lang)
            page.goto(path)
            if submit:
                page.locator("main form:not([method=get]) [type=submit]").first.click()
                page.wait_for_load_state()
                assert page.locator("[aria-invalid=true]").count() >= 1, path
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
            if results.response["violations"]:
                failures.append(f"{path} ({lang}):\n{_report(results.response['violations'])}")
            page.context.close()
    assert failures == [], "\n".join(failures)
