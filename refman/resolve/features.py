"""What a reference offers for matching (pure): its cleaned text, words, numbers, years, names and
title, computed once per reference (:func:`ref_features`), and what is asked of Crossref for it
(:func:`bibliographic_query`, :func:`year_filter`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from refman.identifiers import find_doi, normalise_doi, strip_identifiers
from refman.lang import CAPITAL
from refman.model import Reference
from refman.resolve.words import (
    CYRILLIC,
    STYLE_WORDS,
    ascii_fold,
    is_abbreviation,
    longest_increasing,
    phonetic_keys,
    significant_words,
    skeleton,
    tokens,
    word_equal,
)

__all__ = [
    "RefFeatures",
    "author_search",
    "bibliographic_query",
    "clean_reference_text",
    "cover_in",
    "expand_pages",
    "numbers_in",
    "ref_features",
    "year_filter",
]

_DIGITS = re.compile(r"(?<!\d)\d+(?!\d)")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u052f]{3,}")
_ACCESS_RE = re.compile(
    r"\((?:дата обращения|дата доступа|қаралған күні|accessed|retrieved|viewed)[^)]*\)"
    r"|(?:accessed|retrieved|viewed)(?: on)?:?\s+[\w\s,.]{0,30}\d{4}",
    re.IGNORECASE,
)
_PART_RE = re.compile(rf"(?:^|[\s.,])(?:In|В|В кн\.|Ин):?\s+(?=[{CAPITAL}])")
_LIST_MARKER = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)])\s*")
_PAGE_RANGE = re.compile(r"(?<!\d)(\d{1,100})\s*[-\u00ad\u2010-\u2015\u2212]\s*(\d{1,100})(?!\d)")
_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)")
_ETAL = re.compile(r"\bet\s*al\b|\bи\s+др\b|\bжәне\s+т\.?\s*б\b|\bжәне\s+басқалар", re.IGNORECASE)


def cover_in(
    needle: Sequence[str], feat: RefFeatures, *, abbreviations: bool = False
) -> tuple[int, int, int]:
    """:func:`ordered_cover` of ``needle`` in the reference's words, through its word index."""
    if not needle or not feat.tokens:
        return 0, -1, -1
    pairs: list[tuple[int, int]] = []
    for j, w in enumerate(needle):
        found = feat.positions.get(w)
        if found is not None:
            pairs.extend((i, j) for i in found)
            continue
        near = feat.by_letter.get(w[0], ())
        for h in near:
            if (len(h) >= 5 and word_equal(h, w)) or (abbreviations and is_abbreviation(h, w)):
                for i in feat.positions[h]:
                    if (len(h) >= 5 and word_equal(h, w)) or feat.abbrev[i]:
                        pairs.append((i, j))
    if not pairs:
        return 0, -1, -1
    pairs.sort(key=lambda p: (p[0], -p[1]))
    return longest_increasing(pairs)


def expand_pages(text: str) -> str:
    """``1425-37`` -> ``1425-1437`` (abbreviated last pages), as Crossref's matcher does."""

    def repl(m: re.Match[str]) -> str:
        first, last = m.group(1), m.group(2)
        if len(first) > len(last) and int(first[-len(last) :]) <= int(last):
            last = first[: len(first) - len(last)] + last
        return f"{first}-{last}"

    return _PAGE_RANGE.sub(repl, text)


def numbers_in(text: str) -> list[str]:
    """The numbers written in ``text`` (leading zeros dropped), in order."""
    return [str(int(d)) for d in _DIGITS.findall(text) if len(d) <= 9]


def clean_reference_text(raw: str) -> str:
    """The reference string without its list marker, DOIs, URLs, identifiers and access dates."""
    text = _LIST_MARKER.sub("", raw)
    text = strip_identifiers(_ACCESS_RE.sub(" ", text))
    text = re.sub(r"\[(?:Электронный ресурс|Electronic resource|Электрондық ресурс)\]", " ", text, flags=re.I)
    text = re.sub(r"\bURL\s*:?", " ", text)
    return " ".join(text.split())


@dataclass
class RefFeatures:
    """What a reference offers for comparison, computed once and reused for every candidate."""

    text: str  # cleaned reference text (raw string, or one synthesised from the fields)
    tokens: list[str]  # folded words, in order
    abbrev: list[bool]  # may the word stand for a longer one ("J.", "Biol")
    cyr: list[bool]  # was the word written in Cyrillic
    skeletons: list[str]
    phonetic: list[frozenset[str]]  # phonetic_keys of the content words (empty for the others)
    content: list[int]  # positions of words that carry content (letters, not style words)
    numbers: Counter[str]
    years: set[int]
    family_names: list[str]  # parsed surnames, folded
    title_words: list[str]  # parsed title, folded significant words
    etal: bool
    doi: str | None
    type: str
    part_of: set[int] = field(default_factory=set)  # where a host ("In ...", "// ...") begins
    positions: dict[str, list[int]] = field(default_factory=dict)  # word -> where it occurs
    by_letter: dict[str, list[str]] = field(default_factory=dict)  # first letter -> distinct words


