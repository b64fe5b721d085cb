"""Pair an original reference list with its romanised "References" copy (pure).

Kazakh and Russian journals print the list twice: as written ("Список литературы") and
transliterated ("References"). Entries are paired by number when both lists are numbered in the
same order, and otherwise (unnumbered, alphabetical in Latin) by first-author surname across
scripts, year and shared words, with a greedy one-to-one assignment above a threshold.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from refman.extract.reflist import Entry, RefList
from refman.extract.text import name_similarity, word_keys

__all__ = ["MATCH_THRESHOLD", "is_romanised_copy", "match_romanised"]

MATCH_THRESHOLD = 0.5
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_FIRST_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_ALL_PAIRS_LIMIT = 200_000
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile("[\u0400-\u052f]")


def _latin_share(text: str) -> float:
    """Share of Latin letters among the Latin and Cyrillic letters of ``text`` (1.0 if none)."""
    latin = len(_LATIN.findall(text))
    cyrillic = len(_CYRILLIC.findall(text))
    return latin / (latin + cyrillic) if latin + cyrillic else 1.0


def is_romanised_copy(original: RefList, candidate: RefList) -> bool:
    """True when ``candidate`` (a later list) reads as the romanised copy of ``original``: it is
    almost all Latin, the original has Cyrillic entries, and their sizes are comparable."""
    n, m = len(original.entries), len(candidate.entries)
    if not n or not m or not 0.5 <= m / n <= 2.0:
        return False
    if _latin_share(" ".join(e.raw for e in candidate.entries)) < 0.9:
        return False
    cyrillic_entries = sum(1 for e in original.entries if _latin_share(e.raw) < 0.7)
    return cyrillic_entries >= max(1, 0.2 * n)


@dataclass
class _Features:
    number: int | None
    surname: str
    year: str | None
    words: set[str]


def _features(entry: Entry) -> _Features:
    text = entry.text
    first = _FIRST_WORD.search(text)
    year = _YEAR.search(text)
    return _Features(
        entry.number,
        first.group(0) if first else "",
        year.group(1) if year else None,
        word_keys(text),
    )


def _score(a: _Features, b: _Features) -> float:
    """0..1.3 evidence that two entries are the same work (see module docstring)."""
    name = name_similarity(b.surname, a.surname) if a.surname and b.surname else 0.0
    year = 0.0
    if a.year == b.year:
        year = 1.0 if a.year else 0.5
    small = min(len(a.words), len(b.words))
    text = len(a.words & b.words) / small if small else 0.0
    number = 1.0 if a.number is not None and a.number == b.number else 0.0
    return 0.35 * name + 0.2 * year + 0.45 * text + 0.3 * number


def _candidates(originals: Sequence[_Features], romanised: Sequence[_Features]) -> list[tuple[int, int]]:
    """Index pairs to compare: all of them for lists of ordinary size, else same year or number."""
    if len(originals) * len(romanised) <= _ALL_PAIRS_LIMIT:
        return [(i, j) for i in range(len(originals)) for j in range(len(romanised))]
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(originals):
        if f.year:
            by_key[("y", f.year)].append(i)
        if f.number is not None:
            by_key[("n", str(f.number))].append(i)
    pairs: set[tuple[int, int]] = set()
    for j, f in enumerate(romanised):
        keys = [("y", f.year)] if f.year else []
        if f.number is not None:
            keys.append(("n", str(f.number)))
        for key in keys:
            pairs.update((i, j) for i in by_key.get(key, ()))
    return sorted(pairs)


def match_romanised(originals: Sequence[Entry], romanised: Sequence[Entry]) -> dict[int, int]:
    """A one-to-one map from original entry index to romanised entry index (best pairs first)."""
    a = [_features(e) for e in originals]
    b = [_features(e) for e in romanised]
    scored = []
    for i, j in _candidates(a, b):
        score = _score(a[i], b[j])
        if score >= MATCH_THRESHOLD:
            scored.append((-score, abs(i - j), i, j))
    scored.sort()
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    pairs: dict[int, int] = {}
    for _, _, i, j in scored:
        if i not in taken_a and j not in taken_b:
            pairs[i] = j
            taken_a.add(i)
            taken_b.add(j)
    return pairs
