"""Printed pages -> article text (pure): reading order, running heads and page numbers removed,
words hyphenated at line ends joined again.

The input is what a PDF's text layer gives, page by page: :class:`Span` s, runs of text on one
baseline with their boxes (points, y growing down the page). The output is the article's text as
``extract_article`` reads it: one printed line a line, a blank line where the vertical space says
a paragraph or heading begins, indents (a hanging reference list) kept as leading spaces.

- **Running heads, footers, page numbers**: the top and bottom lines of each page that, with
  digits masked, recur at the top or bottom of another page, that sit where such a line sits on
  another page, or that are only a page number ("12", "- 12 -", "Page 3 of 9", "С. 12").
- **Columns**: a page is read in two columns when several lines start at the same x in its
  middle (the right column's edge) and others end left of it; lines crossing that edge (titles,
  abstracts, wide tables and figures) are read in place, and each band between them is read
  left column first. A page whose own columns are too short to tell takes the edge of its
  neighbours (harmless on a one-column page, whose lines all cross it).
- **Hyphenation**: a word cut with a hyphen at a line end ("экономи-" / "ческий") is joined
  ("экономический") unless the document writes it with a hyphen elsewhere ("социально-экономический");
  a URL or DOI cut at a line end is closed up.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

__all__ = ["Page", "Span", "page_text"]


@dataclass(frozen=True)
class Span:
    """A run of text on one baseline of a page and its box (points; ``top`` < ``bottom``)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        """The height of the box (about the font size)."""
        return max(self.bottom - self.top, 1.0)


@dataclass(frozen=True)
class Page:
    """One printed page: its size in points and its spans."""

    width: float
    height: float
    spans: tuple[Span, ...]


@dataclass
class _Line:
    """Spans on one baseline, left to right."""

    spans: list[Span]

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.spans)

    @property
    def top(self) -> float:
        return min(s.top for s in self.spans)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.spans)

    @property
    def height(self) -> float:
        return median(s.height for s in self.spans)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in sorted(self.spans, key=lambda s: s.x0) if s.text.strip())


# Share of the page height, from the top and the bottom, where running heads and footers sit.
_MARGIN = 0.2
# Lines looked at from the top and from the bottom of each page.
_MARGIN_LINES = 2
# A line is at the same height as another when their tops differ by at most this (points).
_SAME_Y = 2.0
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"[\W_]*(?:(?:page|p|pp|стр|с|бет|б)\.?\s*)?(?:#|[ivxl]{1,5})(?:\s*(?:of|из|/)\s*#)?[\W_]*",
    re.IGNORECASE,
)
# Where a right column may start, as shares of the page width.
_MIDDLE = (0.3, 0.7)
# Lines that must start at the right column's edge (and end left of it) to call a page two-column.
_COLUMN_LINES = 3
# A vertical step over this many times the usual one between lines starts a new paragraph.
_PARAGRAPH_STEP = 1.6
# An indent is kept (as spaces, one per half a font size) when over this many half font sizes.
_MIN_INDENT = 1.5
_MAX_INDENT = 12
# A word or number cut after a hyphen, soft hyphen or dash at the end of a line.
_CUT = re.compile(r"([^\W\d_]*)(?<=\w)([-\u00ad\u2010\u2013\u2014])$")
_URL_CUT = re.compile(r"(?:https?://|www\.|doi:|doi\.org/)\S*[/\-_.=&?#%~]$", re.IGNORECASE)
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def _lines(spans: Iterable[Span]) -> list[_Line]:
    """Spans grouped into lines (same baseline, overlapping vertically), top to bottom."""
    lines: list[_Line] = []
    for span in sorted(spans, key=lambda s: (s.bottom, s.x0)):
        last = lines[-1] if lines else None
        if last is not None and abs(span.bottom - last.bottom) <= 0.5 * min(span.height, last.height):
            last.spans.append(span)
        else:
            lines.append(_Line([span]))
    return lines


def _key(text: str) -> str:
    """A line with digits masked and spaces and case folded: equal for the same head on any page."""
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _margin_lines(page: Page, lines: Sequence[_Line]) -> list[_Line]:
    """The first and last lines of a page when they lie in its top or bottom margin."""
    top = [ln for ln in lines[:_MARGIN_LINES] if ln.bottom <= page.height * _MARGIN]
    bottom = [ln for ln in lines[-_MARGIN_LINES:] if ln.top >= page.height * (1 - _MARGIN)]
    return top + [ln for ln in bottom if ln not in top]


def _is_head(key: str) -> bool:
    """True when a line's key has words enough to be told apart from a line of figures."""
    return sum(c.isalpha() for c in key) >= 4


def _strip_margins(pages: Sequence[Page]) -> list[list[Span]]:
    """Each page's spans without its running heads, footers and page numbers."""
    lines = [_lines(p.spans) for p in pages]
    margins = [_margin_lines(p, ls) for p, ls in zip(pages, lines, strict=True)]
    seen = Counter(k for ms in margins for k in {_key(m.text) for m in ms})
    heads = {k for k, n in seen.items() if n > 1 and _is_head(k)}
    numbers = {k for k in seen if _PAGE_NUMBER.fullmatch(k)}
    tops = [m.top for ms in margins for m in ms if _key(m.text) in heads | numbers]
    out = []
    for page_lines, page_margins in zip(lines, margins, strict=True):
        drop = set()
        for m in page_margins:
            key = _key(m.text)
            if (
                key in heads
                or key in numbers
                or (_is_head(key) and any(abs(m.top - t) <= _SAME_Y for t in tops))
            ):
                drop.add(id(m))
        out.append([s for ln in page_lines if id(ln) not in drop for s in ln.spans])
    return out


