"""Markdown as a viewer shows it: report.md rendered by a real CommonMark renderer (markdown-it-py,
with GFM tables and strikethrough, and with or without bare-URL linking), read back as HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

#: The markup refman itself writes into report.md.
OWN_TAGS = frozenset(
    {"h1", "h2", "h3", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "strong", "code"}
)
OWN_CODE = frozenset({"refman decide DIR same|different A B", "refman browse"})


# White space and control characters, which report.md folds to one space.
_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


def _folded(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.code: list[str] = []
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_code = tag == "code"

    def handle_endtag(self, tag: str) -> None:
        self._in_code = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_code:
            self.code.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append(("<!-- -->", []))


def assert_literal(markdown: str, literals: list[str], linkify: bool) -> None:
    """Rendered, ``markdown`` holds only refman's own markup (no tag, attribute, link, image,
    emphasis or code made of data), and every string of ``literals`` as text (white space and
    control characters folded)."""
    md = MarkdownIt("commonmark", {"linkify": linkify}).enable(["table", "strikethrough"])
    if linkify:
        md.enable("linkify")
    rendered = md.render(markdown)
    page = _Page()
    page.feed(rendered)
    tags = {tag for tag, _ in page.tags}
    assert tags <= OWN_TAGS, f"markup made of data: {tags - OWN_TAGS}\n{rendered}"
    assert not any(attrs for _, attrs in page.tags), (
        f"an attribute (href, src, onerror) from data\n{rendered}"
    )
    assert set(page.code) <= OWN_CODE, page.code
    text = _folded("".join(page.text))
    for literal in literals:
        assert _folded(literal) in text, f"{literal!r} not shown as text"
