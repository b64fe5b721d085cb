"""HTML journal pages -> article text and the article's own metadata (pure; standard library only).

Journal sites (OJS, which most Kazakh university journals run on) describe each article in
Highwire ``citation_*`` meta tags, the tags Google Scholar reads: ``citation_title``,
``citation_author`` (one per author), ``citation_publication_date``, ``citation_journal_title``,
``citation_volume``, ``citation_issue``, ``citation_firstpage``/``citation_lastpage``,
``citation_doi``, ``citation_language``, ``citation_issn``, ``citation_publisher``,
``citation_keywords``, ``citation_abstract_html_url`` and, on many OJS sites,
``citation_reference`` (one per entry of the reference list).

:func:`read_html` gives the page's text (the ``<article>`` or ``<main>`` part when the page has
one; scripts, navigation and forms left out; headings as ``#`` lines, ordered lists numbered) and
that metadata. When the page has ``citation_reference`` tags they are the reference list: the
page's own references section is left out of the text and the tags' entries, numbered, end it.
Without them the page's references section (a heading such as "References" or "Әдебиеттер", or
an element whose class or id says ``references``) is moved to the end of the text, so nothing the
page prints after it ("How to cite", licence) is read as part of the list, and each of its
elements (an OJS page gives each entry a ``<p>``) is marked as an entry with a bullet unless it
carries its own number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from refman.extract.reflist import is_reference_heading, marker_number
from refman.identifiers import normalise_doi, normalise_url
from refman.model import Date, Name, Reference
from refman.normalise import date_parts, normalise_language, normalise_pages, normalise_whitespace, parse_name

__all__ = ["HtmlPage", "apply_metadata", "read_html"]

# Elements whose text is not the page's content.
_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "nav",
        "aside",
        "form",
        "button",
        "select",
        "textarea",
        "head",
    ]
)
# Page furniture outside the article: skipped unless inside <article> or <main>.
_FURNITURE = frozenset({"header", "footer"})
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "caption",
        "figure",
        "figcaption",
        "address",
        "hr",
        "body",
        "details",
        "summary",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    ]
)
_CELLS = frozenset({"td", "th"})
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)
_REFERENCES_CLASS = re.compile(r"\breferences?\b|\bbibliography\b|\bcitation_?list\b", re.IGNORECASE)


@dataclass
class _Block:
    """A block of the page's text: its lines, its heading level (0: none), where it lies."""

    text: str
    heading: int = 0
    in_main: bool = False
    in_references: bool = False


@dataclass
class HtmlPage:
    """What an HTML page gives: its text, its ``citation_*``/``DC.*`` meta tags (lower-cased names,
    values in order) and the ``citation_reference`` entries."""

    text: str
    meta: dict[str, list[str]] = field(default_factory=dict)

    @property
    def references(self) -> list[str]:
        """The reference list the page declares in ``citation_reference`` tags."""
        return [v for v in (normalise_whitespace(r) for r in self.meta.get("citation_reference", [])) if v]


