"""Markdown rendering never lets script, event handlers, javascript: links or raw HTML through."""

from html.parser import HTMLParser

import pytest

from core.markup import render_comment, render_markdown

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<img src=x onerror="alert(1)">',
    '<div onmouseover="alert(1)">hover</div>',
    "<iframe src=//evil.example></iframe>",
    "![img](javascript:alert(1))",
    "<style>body{display:none}</style>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize("render", [render_markdown, render_comment])
@pytest.mark.parametrize("source", ATTACKS)
def test_no_dangerous_element_or_attribute_survives(render, source):
    for tag, attrs in elements(render(source)):
        assert tag not in {"script", "iframe", "img", "style", "div"}
        assert not any(name.startswith("on") for name in attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:"))


@pytest.mark.parametrize("render", [render_markdown, render_comment])
def test_raw_html_is_shown_as_text_not_markup(render):
    assert render("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"


def test_links_get_rel_noopener_and_keep_safe_schemes():
    html = render_comment("[site](https://example.org)")

    assert html == (
        '<p><a href="https://example.org" rel="noopener noreferrer nofollow ugc">site</a></p>'
    )


def test_comments_have_no_headings_or_images():
    html = render_comment("# Big\n\n![alt](https://example.org/x.png)")

    assert [tag for tag, _ in elements(html)] == ["p", "p", "a"]


def test_descriptions_keep_headings_lists_and_tables():
    html = render_markdown("## Plan\n\n- one\n\n| a |\n|---|\n| b |")

    assert [tag for tag, _ in elements(html)] == [
        "h2",
        "ul",
        "li",
        "table",
        "thead",
        "tr",
        "th",
        "tbody",
        "tr",
        "td",
    ]
