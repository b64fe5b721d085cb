"""Validate Crossref candidates against a reference (pure): Crossref's search-based matching with
validation, made script-aware.

The search engine proposes up to 20 candidates; none is trusted. Each candidate is compared with
the reference field by field, the way Crossref's SBMV matcher does (agreement of year, volume,
issue, pages, container, authors and title, with unexplained numbers counting against it), and
the comparison is tolerant of what real reference lists do:

* one or two wrong letters in a surname (``Tolirov`` for ``Tolipov``), wrong initials;
* Cyrillic spellings of Latin names and Latin spellings of Cyrillic ones (``Смит`` / ``Smith``,
  ``Bokeriya`` / ``Бокерия``): both sides are folded to ASCII (:func:`refman.translit.to_ascii`)
  and compared on a transliteration-insensitive skeleton;
* a title in another language (a Kazakh title for an English paper): the title is then *not
  evidence* (neither for nor against) and more of the other fields must agree;
* abbreviated containers (``J. Biol. Chem.``), abbreviated page ranges (``1425-37``), year +-1.

Every decision is one of ``matched``, ``ambiguous`` (kept with its top candidates for review) or
``unmatched``, and records its score and the fields that supported it. The thresholds are the
constants below; ``bench/resolve.py --split dev`` is the data they were tuned on (real Crossref
records rendered in several CSL styles with noise), never the seed articles.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from refman.identifiers import find_doi, normalise_doi, strip_identifiers
from refman.model import Reference
from refman.resolve.mapping import strip_markup
from refman.translit import to_ascii

__all__ = [
    "ACCEPT_SCORE",
    "AMBIGUITY_MARGIN",
    "MATCHER_VERSION",
    "MIN_SUPPORT",
    "MIN_SUPPORT_WITHOUT_TITLE",
    "REVIEW_SCORE",
    "REVIEW_SUPPORT",
    "WEIGHTS",
    "Evidence",
    "MatchResult",
    "RefFeatures",
    "bibliographic_query",
    "compare",
    "match_candidates",
    "ref_features",
    "validate_doi_record",
    "year_filter",
]

# --- thresholds (tuned on bench/resolve.py --split dev; see docs/resolve.md) --------------------

#: A candidate is accepted at or above this score (with enough supporting fields).
ACCEPT_SCORE = 0.62
#: Below ACCEPT_SCORE but at or above this, a candidate with some support is kept for review.
REVIEW_SCORE = 0.45
#: Supporting fields a candidate below ACCEPT_SCORE needs to be kept for review (ambiguous).
REVIEW_SUPPORT = 2.0
#: Supporting fields needed when the title is evidence (year +-1 counts half).
MIN_SUPPORT = 3.0
#: Supporting fields needed when the title is missing, translated or does not agree.
MIN_SUPPORT_WITHOUT_TITLE = 3.5
#: Two acceptable candidates closer than this are ambiguous (unless they agree on every field).
AMBIGUITY_MARGIN = 0.05
#: Per-field weights of the score (a weighted, generalised Jaccard over the fields compared).
WEIGHTS: dict[str, float] = {
    "title": 3.0,
    "author": 2.0,
    "year": 1.0,
    "volume": 1.0,
    "issue": 0.5,
    "page": 1.5,
    "container": 1.0,
    "publisher": 0.5,
}
#: Weight of each number in the reference that the candidate does not explain (at most 3 count).
UNEXPLAINED_WEIGHT = 0.5
#: Weight of each content word of the reference the candidate does not explain (at most 8 count).
RESIDUE_WEIGHT = 0.25
#: A field supports a match at or above this agreement.
SUPPORT_LEVEL: dict[str, float] = {
    "title": 0.75,
    "author": 0.75,
    "year": 1.0,
    "volume": 1.0,
    "issue": 1.0,
    "page": 1.0,
    "container": 0.6,
    "publisher": 0.6,
}
#: A title comparison below this is a disagreement: the candidate is rejected.
TITLE_DISAGREES = 0.35
#: A title found at least this well (and at least four words long) counts one and a half fields.
STRONG_TITLE = 0.9
#: Bumped whenever the rules or thresholds change: cached decisions of older versions are ignored.
MATCHER_VERSION = "1"

# --- text folding -------------------------------------------------------------------------------

_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "de",
        "der",
        "des",
        "die",
        "du",
        "el",
        "en",
        "et",
        "for",
        "from",
        "in",
        "is",
        "la",
        "le",
        "les",
        "of",
        "on",
        "or",
        "the",
        "to",
        "und",
        "with",
        "zur",
        "i",
        "v",
        "na",
        "s",
        "po",
        "dlya",
        "ob",
        "iz",
        "ot",
        "k",
        "u",
        "o",
        "za",
        "pri",
        "pod",
        "bez",
        "kak",
        "chto",
        "eto",
        "zhane",
        "men",
        "pen",
        "ben",
        "ushin",
        "turaly",
    ]
)
#: Words reference styles add around the fields (labels, months, "et al."): never title evidence.
_STYLE_WORDS = _STOP | frozenset(
    [
        "vol",
        "vols",
        "volume",
        "no",
        "nos",
        "pp",
        "pg",
        "doi",
        "org",
        "http",
        "https",
        "www",
        "available",
        "retrieved",
        "accessed",
        "online",
        "eds",
        "ed",
        "edn",
        "edition",
        "et",
        "al",
        "url",
        "tom",
        "vyp",
        "str",
        "rev",
        "suppl",
        "pt",
        "part",
        "issue",
        "chapter",
        "ch",
        "isbn",
        "issn",
        "art",
        "article",
        "eds",
        "jan",
        "january",
        "feb",
        "february",
        "mar",
        "march",
        "apr",
        "april",
        "may",
        "jun",
        "june",
        "jul",
        "july",
        "aug",
        "august",
        "sep",
        "sept",
        "september",
        "oct",
        "october",
        "nov",
        "november",
        "dec",
        "december",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "dr",
        "dt",
        "tt",
        "pub",
        "presented",
        "paper",
        "proceedings",
        "proc",
        "conference",
        "conf",
        "symposium",
        "meeting",
        "annual",
        "edited",
        "by",
        "editor",
        "editors",
        "translated",
        "trans",
        "preprint",
        "inc",
        "ltd",
        "elektronnyi",
        "resurs",
        "rezhim",
        "dostupa",
        "data",
        "obrashcheniia",
    ]
)
_WORD_RE = re.compile(r"\w+\.?")
_SPLIT_RE = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"(?<!\d)\d+(?!\d)")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u052f]{3,}")
_ACCESS_RE = re.compile(
    r"\((?:дата обращения|дата доступа|қаралған күні|accessed|retrieved|viewed)[^)]*\)"
    r"|(?:accessed|retrieved|viewed)(?: on)?:?\s+[\w\s,.]{0,30}\d{4}",
    re.IGNORECASE,
)
_BOOK_TYPES = frozenset({"book", "monograph", "edited-book", "reference-book", "book-set", "book-series"})
_PART_RE = re.compile(
    r"(?:^|[\s.,])(?:In|В|В кн\.|Ин):?\s+(?=[A-ZА-ЯЁ\u04d8\u0492\u049a\u04a2\u04e8\u04b0\u04ae\u04ba\u0406])"
)
_LIST_MARKER = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)])\s*")
_PAGE_RANGE = re.compile(r"(?<!\d)(\d+)\s*[-\u00ad\u2010-\u2015\u2212]\s*(\d+)(?!\d)")
_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)")
_ETAL = re.compile(r"\bet\s*al\b|\bи\s+др\b|\bжәне\s+т\.?\s*б\b|\bжәне\s+басқалар", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """Lower-case ASCII: Cyrillic romanised, diacritics folded (both sides of every comparison)."""
    if text.isascii():
        return text.casefold()
    return to_ascii(unicodedata.normalize("NFC", text)).casefold()


@dataclass(frozen=True)
class _Token:
    text: str  # folded (lower-case ASCII)
    dot: bool  # written with a following full stop (an abbreviation candidate)
    cyr: bool  # written in Cyrillic


def _tokens(text: str) -> list[_Token]:
    return list(_tokens_cached(text))


@functools.lru_cache(maxsize=1 << 16)
def _tokens_cached(text: str) -> tuple[_Token, ...]:
    out = []
    for m in _WORD_RE.finditer(unicodedata.normalize("NFC", text)):
        word = m.group()
        dot = word.endswith(".")
        word = word.rstrip(".")
        cyr = bool(_CYRILLIC.search(word))
        for part in _SPLIT_RE.split(_fold(word)):
            if part:
                out.append(_Token(part, dot, cyr))
    return tuple(out)


def _words(text: str) -> list[str]:
    """Significant folded words of a title or container (stop words and single letters dropped)."""
    return list(_words_cached(text))


@functools.lru_cache(maxsize=1 << 16)
def _words_cached(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in _tokens_cached(text) if len(t.text) > 1 and t.text not in _STOP)


_SKELETON_RULES = (
    ("dzh", "j"),
    ("dj", "j"),
    ("shch", "s"),
    ("sch", "s"),
    ("kh", "h"),
    ("zh", "z"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("tz", "c"),
    ("cz", "c"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("w", "v"),
    ("x", "ks"),
    ("q", "k"),
    ("j", "i"),
    ("y", "i"),
)


@functools.lru_cache(maxsize=1 << 16)
def _name_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in _SPLIT_RE.split(_fold(text)) if w)


@functools.lru_cache(maxsize=1 << 16)
def _skeleton(name: str) -> str:
    """A transliteration-insensitive form: Bokeriya/Bokeria, Tsoi/Coj, Smith/Smit agree."""
    s = "".join(ch for ch in name if ch.isalpha())
    for old, new in _SKELETON_RULES:
        s = s.replace(old, new)
    out: list[str] = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions, or ``limit + 1`` when it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            best = min(best, v)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one substitution, insertion, deletion or swap."""
    la, lb = len(a), len(b)
    if la > lb:
        a, b, la, lb = b, a, lb, la
    if lb - la > 1:
        return False
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if i == la:
        return True
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i:] == b[i + 1 :]


