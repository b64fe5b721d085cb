"""Link in-text citations to reference-list entries (pure).

Numeric citations link to the entries with their numbers (two works under one number both).
An author-year citation links to the entry it most likely means: first-author surname compared
across scripts and transliterations (:func:`refman.extract.text.name_similarity`, at least
:data:`NAME_THRESHOLD`), then the year, then a second author. The match records whether the year
agrees and whether a same-script spelling differs, which diagnostics report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from refman.extract.text import name_key, name_similarity
from refman.lang import is_cyrillic
from refman.model import Citation, Reference

__all__ = ["NAME_THRESHOLD", "EntryNames", "Match", "entry_names", "link_numeric", "match_author_year"]

NAME_THRESHOLD = 0.75
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_LEAD = re.compile(r"[^\W\d_][^,.(\[:;/]{0,80}")
_FIRST_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_BLOCKING_LIMIT = 300
_PAREN_YEAR = re.compile(r"\((?:(1[5-9]\d\d|20\d\d)[a-z]?|n\.\s?d\.|б\.\s?ж\.|б\.\s?г\.)[),]")


@dataclass
class EntryNames:
    """What an author-year citation is compared with: surname variants per author position
    (as parsed, from the romanised copy, or the entry's leading words), the year and a label."""

    id: str
    label: str
    authors: list[list[str]] = field(default_factory=list)
    year: str | None = None


@dataclass
class Match:
    """The entry an author-year citation most likely means, with the evidence."""

    entry: EntryNames
    name_score: float
    year_ok: bool
    spelling: tuple[str, str] | None


def _names_of(items: Sequence[dict[str, object]]) -> list[str]:
    out = []
    for item in items:
        value = item.get("family") or item.get("literal")
        if isinstance(value, str) and value.strip():
            out.append(value.strip())
    return out


def _text_year(text: str) -> str | None:
    """The year of an entry from its text: an APA "(2020)" / "(n.d.)" first, else the first year."""
    found = _PAREN_YEAR.search(text)
    if found:
        return found.group(1)
    plain = _YEAR.search(text)
    return plain.group(1) if plain else None


def entry_names(ref: Reference, text: str) -> EntryNames:
    """The comparison data of one reference; ``text`` is its cleaned entry text."""
    positions = [[n] for n in _names_of([a.to_csl() for a in ref.author])]
    twin = (ref.refman.romanised or {}).get("item")
    if isinstance(twin, dict) and isinstance(twin.get("author"), list):
        for k, name in enumerate(_names_of([a for a in twin["author"] if isinstance(a, dict)])):
            if k < len(positions):
                positions[k].append(name)
            else:
                positions.append([name])
    lead = _LEAD.match(text.lstrip('*_"«“ '))
    if lead:
        words = lead.group(0).split()
        variants = [" ".join(words[:6]), *words[:1]]
        if positions:
            positions[0].extend(variants[1:])
        else:
            positions.append(variants)
    year = str(ref.year) if ref.year is not None else _text_year(text) if ref.issued is None else None
    label = text if len(text) <= 90 else text[:87] + "..."
    return EntryNames(ref.id, label, positions, year)


def link_numeric(citation: Citation, by_number: dict[int, list[str]]) -> list[str]:
    """Ids of the entries a numeric citation points at (in its order)."""
    ids: list[str] = []
    for number in citation.numbers:
        ids.extend(i for i in by_number.get(number, []) if i not in ids)
    return ids


def _script(text: str) -> str:
    for char in text:
        if is_cyrillic(char):
            return "cyrillic"
        if char.isascii() and char.isalpha():
            return "latin"
    return ""


def _same_spelling(cited: str, listed: str) -> bool:
    """True when a cited surname is the listed one, allowing a case ending on the cited form."""
    a, b = cited.casefold(), listed.casefold()
    return a == b or (len(b) >= 3 and a.startswith(b) and len(a) - len(b) <= 5)


def _best_variant(cited: str, variants: Sequence[str]) -> tuple[float, str]:
    best, which = 0.0, ""
    words = cited.split()
    forms = [cited] + ([words[-1]] if len(words) > 1 else [])
    for variant in variants:
        for form in forms:
            score = name_similarity(form, variant)
            if score > best:
                best, which = score, variant
    return best, which


def _spelling(cited: str, variants: Sequence[str]) -> tuple[str, str] | None:
    """``(cited, listed)`` when the entry has a same-script form of the name and none agrees."""
    script = _script(cited)
    same = [v for v in variants if _script(v) == script]
    if not same:
        return None
    forms = [cited, *cited.split()]
    if any(_same_spelling(f, v) for f in forms for v in same):
        return None
    best = max(same, key=lambda v: name_similarity(cited, v))
    return cited, best


def _year_digits(year: str | None) -> str | None:
    found = _YEAR.search(year or "")
    return found.group(1) if found else None


class _Index:
    """Entries grouped by the first letter of their name keys and by year (for long lists)."""

    def __init__(self, entries: Sequence[EntryNames]) -> None:
        self.entries = entries
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.by_year: dict[str, set[int]] = defaultdict(set)
        for i, entry in enumerate(entries):
            for variant in entry.authors[0] if entry.authors else []:
                self.by_key[name_key(variant)[:1]].add(i)
            if entry.year:
                self.by_year[entry.year].add(i)

    def candidates(self, name: str, year: str | None) -> list[int]:
        if len(self.entries) <= _BLOCKING_LIMIT:
            return list(range(len(self.entries)))
        found = set(self.by_key.get(name_key(name)[:1], set()))
        if year:
            found |= self.by_year.get(year, set())
        return sorted(found)


def match_author_year(
    citation: Citation, entries: Sequence[EntryNames], index: _Index | None = None
) -> Match | None:
    """The entry ``citation`` most likely means, or None when no surname is close enough."""
    if not citation.names or not entries:
        return None
    index = index or _Index(entries)
    cited = citation.names[0]
    year = _year_digits(citation.year)
    best: tuple[float, int] | None = None
    best_match: Match | None = None
    for i in index.candidates(cited, year):
        entry = entries[i]
        if not entry.authors:
            continue
        score, _ = _best_variant(cited, entry.authors[0])
        if score < NAME_THRESHOLD:
            continue
        year_ok = year == entry.year
        total = score + (0.5 if year_ok else 0.0)
        if len(citation.names) > 1 and len(entry.authors) > 1:
            second, _ = _best_variant(citation.names[1], entry.authors[1])
            total += 0.15 if second >= NAME_THRESHOLD else 0.0
        if best is None or total > best[0]:
            best = (total, i)
            best_match = Match(entry, score, year_ok, _spelling(cited, entry.authors[0]))
    return best_match


def make_index(entries: Sequence[EntryNames]) -> _Index:
    """A lookup over ``entries`` for repeated :func:`match_author_year` calls."""
    return _Index(entries)