def _column_edge(spans: Sequence[Span], width: float) -> float | None:
    """The x of the gutter between a page's columns (just right of where its left column ends),
    or None for a page read in one column."""
    lo, hi = width * _MIDDLE[0], width * _MIDDLE[1]
    starts = Counter(round(s.x0) for s in spans if lo <= s.x0 <= hi)
    if not starts:
        return None
    edge, _ = max(
        ((x, sum(starts[x + d] for d in (-1, 0, 1))) for x in starts), key=lambda item: (item[1], -item[0])
    )
    left = [s.x1 for s in spans if s.x1 < edge - 1 and s.x0 < lo]
    if sum(abs(s.x0 - edge) <= 1.5 for s in spans) < _COLUMN_LINES or len(left) < _COLUMN_LINES:
        return None
    return max(left) + 1


def _edges(pages: Sequence[Page], spans: Sequence[Sequence[Span]]) -> list[float | None]:
    """Each page's column edge; a page without its own takes the nearest page's of the same parity
    (odd and even pages may be set differently), else the nearest page's."""
    own = [_column_edge(s, p.width) for p, s in zip(pages, spans, strict=True)]
    found = [i for i, e in enumerate(own) if e is not None]
    if not found:
        return own
    out: list[float | None] = []
    for i, edge in enumerate(own):
        if edge is None:
            nearest = min(found, key=lambda j: (abs(j - i) % 2, abs(j - i)))
            edge = own[nearest]
        out.append(edge)
    return out


def _reading_order(spans: Sequence[Span], edge: float | None) -> list[list[_Line]]:
    """A page's lines in reading order, as runs that share a left margin (a column or the page)."""
    if edge is None:
        return [_lines(spans)]
    runs: list[list[_Line]] = []
    left: list[Span] = []
    right: list[Span] = []
    wide: list[Span] = []

    def flush_columns() -> None:
        runs.extend(run for run in (_lines(left), _lines(right)) if run)
        left.clear()
        right.clear()

    def flush_wide() -> None:
        if wide:
            runs.append(_lines(wide))
            wide.clear()

    for span in sorted(spans, key=lambda s: (s.top, s.x0)):
        if span.x1 <= edge:
            flush_wide()
            left.append(span)
        elif span.x0 >= edge:
            flush_wide()
            right.append(span)
        else:
            flush_columns()
            wide.append(span)
    flush_columns()
    flush_wide()
    return runs


def _usual_step(runs: Sequence[Sequence[_Line]]) -> float:
    """The usual distance between the baselines of successive lines of a page."""
    steps = [
        b.bottom - a.bottom
        for run in runs
        for a, b in pairwise(run)
        if 0 < b.bottom - a.bottom < 3 * a.height
    ]
    return median(steps) if steps else 0.0


def _render(runs: Sequence[Sequence[_Line]]) -> list[str]:
    """The text lines of a page: indents as spaces, a blank line before a wide vertical gap."""
    step = _usual_step(runs)
    out: list[str] = []
    previous: _Line | None = None
    for run in runs:
        margin = min(ln.x0 for ln in run)
        for line in run:
            gap = line.bottom - previous.bottom if previous is not None else 0.0
            if out and out[-1] and step and gap > _PARAGRAPH_STEP * step:
                out.append("")
            indent = (line.x0 - margin) / (line.height / 2)
            spaces = min(round(indent), _MAX_INDENT) if indent >= _MIN_INDENT else 0
            out.append(" " * spaces + line.text)
            previous = line
    return out


def _hyphenated_words(lines: Sequence[str]) -> set[str]:
    """Words the document writes with a hyphen inside a line ("социально-экономический")."""
    return {m.group(0).lower() for line in lines for m in _HYPHENATED.finditer(line)}


def _join_cut_words(lines: list[str]) -> list[str]:
    """Words and URLs cut at line ends joined: the first word of the next line moves up."""
    keep = _hyphenated_words(lines)
    i = 0
    while i < len(lines) - 1:
        line, nxt = lines[i].rstrip(), lines[i + 1]
        head, _, tail = nxt.lstrip().partition(" ")
        cut = _CUT.search(line)
        if head and _URL_CUT.search(line):
            lines[i] = line + head
        elif head and cut and head[0].isalnum():
            word, dash = cut.groups()
            if dash == "\u00ad" or (dash in "-\u2010" and word and head[0].islower()):
                whole = f"{word}-{head.rstrip('.,;:)')}".lower()
                dash = "-" if whole in keep else ""
            lines[i] = line[: cut.start(2)] + dash + head
        else:
            i += 1
            continue
        if tail:
            lines[i + 1] = nxt[: len(nxt) - len(nxt.lstrip())] + tail
        else:
            del lines[i + 1]
    return lines


def page_text(pages: Sequence[Page]) -> str:
    """The text of printed pages in reading order (see the module docstring)."""
    spans = _strip_margins(pages)
    edges = _edges(pages, spans)
    lines: list[str] = []
    for page_spans, edge in zip(spans, edges, strict=True):
        lines.extend(_render(_reading_order(page_spans, edge)))
    # pdfium writes a hyphen it takes for a line-end hyphenation as U+FFFE (or 0x02)
    lines = _join_cut_words([line.replace("\ufffe", "-").replace("\x02", "-") for line in lines])
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