def _near(a: str, b: str) -> bool:
    """A cheap pre-check for two edits: the words share their start, middle or end."""
    return a[:2] == b[:2] or a[-3:] == b[-3:] or a[1:4] == b[1:4]


def _name_similarity(a: str, b: str) -> float:
    """Two folded surnames: 1 equal, 0.95 same skeleton, 0.85 one edit, 0.75 two edits (long names)."""
    if a == b:
        return 1.0
    if len(a) < 2 or len(b) < 2:
        return 0.0
    sa, sb = _skeleton(a), _skeleton(b)
    if sa == sb:
        return 0.95
    n = min(len(sa), len(sb))
    if n >= 4 and _one_edit(sa, sb):
        return 0.85
    if n >= 6 and _near(sa, sb) and _edit_distance(sa, sb, 2) <= 2:
        return 0.75
    return 0.0


def _word_equal(a: str, b: str) -> bool:
    if a == b:
        return True
    la, lb = len(a), len(b)
    return la >= 5 and lb >= 5 and a[0] == b[0] and -1 <= la - lb <= 1 and _one_edit(a, b)


def _is_abbreviation(short: str, full: str) -> bool:
    """``biol`` for ``biological``, ``natl`` for ``national``: same first letter, a subsequence."""
    if len(short) >= len(full) or short[0] != full[0]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def _ordered_cover(
    needle: Sequence[str], hay: Sequence[str], *, abbrev: Sequence[bool] | None = None
) -> tuple[int, int, int]:
    """How many words of ``needle`` occur in ``hay`` in order (an LCS): (count, first, last) positions.

    ``abbrev[i]`` allows ``hay[i]`` to match as an abbreviation of a needle word.
    """
    if not needle or not hay:
        return 0, -1, -1
    index: dict[str, list[int]] = {}
    by_letter: dict[str, list[tuple[int, str]]] = {}
    for j, w in enumerate(needle):
        index.setdefault(w, []).append(j)
        by_letter.setdefault(w[0], []).append((j, w))
    pairs: list[tuple[int, int]] = []  # (hay position, needle position)
    for i, h in enumerate(hay):
        js = index.get(h)
        if js is None:
            if not h:
                continue
            near = by_letter.get(h[0], ())
            js = [j for j, w in near if _word_equal(h, w)] if len(h) >= 5 else []
            if not js and abbrev is not None and abbrev[i]:
                js = [j for j, w in near if _is_abbreviation(h, w)]
            if not js:
                continue
        for j in sorted(js, reverse=True):
            pairs.append((i, j))
    if not pairs:
        return 0, -1, -1
    return _lis(pairs)


