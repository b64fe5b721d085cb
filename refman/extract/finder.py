"""Finding a reference list that has no heading (pure): every line is scored from its features,
and the list is the run of lines whose scores add up to the most.

A line's features are the marks of a reference: a year, a list number, initials, a page range,
a publisher's or journal's word or a place ("Press", "Вестник", "М.:", "Алматы"), a DOI or URL,
"et al." / "и др.", and an opening in the shape of names ("Smith, J.", "Иванов И.И.",
"A. Smith"); prose (long runs of small-letter words) and table rows (cells apart by runs of
spaces) count against it. The
weights in :data:`WEIGHTS` were tuned on AnyStyle's finder documents (15 theses whose every line
is labelled as reference or not; ``bench/extract_finder.py --tune``, coordinate ascent on line F1,
measures them and retunes; there is no held-out set, so the figure it prints is a fit). A list
is the maximum-sum run of line scores (blank lines add nothing) that holds at least
:data:`MIN_LINES` reference lines and whose score per text line reaches :data:`MIN_MEAN`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from refman.identifiers import find_urls, mentions_doi
from refman.lang import CAPITAL
from refman.parse.patterns import CITY

__all__ = [
    "FEATURES",
    "MIN_LINES",
    "MIN_MEAN",
    "WEIGHTS",
    "best_run",
    "best_span",
    "line_features",
    "line_score",
    "opens_entry",
]

_YEAR = re.compile(r"(?<![\d.])(?:1[6-9]|20)\d\d[a-zа-я]?(?![\d])")
_MARKER = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)])\s")
_INITIAL = re.compile(rf"(?<![^\W\d_])[{CAPITAL}]\.")
_PAGES = re.compile(r"\b(?:pp?|[СсБбS]|стр|бет)\.\s*\d|\b\d{1,5}\s*[-–—]\s*\d{1,5}\b")
_VENUE = re.compile(
    r"\b(?:press|publish\w*|verlag|universit\w*|journal|proc\.|proceedings|conference|vol\.|eds?\.|"
    r"издательство|изд-во|наука|вестник|известия|журнал|хабаршы|баспа\w*|том|т\.|вып\.|№)"
    rf"|//|\b{CITY}\s*[.:]\s*[:]?",
    re.IGNORECASE,
)
_ETAL = re.compile(r"\bet\s+al\b|\bи\s+др\b|және\s+т\.\s?б", re.IGNORECASE)
_NAMES_OPEN = re.compile(
    r"^\s*(?:\d{1,4}[.)]\s*|\[\d{1,4}\]\s*)?"
    rf"(?:[{CAPITAL}][\w'’\-]+,?\s+[{CAPITAL}]\.|[{CAPITAL}]\.\s?(?:[{CAPITAL}]\.\s?)?"
    rf"[{CAPITAL}][\w'’\-]+|[{CAPITAL}][\w'’\-]+,\s+[{CAPITAL}][a-zа-яё]+)"
)
_WORD = re.compile(r"[^\W\d_]+")
_CELL_GAP = re.compile(r"\S {3,}(?=\S)")

#: The features, in the order of :data:`WEIGHTS`: each maps a line to a number in [0, 1].
FEATURES: Mapping[str, Callable[[str], float]] = {
    "year": lambda line: float(bool(_YEAR.search(line))),
    "number": lambda line: float(bool(_MARKER.match(line))),
    "initials": lambda line: min(len(_INITIAL.findall(line)), 3) / 3,
    "pages": lambda line: float(bool(_PAGES.search(line))),
    "venue": lambda line: float(bool(_VENUE.search(line))),
    "link": lambda line: float(mentions_doi(line) or bool(find_urls(line))),
    "et_al": lambda line: float(bool(_ETAL.search(line))),
    "names": lambda line: float(bool(_NAMES_OPEN.match(line))),
    "prose": lambda line: _prose(line),
    "table": lambda line: float(len(_CELL_GAP.findall(line)) >= 2),
    "bias": lambda line: 1.0,
}

#: Feature weights (tuned by ``bench/extract_finder.py --tune`` on AnyStyle's finder documents).
WEIGHTS: Mapping[str, float] = {
    "year": 2.0,
    "number": 1.0,
    "initials": 0.5,
    "pages": 1.25,
    "venue": 1.5,
    "link": 1.0,
    "et_al": 0.5,
    "names": 0.5,
    "prose": -1.5,
    "table": -2.5,
    "bias": -0.5,
}
#: A run holds at least this many lines that score above zero.
MIN_LINES = 3
#: A run's score per text line must reach this.
MIN_MEAN = 0.2


def _prose(line: str) -> float:
    """1 for a line of running text: eight words or more, four in five of them small-letter."""
    words = _WORD.findall(line)
    if len(words) < 8:
        return 0.0
    small = sum(1 for w in words if w[0].islower())
    return 1.0 if small >= 0.8 * len(words) else 0.0


def opens_entry(line: str) -> bool:
    """True when a line opens like a list entry: with a list number or with names."""
    return bool(_MARKER.match(line) or _NAMES_OPEN.match(line))


def line_features(line: str) -> dict[str, float]:
    """The features of one line (see :data:`FEATURES`)."""
    return {name: feature(line) for name, feature in FEATURES.items()}


def line_score(line: str, weights: Mapping[str, float] = WEIGHTS) -> float:
    """How much a line looks like part of a reference list (blank lines score 0)."""
    if not line.strip():
        return 0.0
    return sum(weights[name] * feature(line) for name, feature in FEATURES.items())


def best_run(
    lines: Sequence[str],
    weights: Mapping[str, float] = WEIGHTS,
    min_lines: int = MIN_LINES,
    min_mean: float = MIN_MEAN,
) -> tuple[int, int] | None:
    """The 0-based first and last line of the best-scoring run of ``lines``, or None when no run
    is list enough (see the module docstring)."""
    scores = [line_score(line, weights) for line in lines]
    return best_span(scores, [not line.strip() for line in lines], min_lines, min_mean)


def best_span(
    scores: Sequence[float], blank: Sequence[bool], min_lines: int = MIN_LINES, min_mean: float = MIN_MEAN
) -> tuple[int, int] | None:
    """:func:`best_run` over line scores already computed (``blank`` marks the blank lines)."""
    best = total = 0.0
    start = 0
    span: tuple[int, int] | None = None
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, span = total, (start, i)
    if span is None:
        return None
    first, last = span
    text = [scores[i] for i in range(first, last + 1) if not blank[i]]
    if sum(1 for s in text if s > 0) < min_lines or best / len(text) < min_mean:
        return None
    return span