def _synthesise(ref: Reference) -> str:
    """A reference string from parsed fields, for items that came without one (CSL-JSON, BibTeX)."""
    parts: list[str] = []
    names = [n.family or n.literal or "" for n in ref.author[:6]]
    if names:
        parts.append(", ".join(n for n in names if n))
    if ref.year:
        parts.append(f"({ref.year})")
    for value in (ref.title, ref.container_title):
        if value:
            parts.append(value)
    for label, value in (("vol.", ref.volume), ("no.", ref.issue), ("pp.", ref.page)):
        if value:
            parts.append(f"{label} {value}")
    if ref.publisher:
        parts.append(ref.publisher)
    return ". ".join(parts)


def ref_features(ref: Reference) -> RefFeatures:
    """Precompute the comparison features of a reference (its raw string, else its fields)."""
    raw = ref.refman.raw or _synthesise(ref)
    text = clean_reference_text(raw)
    toks = tokens(text)
    words = [t.text for t in toks]
    numbers = Counter(numbers_in(expand_pages(text)))
    years = {int(y) for y in _YEAR.findall(text)}
    if ref.year and not years:
        years.add(ref.year)
    families: list[str] = []
    for name in ref.author:
        base = name.family or name.literal
        if base:
            parts = [w for w in significant_words(base) if len(w) > 1]
            if parts:
                families.append(max(parts, key=len))
    title_words: list[str] = []
    if ref.title:
        letters = [c for c in ref.title if c.isalpha()]
        cyrillic = sum(1 for c in letters if CYRILLIC.match(c))
        if not letters or cyrillic * 2 < len(letters):
            title_words = significant_words(ref.title)
    content = [
        i for i, t in enumerate(toks) if len(t.text) > 1 and t.text.isalpha() and t.text not in STYLE_WORDS
    ]
    content_set = set(content)
    part_of: set[int] = set()
    head, sep, _ = text.partition("//")
    if sep:
        part_of.add(len(tokens(head)))
    count, counted = 0, 0  # tokens before each "In:", counted piece by piece (linear time)
    for m in _PART_RE.finditer(text):
        count += len(tokens(text[counted : m.end()]))  # m.end() is between a space and a capital
        counted = m.end()
        part_of.add(count)
    positions: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        positions.setdefault(w, []).append(i)
    by_letter: dict[str, list[str]] = {}
    for w in positions:
        if w:
            by_letter.setdefault(w[0], []).append(w)
    return RefFeatures(
        part_of=part_of,
        positions=positions,
        by_letter=by_letter,
        text=text,
        tokens=words,
        abbrev=[t.dot or len(t.text) <= 4 for t in toks],
        cyr=[t.cyr for t in toks],
        skeletons=[skeleton(w) for w in words],
        phonetic=[phonetic_keys(words[i]) if i in content_set else frozenset() for i in range(len(words))],
        content=content,
        numbers=numbers,
        years=years,
        family_names=families,
        title_words=title_words,
        etal=bool(_ETAL.search(raw)),
        doi=normalise_doi(ref.DOI) if ref.DOI else find_doi(raw) or find_doi(ref.URL),
        type=ref.type,
    )


def bibliographic_query(ref: Reference) -> str:
    """The ``query.bibliographic`` string: the cleaned reference text, plus a romanised copy of
    its Cyrillic words (Crossref records of Russian and Kazakh journals are often in Latin)."""
    text = clean_reference_text(ref.refman.raw or _synthesise(ref))
    if CYRILLIC.search(text):
        latin = " ".join(ascii_fold(w) for w in _CYRILLIC_WORD.findall(text))
        text = f"{text} {latin}"
    return text[:1000]


def year_filter(ref: Reference) -> tuple[int, int] | None:
    """Publication years to search within: two years before the cited year (online-first records
    carry an earlier date) to one after. None when the year is not clear: a string that names
    years far apart ("Proceedings of the 1992 Symposium ... 2003") gets no filter."""
    raw = ref.refman.raw
    years = {int(y) for y in _YEAR.findall(clean_reference_text(raw))} if raw else set()
    if not years and ref.year is not None:
        years = {ref.year}
    if not years or max(years) - min(years) > 2:
        return None
    return min(years) - 2, max(years) + 1


def author_search(ref: Reference) -> tuple[str, tuple[int, int]] | None:
    """A ``query.author`` search that needs no title: the surnames of the first two authors
    (romanised when written in Cyrillic) and the cited year +-1. None without a surname or a
    single clear year."""
    names = [n.family or n.literal or "" for n in ref.author[:2]]
    words = [ascii_fold(n) for n in names if n.strip()]
    if not words:
        return None
    window = year_filter(ref)
    if window is None:
        return None
    cited = window[1] - 1 if ref.year is None else ref.year
    return " ".join(words), (cited - 1, cited + 1)
