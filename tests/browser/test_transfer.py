"""First visits stay small: HTML, CSS and JS of the home and idea pages together transfer at
most 100 KB, and every text resource worth compressing arrives compressed."""

import pytest

from tests.browser.conftest import wait_live

pytestmark = pytest.mark.browser

BUDGET_BYTES = 100 * 1024
TEXT_TYPES = {"document", "stylesheet", "script"}
# Below this size compression saves nothing (Django's GZipMiddleware skips < 200 bytes).
COMPRESS_FROM_BYTES = 1024


def _first_visit(new_page, path: str) -> list[dict]:
    page = new_page()
    seen = []
    page.on("requestfinished", lambda request: seen.append(request))
    page.goto(path)
    wait_live(page)
    page.wait_for_load_state("networkidle")
    resources = []
    for request in seen:
        if request.resource_type not in TEXT_TYPES:
            continue
        response = request.response()
        sizes = request.sizes()
        resources.append(
            {
                "url": request.url,
                "type": request.resource_type,
                "transferred": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                "decoded": len(response.body()),
                "encoding": response.headers.get("content-encoding", ""),
            }
        )
    return resources


@pytest.fixture(scope="module")
def seeded(server):
    return server.seed("scenario", ideas=20, comments=20)


@pytest.mark.parametrize("path", ["/", "/ideas/{idea}/"], ids=["home", "idea"])
def test_first_visit_transfers_at_most_100_kb(server, new_page, seeded, path):
    resources = _first_visit(new_page, path.format(idea=seeded["idea"]))
    assert {r["type"] for r in resources} == TEXT_TYPES
    total = sum(r["transferred"] for r in resources)
    listing = "\n".join(f"{r['transferred']:>7} {r['url']}" for r in resources)
    assert total <= BUDGET_BYTES, f"{total} bytes:\n{listing}"


@pytest.mark.parametrize("path", ["/", "/ideas/{idea}/"], ids=["home", "idea"])
def test_html_css_and_js_are_served_compressed(server, new_page, seeded, path):
    resources = _first_visit(new_page, path.format(idea=seeded["idea"]))
    uncompressed = [
        f"{r['url']} ({r['decoded']} bytes)"
        for r in resources
        if r["decoded"] >= COMPRESS_FROM_BYTES and r["encoding"] not in {"gzip", "br"}
    ]
    assert uncompressed == []
    assert any(r["type"] == "script" and r["encoding"] in {"gzip", "br"} for r in resources)