def _lis(pairs: Sequence[tuple[int, int]]) -> tuple[int, int, int]:
    """Longest run of (hay, needle) pairs increasing in both: (length, first hay, last hay)."""
    tails: list[int] = []
    tail_at: list[int] = []
    prev = [-1] * len(pairs)
    for p, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(p)
        else:
            tails[k] = j
            tail_at[k] = p
        prev[p] = tail_at[k - 1] if k > 0 else -1
    last = tail_at[-1]
    p = last
    first_pos = pairs[p][0]
    while p != -1:
        first_pos = pairs[p][0]
        p = prev[p]
    return len(tails), first_pos, pairs[last][0]


def _cover_in(
    needle: Sequence[str], feat: RefFeatures, *, abbreviations: bool = False
) -> tuple[int, int, int]:
    """:func:`_ordered_cover` of ``needle`` in the reference's words, through its word index."""
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
            if (len(h) >= 5 and _word_equal(h, w)) or (abbreviations and _is_abbreviation(h, w)):
                for i in feat.positions[h]:
                    if (len(h) >= 5 and _word_equal(h, w)) or feat.abbrev[i]:
                        pairs.append((i, j))
    if not pairs:
        return 0, -1, -1
    pairs.sort(key=lambda p: (p[0], -p[1]))
    return _lis(pairs)