class _PageParser(HTMLParser):
    """Collects meta tags and the text blocks of a page in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.blocks: list[_Block] = []
        self.has_main = False
        self._open: list[tuple[str, bool, bool]] = []  # tag, is main/article, marks references
        self._skip = 0
        self._buf: list[str] = []
        self._heading = 0
        self._lists: list[list[int]] = []  # per open list: [next number] ([] for <ul>)

    # -- where we are
    def _in_main(self) -> bool:
        return any(main for _, main, _ in self._open)

    def _in_references(self) -> bool:
        return any(refs for _, _, refs in self._open)

    def flush(self) -> None:
        """End the block being read."""
        text = "".join(self._buf)
        self._buf = []
        lines = [" ".join(line.split()) for line in text.split("\n")]
        body = "\n".join(line for line in lines if line)
        if body:
            self.blocks.append(_Block(body, self._heading, self._in_main(), self._in_references()))

    # -- HTMLParser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or "").strip().lower()
            if key and a.get("content", "").strip():
                self.meta.setdefault(key, []).append(a["content"].strip())
            return
        if tag in _VOID:
            if tag in ("br", "hr") and not self._skip:
                self._buf.append("\n")
            return
        skip = tag in _SKIP or (tag in _FURNITURE and not self._in_main())
        if self._skip or skip:
            self._skip += 1
            self._open.append((tag, False, False))
            return
        main = tag in ("article", "main") or a.get("role") == "main"
        self.has_main = self.has_main or main
        marks = bool(_REFERENCES_CLASS.search(f"{a.get('class', '')} {a.get('id', '')}"))
        if tag in _BLOCKS or tag in _CELLS:
            if tag in _CELLS:
                self._buf.append("\t")
            else:
                self.flush()
        self._open.append((tag, main, marks))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = int(tag[1])
        elif tag == "ol":
            start = a.get("start", "1")
            self._lists.append([int(start) if start.isdigit() else 1])
        elif tag == "ul":
            self._lists.append([])
        elif tag == "li" and self._lists:
            counter = self._lists[-1]
            if counter:
                value = a.get("value", "")
                number = int(value) if value.isdigit() else counter[0]
                counter[0] = number + 1
                self._buf.append(f"{number}. ")
            else:
                self._buf.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(t == tag for t, _, _ in self._open):
            return
        while self._open:
            open_tag, _, _ = self._open.pop()
            if self._skip:
                self._skip -= 1
                if open_tag == tag:
                    return
                continue
            if open_tag in _BLOCKS:
                self.flush()
            if open_tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self._heading = 0
            elif open_tag in ("ol", "ul") and self._lists:
                self._lists.pop()
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        self.flush()


def _reference_section(blocks: Sequence[_Block]) -> set[int]:
    """Indices of the blocks of the page's references section: an element marked as one, or a
    reference heading and what follows it up to the next heading of its level or above."""
    marked = {i for i, b in enumerate(blocks) if b.in_references}
    for i, block in enumerate(blocks):
        if block.heading and is_reference_heading(block.text):
            marked.add(i)
            for j in range(i + 1, len(blocks)):
                if blocks[j].heading and blocks[j].heading <= block.heading:
                    break
                marked.add(j)
            break
    return marked


def _render(blocks: Sequence[_Block]) -> list[str]:
    return [("#" * b.heading + " " + b.text) if b.heading else b.text for b in blocks]


def _numbered(entries: Sequence[str]) -> list[str]:
    """Entries of ``citation_reference`` as list lines: numbered unless they carry their number."""
    return [e if marker_number(e) is not None else f"{i}. {e}" for i, e in enumerate(entries, 1)]


def read_html(html: str) -> HtmlPage:
    """The text and meta tags of an HTML page (see the module docstring). Never raises."""
    parser = _PageParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # a broken page still gives what was read before the break
        parser.flush()
    blocks = [b for b in parser.blocks if b.in_main] if parser.has_main else parser.blocks
    section = _reference_section(blocks)
    heading = next((blocks[i].text for i in sorted(section) if blocks[i].heading), "References")
    body = _render([b for i, b in enumerate(blocks) if i not in section])
    page = HtmlPage("", parser.meta)
    if page.references:
        tail = [f"## {heading}", *_numbered(page.references)]
    else:
        tail = _render([b for i, b in enumerate(blocks) if i in section])
        if sum(1 for line in tail if not line.startswith("#")) > 1:  # one element an entry
            tail = [line if line.startswith("#") or marker_number(line) else f"• {line}" for line in tail]
    page.text = "\n\n".join([*body, *tail]) + "\n"
    return page


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        for value in meta.get(key, []):
            text = normalise_whitespace(value)
            if text:
                return text
    return None


def apply_metadata(ref: Reference, meta: dict[str, list[str]]) -> Reference:
    """``ref`` (the metadata read from the page's text) with what the page's ``citation_*`` tags
    say put over it; fields the tags do not give stay as read."""
    title = _first(meta, "citation_title")
    if title:
        ref.title = title
        ref.refman.problems = [p for p in ref.refman.problems if p != "no title found"]
    names = [parse_name(a) for a in meta.get("citation_author", [])]
    if any(names):
        ref.author = [n for n in names if isinstance(n, Name)]
    date = _first(meta, "citation_publication_date", "citation_date", "citation_online_date", "citation_year")
    parts = date_parts(date) if date else None
    if parts:
        ref.issued = Date(parts=[list(parts)])
    journal = _first(meta, "citation_journal_title", "citation_conference_title")
    if journal:
        ref.container_title = journal
        ref.type = "article-journal" if "citation_journal_title" in meta else "paper-conference"
    ref.volume = _first(meta, "citation_volume") or ref.volume
    ref.issue = _first(meta, "citation_issue") or ref.issue
    first, last = _first(meta, "citation_firstpage"), _first(meta, "citation_lastpage")
    if first:
        ref.page = normalise_pages(f"{first}-{last}" if last and last != first else first)
    ref.DOI = normalise_doi(_first(meta, "citation_doi")) or ref.DOI
    ref.language = normalise_language(_first(meta, "citation_language", "dc.language")) or ref.language
    ref.ISSN = _first(meta, "citation_issn") or ref.ISSN
    ref.publisher = _first(meta, "citation_publisher") or ref.publisher
    ref.URL = normalise_url(_first(meta, "citation_abstract_html_url", "citation_public_url")) or ref.URL
    keywords = [k.strip() for v in meta.get("citation_keywords", []) for k in v.split(";") if k.strip()]
    if keywords:
        ref.keyword = ", ".join(keywords)
    ref.abstract = _first(meta, "citation_abstract") or ref.abstract
    return ref
