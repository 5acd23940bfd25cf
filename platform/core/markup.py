"""Markdown to safe HTML, shared by challenges, ideas and comments.

Markdown is rendered with raw HTML disabled, then the result is sanitised by nh3 (Ammonia)
with an allow-list, so script tags, event handlers and `javascript:` links can never reach a
page even if the renderer had a bug. Stored HTML is always the output of these functions.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_FULL_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
}
_COMMENT_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "del",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto"}

_md_full = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md_full.enable(["table", "strikethrough"])
_md_comment = MarkdownIt("commonmark", {"html": False}).disable(["heading", "lheading", "image"])
_md_comment.enable(["strikethrough"])


def _clean(html: str, tags: set[str]) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    ).strip()


def render_markdown(source: str) -> str:
    """Render a long text (challenge or idea description): headings, lists, tables, links."""
    return _clean(_md_full.render(source or ""), _FULL_TAGS)


def render_comment(source: str) -> str:
    """Render a comment: a Markdown subset without headings or images."""
    return _clean(_md_comment.render(source or ""), _COMMENT_TAGS)