def _expand_pages(text: str) -> str:
    """``1425-37`` -> ``1425-1437`` (abbreviated last pages), as Crossref's matcher does."""

    def repl(m: re.Match[str]) -> str:
        first, last = m.group(1), m.group(2)
        if len(first) > len(last) and int(first[-len(last) :]) <= int(last):
            last = first[: len(first) - len(last)] + last
        return f"{first}-{last}"

    return _PAGE_RANGE.sub(repl, text)


def _numbers(text: str) -> list[str]:
    return [str(int(d)) for d in _DIGITS.findall(text) if len(d) <= 9]


def clean_reference_text(raw: str) -> str:
    """The reference string without its list marker, DOIs, URLs, identifiers and access dates."""
    text = _LIST_MARKER.sub("", raw)
    text = strip_identifiers(_ACCESS_RE.sub(" ", text))
    text = re.sub(r"\[(?:Электронный ресурс|Electronic resource|Электрондық ресурс)\]", " ", text, flags=re.I)
    text = re.sub(r"\bURL\s*:?", " ", text)
    return " ".join(text.split())


# --- the reference side -------------------------------------------------------------------------


@dataclass
class RefFeatures:
    """What a reference offers for comparison, computed once and reused for every candidate."""

    text: str  # cleaned reference text (raw string, or one synthesised from the fields)
    tokens: list[str]  # folded words, in order
    abbrev: list[bool]  # may the word stand for a longer one ("J.", "Biol")
    cyr: list[bool]  # was the word written in Cyrillic
    skeletons: list[str]
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
    toks = _tokens(text)
    words = [t.text for t in toks]
    numbers = Counter(_numbers(_expand_pages(text)))
    years = {int(y) for y in _YEAR.findall(text)}
    if ref.year and not years:
        years.add(ref.year)
    families: list[str] = []
    for name in ref.author:
        base = name.family or name.literal
        if base:
            parts = [w for w in _words(base) if len(w) > 1]
            if parts:
                families.append(max(parts, key=len))
    title_words: list[str] = []
    if ref.title:
        letters = [c for c in ref.title if c.isalpha()]
        cyrillic = sum(1 for c in letters if _CYRILLIC.match(c))
        if not letters or cyrillic * 2 < len(letters):
            title_words = _words(ref.title)
    content = [
        i for i, t in enumerate(toks) if len(t.text) > 1 and t.text.isalpha() and t.text not in _STYLE_WORDS
    ]
    part_of: set[int] = set()
    head, sep, _ = text.partition("//")
    if sep:
        part_of.add(len(_tokens(head)))
    for m in _PART_RE.finditer(text):
        part_of.add(len(_tokens(text[: m.end()])))
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
        skeletons=[_skeleton(w) for w in words],
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
    if _CYRILLIC.search(text):
        latin = " ".join(_fold(w) for w in _CYRILLIC_WORD.findall(text))
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


# --- the candidate side -------------------------------------------------------------------------


def _first(value: Any) -> str | None:
    if isinstance(value, str):
        return _strip(value) if value.strip() else None
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return _strip(value) if isinstance(value, str) and value.strip() else None


@functools.lru_cache(maxsize=1 << 16)
def _strip(text: str) -> str:
    return strip_markup(text)


def _years_of(record: Mapping[str, Any]) -> set[int]:
    out: set[int] = set()
    for key in ("issued", "published-print", "published-online", "published"):
        parts = record.get(key, {}).get("date-parts") if isinstance(record.get(key), Mapping) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            y = parts[0][0]
            if isinstance(y, int):
                out.add(y)
    return out


def _family_of(person: Mapping[str, Any]) -> str | None:
    base = person.get("family") or person.get("name")
    if not isinstance(base, str):
        return None
    parts = [w for w in _words(base) if len(w) > 1]
    return max(parts, key=len) if parts else None


