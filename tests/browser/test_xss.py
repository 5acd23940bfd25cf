"""The XSS corpus (tests/security/xss_payloads.txt) in every text field and every query
parameter of the list pages, rendered by Chromium as stored and as it arrives live: nothing
runs. A payload "runs" when a dialog opens (every payload calls alert, confirm or prompt), and
it "got into the markup" when the page gains an element, an event-handler attribute or a
script URL that the site's own templates never write, or when the browser reports a Content
Security Policy violation or a script error (console and page-error listeners)."""

from __future__ import annotations

import json
from http import HTTPStatus
from itertools import cycle
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import api, wait_live
from tests.browser.seed_xss import chunks, payloads

pytestmark = pytest.mark.browser

# What a hostile payload would add to the DOM and the site never writes itself: an on*
# attribute, a script or plugin URL, a script not loaded from /static/, or a frame or plugin.
INJECTED = """() => {
  const found = [];
  const scriptUrl = /^\\s*(javascript|vbscript|data:text\\/html)/i;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}`);
      if (/(href|src|action|formaction|data|srcdoc)$/i.test(attr.name)
          && (scriptUrl.test(attr.value) || attr.name.toLowerCase() === 'srcdoc')) {
        found.push(`${el.tagName} ${attr.name}=${attr.value.slice(0, 40)}`);
      }
    }
  }
  for (const el of document.querySelectorAll('script')) {
    if (!el.src || new URL(el.src).pathname.indexOf('/static/') !== 0) found.push('script');
  }
  for (const tag of ['iframe', 'object', 'embed', 'frame', 'base', 'portal', 'meta[http-equiv]']) {
    if (document.querySelector(tag)) found.push(tag);
  }
  return found;
}"""


class Watch:
    """Every dialog and every injected node on the pages it is attached to."""

    def __init__(self):
        self.dialogs: list[str] = []
        self.injected: dict[str, list[str]] = {}
        self.pages = []
        self.loads = 0

    def attach(self, page):
        def on_dialog(dialog):
            self.dialogs.append(f"{page.url}: {dialog.type} {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        self.pages.append(page)
        return page

    def load(self, page, path: str) -> None:
        page.goto(path)
        self.loads += 1
        self.inspect(page)

    def inspect(self, page) -> None:
        found = page.evaluate(INJECTED)
        if found:
            self.injected[page.url] = found

    def errors(self, *, refused_statuses: tuple[int, ...] = ()) -> list[str]:
        """Console errors and page errors; a page the server refused with one of
        `refused_statuses` (a bad parameter) logs its own status, which is no error here."""
        expected = {
            f"Failed to load resource: the server responded with a status of {status} "
            f"({HTTPStatus(status).phrase})"
            for status in refused_statuses
        }
        return [e for page in self.pages for e in page.errors if e not in expected]


@pytest.fixture(scope="module")
def seeded(server):
    out = server.manage(
        "shell", "-c", "from tests.browser.seed_xss import main; main()", timeout=300
    )
    line = next(x for x in out.splitlines() if x.startswith("SEED-RESULT "))
    return json.loads(line.removeprefix("SEED-RESULT "))


def test_the_corpus_has_at_least_300_distinct_payloads():
    corpus = payloads()

    assert len(corpus) >= 300
    assert len(set(corpus)) == len(corpus)


def test_stored_payloads_run_nowhere(seeded, new_page):
    watch = Watch()
    visitor = watch.attach(new_page())
    staff = watch.attach(new_page(seeded["staff"]))
    for challenge in seeded["challenges"]:  # challenge texts, idea cards, authors' names
        watch.load(visitor, f"/challenges/{challenge}/")
    for idea in seeded["ideas"]:  # every text of an idea, its comments, offers, responses
        watch.load(visitor, f"/ideas/{idea}/")
    for slug in seeded["organisations"]:
        watch.load(visitor, f"/organisations/{slug}/")
    pages_of_organisations = -(-len(seeded["organisations"]) * 20 // 50)
    for number in range(1, pages_of_organisations + 1):
        watch.load(visitor, f"/organisations/?page={number}")
    for path in ("/", "/challenges/", "/ideas/", "/staff/", f"/ideas/{seeded['ideas'][0]}/"):
        watch.load(staff, path)  # staff pages, and the status form on an idea
    watch.load(staff, f"/staff/challenges/{seeded['challenges'][0]}/edit/")

    assert watch.dialogs == []
    assert watch.injected == {}
    assert watch.errors() == []


# The parameters each list page reads (and a few it does not: pager links may repeat them).
LIST_PARAMETERS = {
    "/ideas/": [
        "search",
        "challenge",
        "topic",
        "status",
        "sector",
        "cocreators",
        "order",
        "cursor",
        "ordering",
    ],
    "/challenges/": ["search", "topic", "status", "page", "order"],
    "/organisations/": ["page", "search", "kind", "topic"],
}


def test_payloads_in_the_query_parameters_of_list_pages_run_nowhere(seeded, new_page):
    """Every payload goes through every list page once, each load carrying one payload per
    parameter, the parameters turning round from load to load."""
    watch = Watch()
    page = watch.attach(new_page())
    corpus = payloads()
    for path, names in LIST_PARAMETERS.items():
        for n, start in enumerate(range(0, len(corpus), len(names))):
            turned = names[n % len(names) :] + names[: n % len(names)]
            query = dict(zip(turned, corpus[start : start + len(names)], strict=False))
            watch.load(page, f"{path}?{urlencode(query)}")

    assert watch.dialogs == []
    assert watch.injected == {}
    assert watch.errors(refused_statuses=(400, 404)) == []


def test_payloads_arriving_live_run_nowhere(seeded, new_page):
    watch = Watch()
    idea = seeded["ideas"][0]
    on_idea = watch.attach(new_page())
    on_idea.goto(f"/ideas/{idea}/")
    wait_live(on_idea)
    on_list = watch.attach(new_page())
    on_list.goto("/ideas/")
    wait_live(on_list)
    count = on_idea.locator(f"[data-comment-count][data-idea='{idea}']")
    before = int(count.inner_text())
    posters = [new_page(person) for person in seeded["people"]]  # names are payloads too
    for poster in posters:
        poster.goto("/")
    corpus = payloads()
    # A comment carries a chunk of payloads (its paragraphs), so a few requests bring them all.
    comments = chunks(corpus)
    for poster, chunk in zip(cycle(posters), comments, strict=False):
        api(poster, "POST", f"/api/ideas/{idea}/comments/", {"body": "\n\n".join(chunk)})
    for poster, payload in zip(posters, corpus, strict=False):
        api(
            poster,
            "POST",
            "/api/ideas/",
            {
                "title": payload[:160].ljust(5, "."),
                "summary": payload[:300].ljust(15, "."),
                "description": payload,
                "challenge": seeded["open_challenge"],
            },
        )
    staff = new_page(seeded["staff"])
    staff.goto("/")
    for payload, status in zip(corpus[:10], cycle(["not_pursued", "under_review"]), strict=False):
        api(staff, "POST", f"/api/ideas/{idea}/status/", {"status": status, "response": payload})

    expect(count).to_have_text(str(before + len(comments)), timeout=60_000)
    expect(on_idea.locator("[data-comment-list] > li")).to_have_count(before + len(comments))
    watch.inspect(on_idea)
    watch.inspect(on_list)

    assert watch.dialogs == []
    assert watch.injected == {}
    assert watch.errors() == []
