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
  ("экономический") unless the document writes a compound with that first part elsewhere
  ("социально-экономический");
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
# A margin line parted from the page by a gap over this many usual line steps is set apart.
_APART = 2.0
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
    return top + [ln for ln in bottom if all(ln is not t for t in top)]


def _is_head(key: str) -> bool:
    """True when a line's key has words enough to be told apart from a line of figures."""
    return sum(c.isalpha() for c in key) >= 4


def _set_apart(lines: Sequence[_Line]) -> list[_Line]:
    """The first and last line of a page when a gap wider than two usual line steps parts them
    from the rest (where running heads and footers sit)."""
    steps = [b.bottom - a.bottom for a, b in pairwise(lines) if b.bottom > a.bottom]
    if len(steps) < 2:
        return []
    usual = median(steps[1:-1]) if len(steps) > 2 else min(steps)
    out = []
    if lines[1].bottom - lines[0].bottom > _APART * usual:
        out.append(lines[0])
    if lines[-1].bottom - lines[-2].bottom > _APART * usual:
        out.append(lines[-1])
    return out


def _strip_margins(pages: Sequence[Page]) -> list[list[Span]]:
    """Each page's spans without its running heads, footers and page numbers.

    A margin line goes when its text (digits masked) recurs in the margin of another page and is
    set apart from the text there or here; when it is a page number set apart or at the height
    of a margin line set apart on another page; or when it is set apart at such a height (the
    alternating heads of even and odd pages).
    """
    lines = [_lines(p.spans) for p in pages]
    margins = [_margin_lines(p, ls) for p, ls in zip(pages, lines, strict=True)]
    apart = [
        [m for m in _set_apart(ls) if any(m is n for n in ms)] for ls, ms in zip(lines, margins, strict=True)
    ]
    seen = Counter(k for ms in margins for k in {_key(m.text) for m in ms})
    apart_keys = {_key(m.text) for ms in apart for m in ms}
    heads = {k for k, n in seen.items() if n > 1 and _is_head(k) and k in apart_keys}
    apart_tops = [(i, m.top) for i, ms in enumerate(apart) for m in ms]
    out = []
    for i, (page_lines, page_margins) in enumerate(zip(lines, margins, strict=True)):
        drop = set()
        for m in page_margins:
            key = _key(m.text)
            level = any(j != i and abs(m.top - top) <= _SAME_Y for j, top in apart_tops)
            set_apart = any(m is a for a in apart[i])
            number = _PAGE_NUMBER.fullmatch(key) is not None
            if key in heads or (number and (set_apart or level)) or (set_apart and level):
                drop.add(id(m))
        out.append([s for ln in page_lines if id(ln) not in drop for s in ln.spans])
    return out


@dataclass(frozen=True)
class _Columns:
    """Where a two-column page's left column ends and its right column starts."""

    left_end: float
    right_start: float
    width: float

    def side(self, span: Span) -> str:
        """``left``, ``right`` or ``wide`` (across both: a title, an abstract, a wide figure). A
        left line may run a little into the gutter (an overfull line) and stay left."""
        if span.x0 > self.left_end:
            return "right"
        if span.x1 <= self.right_start + 0.25 * (self.width - self.right_start):
            return "left"
        return "wide"


def _columns(spans: Sequence[Span], width: float) -> _Columns | None:
    """A page's two columns: several lines start at one x in the middle of the page (the right
    column's edge) and several others end at one x left of it (the justified left column)."""
    lo, hi = width * _MIDDLE[0], width * _MIDDLE[1]
    starts = Counter(round(s.x0) for s in spans if lo <= s.x0 <= hi)
    for edge in sorted(x for x in starts if starts[x - 1] + starts[x] + starts[x + 1] >= _COLUMN_LINES):
        ends = Counter(round(s.x1) for s in spans if s.x1 < edge and s.x0 < lo)
        if ends:
            left_end, count = max(ends.items(), key=lambda item: (item[1], item[0]))
            if count >= _COLUMN_LINES:
                right_start = min(s.x0 for s in spans if abs(s.x0 - edge) <= 1.5)
                return _Columns(left_end, right_start, width)
    return None


def _page_columns(pages: Sequence[Page], spans: Sequence[Sequence[Span]]) -> list[_Columns | None]:
    """Each page's columns; a page too short to tell takes those of the nearest page of the same
    parity (odd and even pages may be set differently), else of the nearest page."""
    own = [_columns(s, p.width) for p, s in zip(pages, spans, strict=True)]
    found = [i for i, c in enumerate(own) if c is not None]
    if not found:
        return own
    return [
        c if c is not None else own[min(found, key=lambda j: (abs(j - i) % 2, abs(j - i)))]
        for i, c in enumerate(own)
    ]


def _reading_order(spans: Sequence[Span], columns: _Columns | None) -> list[list[_Line]]:
    """A page's lines in reading order, as runs that share a left margin (a column or the page)."""
    if columns is None:
        lines = _lines(spans)
        return [lines] if lines else []
    runs: list[list[_Line]] = []
    bands: dict[str, list[Span]] = {"left": [], "right": [], "wide": []}

    def flush(*sides: str) -> None:
        for side in sides:
            if bands[side]:
                runs.append(_lines(bands[side]))
                bands[side] = []

    for span in sorted(spans, key=lambda s: (s.top, s.x0)):
        side = columns.side(span)
        if side == "wide":
            flush("left", "right")
        else:
            flush("wide")
        bands[side].append(span)
    flush("left", "right", "wide")
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


def _compound_heads(lines: Sequence[str]) -> set[str]:
    """First parts of the words the document writes with a hyphen inside a line ("социально" of
    "социально-экономический"): a line-end hyphen after one of them is kept."""
    return {m.group(0).split("-")[0].lower() for line in lines for m in _HYPHENATED.finditer(line)}


def _continues_url(line: str, head: str) -> bool:
    """True when ``head`` (the next line's first word) goes on with the URL ending ``line``: not
    an opening bracket or quote, no Cyrillic, and after a final period no capital."""
    if head[0] in '([«"“' or any("\u0400" <= c <= "\u04ff" for c in head):
        return False
    return not (line.endswith(".") and head[0].isupper())


def _join_cut_words(lines: list[str]) -> list[str]:
    """Words and URLs cut at line ends joined: the first word of the next line moves up."""
    keep = _compound_heads(lines)
    i = 0
    while i < len(lines) - 1:
        line, nxt = lines[i].rstrip(), lines[i + 1]
        head, _, tail = nxt.lstrip().partition(" ")
        cut = _CUT.search(line)
        if head and _URL_CUT.search(line) and _continues_url(line, head):
            lines[i] = line + head
        elif head and cut and head[0].isalnum():
            word, dash = cut.groups()
            if dash == "\u00ad" or (dash in "-\u2010" and word and head[0].islower()):
                # hyphenation leaves two letters at least on a line: "e-" is a compound's
                dash = "-" if len(word) < 2 or word.lower() in keep else ""
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
    lines: list[str] = []
    for page_spans, columns in zip(spans, _page_columns(pages, spans), strict=True):
        lines.extend(_render(_reading_order(page_spans, columns)))
    # pdfium writes a hyphen it takes for a line-end hyphenation as U+FFFE (or 0x02)
    lines = _join_cut_words([line.replace("\ufffe", "-").replace("\x02", "-") for line in lines])
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