@dataclass
class Evidence:
    """One candidate compared with the reference: agreement per field (None: not comparable)."""

    doi: str
    score: float
    fields: dict[str, float | None]
    support: float
    supporting_fields: list[str]
    title_evidence: bool
    veto: str | None = None
    search_score: float | None = None

    def to_json(self) -> dict[str, Any]:
        """A candidate as stored under ``custom.refman.match.candidates``."""
        out: dict[str, Any] = {
            "DOI": self.doi,
            "score": round(self.score, 3),
            "supporting_fields": self.supporting_fields,
            "fields": {k: round(v, 2) for k, v in self.fields.items() if v is not None},
        }
        if self.veto:
            out["veto"] = self.veto
        if self.search_score is not None:
            out["search_score"] = round(self.search_score, 3)
        return out


def _names_of(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    for role in ("author", "editor"):
        people = record.get(role)
        if isinstance(people, list):
            named = [p for p in people if isinstance(p, Mapping) and (p.get("family") or p.get("name"))]
            if named:
                return named
    return []


def _author_hits(feat: RefFeatures, families: Sequence[str]) -> list[tuple[float, int]]:
    """For each candidate surname, the best similarity to a word of the reference and its position."""
    hits: list[tuple[float, int]] = []
    for name in families:
        skel = _skeleton(name)
        best, where = 0.0, -1
        for i in feat.content:
            word = feat.tokens[i]
            if word == name:
                best, where = 1.0, i
                break
            if abs(len(word) - len(name)) > 2 or best >= 0.95:
                continue
            if feat.skeletons[i] == skel:
                sim = 0.95
            else:
                n = min(len(skel), len(feat.skeletons[i]))
                if n >= 4 and _one_edit(skel, feat.skeletons[i]):
                    sim = 0.85
                elif (
                    n >= 6
                    and _near(skel, feat.skeletons[i])
                    and _edit_distance(skel, feat.skeletons[i], 2) <= 2
                ):
                    sim = 0.75
                else:
                    continue
            if sim > best:
                best, where = sim, i
        hits.append((best, where))
    return hits


def _author_agreement(
    feat: RefFeatures, families: Sequence[str], hits: Sequence[tuple[float, int]]
) -> float | None:
    if not families or not feat.content:
        return None
    first_window = feat.content[:6]
    first, pos = hits[0]
    if pos not in first_window:
        first *= 0.9  # the name occurs, but not where the first author is written
    if feat.family_names:
        first = max(first, _name_similarity(families[0], feat.family_names[0]))
    if first < 0.75:
        # authors listed in another order, or the first one misspelt beyond repair
        others = max((h[0] for h in hits[1:3]), default=0.0)
        return max(first * 0.8, 0.5 * others) if others >= 0.75 else first * 0.8
    rest = hits[1:3]
    if not rest:
        return first
    found = sum(1 for h in rest if h[0] >= 0.75)
    if found == len(rest) or feat.etal:
        return first
    return first * (0.85 + 0.15 * found / len(rest))


def _author_zone(feat: RefFeatures, hits: Sequence[tuple[float, int]]) -> int:
    """The last position of the run of author names that opens the reference (-1: none found):
    every word in it is a name or an initial, even a misspelt one."""
    positions = sorted(pos for sim, pos in hits if sim >= 0.75 and pos >= 0)
    if not positions or positions[0] > 8:
        return -1
    end = positions[0]
    for pos in positions[1:]:
        if pos - end > 6:
            break
        end = pos
    return end


def _explained(feat: RefFeatures, record: Mapping[str, Any], hits: Sequence[tuple[float, int]]) -> set[int]:
    """Positions of reference words accounted for by the candidate's names, container, publisher."""
    zone = _author_zone(feat, hits)
    done = {pos for sim, pos in hits if sim >= 0.75}
    done.update(i for i in feat.content if i <= zone)
    known: set[str] = set()
    for role in ("author", "editor", "translator"):
        people = record.get(role)
        if not isinstance(people, list):
            continue
        for person in people[:60]:
            if not isinstance(person, Mapping):
                continue
            for key in ("given", "family", "name"):
                value = person.get(key)
                if isinstance(value, str):
                    known.update(_name_words(value))
    words: list[str] = []
    for key in ("container-title", "short-container-title", "publisher", "publisher-location", "group-title"):
        value = _first(record.get(key))
        if value:
            words.extend(_words(value))
    event = record.get("event")
    if isinstance(event, Mapping):
        for key in ("name", "location", "acronym"):
            if isinstance(event.get(key), str):
                words.extend(_words(event[key]))
    known.update(words)
    for i in feat.content:
        if i in done:
            continue
        w = feat.tokens[i]
        if w in known or (feat.abbrev[i] and any(_is_abbreviation(w, c) for c in words)):
            done.add(i)
    return done


def _title_agreement(
    feat: RefFeatures, record: Mapping[str, Any], explained: set[int]
) -> tuple[float | None, int, int]:
    """Title evidence, the number of reference words left unexplained by the candidate, and
    where the candidate's title begins in the reference (-1: not found).

    The evidence is None when it cannot tell: no title in the reference, a title in another
    script (a translation), a record without a title for a reference without one.
    """
    region = [i for i in feat.content if i not in explained]
    title = _first(record.get("title"))
    cand = _words(title) if title else []
    if not cand:
        # a record without a title (an issue, a component) for a reference that has one
        return (0.0 if len(region) >= 3 else None), len(region), -1
    subtitle = _first(record.get("subtitle"))
    cand_full = cand + _words(subtitle) if subtitle else cand
    forward = 0.0
    start = -1
    for words in (cand, cand_full) if cand_full is not cand else (cand,):
        n, first, last = _cover_in(words, feat)
        if n:
            span = last - first + 1
            density = n / span if span > 0 else 1.0
            cover = n / len(words) * min(1.0, 0.4 + density)
            # a short, generic title ("Editorial", "Introduction") is weak evidence on its own
            cover *= min(1.0, 0.55 + 0.15 * len(words))
            if cover > forward:
                forward, start = cover, first
        if feat.title_words:
            m, _, _ = _ordered_cover(words, feat.title_words)
            forward = max(forward, 2 * m / (len(words) + len(feat.title_words)))
    have = set(cand_full)
    by_letter: dict[str, list[str]] = {}
    for w in have:
        by_letter.setdefault(w[0], []).append(w)
    left = [
        i
        for i in region
        if feat.tokens[i] not in have
        and not (
            len(feat.tokens[i]) >= 5
            and any(_word_equal(feat.tokens[i], w) for w in by_letter.get(feat.tokens[i][0], ()))
        )
    ]
    if forward >= 0.5:
        return forward, len(left), start
    if len(region) <= 1:
        return None, len(region), -1  # the reference gives no title (or one word of it)
    cyrillic = sum(1 for i in region if feat.cyr[i])
    if cyrillic >= 2 and cyrillic * 2 >= len(region) and not _CYRILLIC.search(title or ""):
        # a title in another script: a translation is not evidence either way
        return None, len(region) - cyrillic, -1
    # the reference's remaining words, read as its title: how much of it the candidate's title has
    backward = (len(region) - len(left)) / len(region) * min(1.0, len(region) / 3)
    return max(forward, backward), len(left), start


def _container_agreement(feat: RefFeatures, record: Mapping[str, Any]) -> float | None:
    best: float | None = None
    for key in ("container-title", "short-container-title"):
        name = _first(record.get(key))
        words = _words(name) if name else []
        if not words:
            continue
        n, _, _ = _cover_in(words, feat, abbreviations=True)
        value = n / len(words)
        best = value if best is None else max(best, value)
    return best


def _publisher_agreement(feat: RefFeatures, record: Mapping[str, Any]) -> float | None:
    name = _first(record.get("publisher"))
    words = _words(name) if name else []
    if not words:
        return None
    have = set(feat.tokens)
    return sum(1 for w in words if w in have) / len(words)


def compare(feat: RefFeatures, record: Mapping[str, Any], search_score: float | None = None) -> Evidence:
    """Compare one Crossref work with a reference: per-field agreement, score and support."""
    doi = normalise_doi(str(record.get("DOI", ""))) or ""
    fields: dict[str, float | None] = {}
    numbers = Counter(feat.numbers)

    def take(values: Iterable[str]) -> bool:
        vals = [v for v in values if v]
        if not vals or any(numbers[v] <= 0 for v in vals):
            return False
        for v in vals:
            numbers[v] -= 1
        return True

    # year: exact, +-1 (half), or a disagreement
    years = _years_of(record)
    if years and feat.years:
        if years & feat.years:
            fields["year"] = 1.0
            take([str(sorted(years & feat.years)[0])])
        elif any(abs(y - r) <= 1 for y in years for r in feat.years):
            fields["year"] = 0.5
            take([str(sorted(r for r in feat.years if any(abs(y - r) <= 1 for y in years))[0])])
        else:
            fields["year"] = 0.0
    else:
        fields["year"] = None

    volume = _first(record.get("volume"))
    vol_numbers = _numbers(volume) if volume else []
    if vol_numbers:
        # a volume equal to the year is written once in many styles
        if years and len(vol_numbers) == 1 and int(vol_numbers[0]) in years and numbers[vol_numbers[0]] == 0:
            fields["volume"] = None  # the year again: no independent evidence
        else:
            fields["volume"] = 1.0 if take(vol_numbers) else 0.0
    else:
        fields["volume"] = None

    issue = _first(record.get("issue"))
    issue_numbers = _numbers(issue) if issue else []
    fields["issue"] = (1.0 if take(issue_numbers) else 0.0) if issue_numbers else None

    page = _first(record.get("page")) or _first(record.get("article-number"))
    page_numbers = _numbers(_expand_pages(page)) if page else []
    if page_numbers:
        first_ok = take(page_numbers[:1])
        last_ok = take(page_numbers[1:2]) if len(page_numbers) > 1 else first_ok
        fields["page"] = 1.0 if first_ok and last_ok else 0.7 if first_ok else 0.0
    else:
        fields["page"] = None

    title_text = _first(record.get("title")) or ""
    # numbers inside the candidate's title ("COVID-19", "46-Year-Old") are explained by it
    for n in _numbers(title_text):
        if numbers[n] > 0:
            numbers[n] -= 1

    people = _names_of(record)
    families = [f for f in (_family_of(p) for p in people[:20]) if f]
    hits = _author_hits(feat, families)
    fields["author"] = _author_agreement(feat, families, hits)
    explained = _explained(feat, record, hits)
    title_value, residue, title_start = _title_agreement(feat, record, explained)
    fields["title"] = title_value

    ctype = str(record.get("type", ""))
    is_book = ctype in _BOOK_TYPES
    if is_book:
        fields["container"] = None
        fields["publisher"] = _publisher_agreement(feat, record)
    else:
        fields["container"] = _container_agreement(feat, record)
        fields["publisher"] = None

    unexplained = sum(c for c in numbers.values() if c > 0)
    num = 0.0
    den = UNEXPLAINED_WEIGHT * min(unexplained, 3) + RESIDUE_WEIGHT * min(residue, 8)
    support = 0.0
    supporting: list[str] = []
    for name, value in fields.items():
        if value is None:
            continue
        w = WEIGHTS[name]
        num += w * value
        den += w
        if value >= SUPPORT_LEVEL[name]:
            support += 1.0
            supporting.append(name)
        elif name == "year" and value >= 0.5:
            support += 0.5
            supporting.append("year~1")
        elif name == "page" and value >= 0.7 and page_numbers[:1] != ["1"]:
            support += 0.5
            supporting.append("page~first")
    score = num / den if den else 0.0

    authors_found = sum(1 for sim, _ in hits[:6] if sim >= SUPPORT_LEVEL["author"])
    if authors_found >= 3 and (fields["author"] or 0.0) >= SUPPORT_LEVEL["author"]:
        support += 0.5  # three or more of the authors, not just the first
        supporting.append(f"authors:{authors_found}")
    title_evidence = title_value is not None and title_value >= SUPPORT_LEVEL["title"]
    if (
        title_evidence
        and title_value is not None
        and title_value >= STRONG_TITLE
        and len(_words(title_text)) >= 4
    ):
        support += 0.5  # a long title found word for word is worth more than one number
    veto = None
    author_value = fields["author"]
    if title_value is not None and title_value < TITLE_DISAGREES:
        veto = "the title disagrees"
    elif is_book and title_start >= 0 and (title_start in feat.part_of or title_start - 1 in feat.part_of):
        veto = "the reference is a part of this book (its title follows 'In' or '//')"
    elif author_value is not None and author_value < 0.5 and not title_evidence:
        veto = "the first author disagrees and the title is no evidence"
    elif fields["page"] == 0.0 and unexplained and not title_evidence:
        veto = "the pages disagree and the title is no evidence"
    elif fields["year"] == 0.0 and not title_evidence:
        veto = "the year disagrees and the title is no evidence"
    elif not title_evidence and (author_value is None or author_value < SUPPORT_LEVEL["author"]):
        veto = "neither the title nor the authors agree"
    return Evidence(
        doi=doi,
        score=score,
        fields=fields,
        support=support,
        supporting_fields=supporting,
        title_evidence=title_evidence,
        veto=veto,
        search_score=search_score,
    )


def _acceptable(ev: Evidence) -> bool:
    need = MIN_SUPPORT if ev.title_evidence else MIN_SUPPORT_WITHOUT_TITLE
    return ev.veto is None and ev.support >= need and ev.score >= ACCEPT_SCORE


# --- decisions ----------------------------------------------------------------------------------


@dataclass
class MatchResult:
    """The decision for one reference: status, the accepted DOI (if any) and the evidence."""

    status: str  # "matched" | "ambiguous" | "unmatched"
    doi: str | None = None
    score: float = 0.0
    supporting_fields: list[str] = field(default_factory=list)
    candidates: list[Evidence] = field(default_factory=list)
    reason: str | None = None
    record: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """The object stored as ``custom.refman.match``."""
        out: dict[str, Any] = {"status": self.status, "score": round(self.score, 3)}
        if self.doi:
            out["DOI"] = self.doi
        out["supporting_fields"] = self.supporting_fields
        if self.reason:
            out["reason"] = self.reason
        if self.candidates:
            out["candidates"] = [c.to_json() for c in self.candidates]
        out["matcher"] = MATCHER_VERSION
        return out


def match_candidates(ref: Reference | RefFeatures, candidates: Sequence[Mapping[str, Any]]) -> MatchResult:
    """Choose among search candidates (Crossref work records, best first) for a reference."""
    feat = ref if isinstance(ref, RefFeatures) else ref_features(ref)
    if not candidates:
        return MatchResult("unmatched", reason="no candidates")
    evidence = [
        compare(feat, c, float(c["score"]) if isinstance(c.get("score"), (int, float)) else None)
        for c in candidates
        if isinstance(c, Mapping) and c.get("DOI")
    ]
    if not evidence:
        return MatchResult("unmatched", reason="no candidates")
    records = {normalise_doi(str(c.get("DOI"))) or "": c for c in candidates if isinstance(c, Mapping)}
    order = sorted(range(len(evidence)), key=lambda i: (-evidence[i].score, -evidence[i].support, i))
    ranked = [evidence[i] for i in order]
    best = ranked[0]
    top = ranked[:3]
    if _acceptable(best):
        rivals = [e for e in ranked[1:] if _acceptable(e) and e.score >= best.score - AMBIGUITY_MARGIN]
        if rivals:
            return MatchResult(
                "ambiguous",
                score=best.score,
                supporting_fields=best.supporting_fields,
                candidates=[best, *rivals[:2]],
                reason="several candidates agree about equally well",
            )
        return MatchResult(
            "matched",
            doi=best.doi,
            score=best.score,
            supporting_fields=best.supporting_fields,
            candidates=top,
            record=records.get(best.doi),
        )
    review = [e for e in ranked if e.veto is None and e.score >= REVIEW_SCORE and e.support >= REVIEW_SUPPORT]
    if review:
        return MatchResult(
            "ambiguous",
            score=review[0].score,
            supporting_fields=review[0].supporting_fields,
            candidates=review[:3],
            reason="best candidate is below the acceptance threshold or lacks supporting fields",
        )
    return MatchResult(
        "unmatched",
        score=best.score,
        candidates=top,
        reason="no candidate agrees with the reference",
    )


def validate_doi_record(ref: Reference | RefFeatures, record: Mapping[str, Any]) -> MatchResult:
    """A DOI the reference gives, checked against its record: matched unless the record clearly
    describes another work (title and first author both disagree), then ambiguous."""
    feat = ref if isinstance(ref, RefFeatures) else ref_features(ref)
    ev = compare(feat, record)
    has_content = len(feat.content) >= 4
    title, author = ev.fields.get("title"), ev.fields.get("author")
    title_disagrees = title is not None and title < TITLE_DISAGREES
    author_disagrees = author is not None and author < 0.5
    if has_content and title_disagrees and author_disagrees:
        return MatchResult(
            "ambiguous",
            score=ev.score,
            supporting_fields=["DOI", *ev.supporting_fields],
            candidates=[ev],
            reason="the DOI given resolves to a record whose title and authors disagree with the reference",
        )
    return MatchResult(
        "matched",
        doi=ev.doi,
        score=max(ev.score, 1.0 if not has_content else ev.score),
        supporting_fields=["DOI", *ev.supporting_fields],
        candidates=[ev],
        record=record,
    )
