"""Find and merge duplicate references, safely for Cyrillic, with every merge explained (pure).

The pipeline, for ``n`` references:

1. **Features** (:class:`_Rec`, once per reference): normalised DOI (and its version family),
   ISBN-13, arXiv id, title tokens under :func:`~refman.normalise.fold_key` (the same for a
   Cyrillic title and its GOST/BGN/BSI/Kazakh-Latin romanisations; the English translation in
   ``[...]`` and the attached romanised copy are extra variants), author surnames and initials,
   year, container, volume, pages, type, edition and flags (erratum, retraction, review,
   preprint, part number).
2. **Blocking** (near-linear): references share a block when they share a DOI family, ISBN,
   arXiv id, the first three or the last three significant title words of any variant, or the
   first author's surname plus the year. Blocks larger than ``max_block`` are compared only
   within a sliding window over the title key, so the number of comparisons stays ~linear.
3. **Pairwise evidence** (:func:`compare`): per-field agreement, then hard "not the same" rules
   (two different DOIs; different editions or ISBNs of a book; a chapter and a book; a thesis,
   report or review and something else; an erratum, retraction notice or review and the work
   itself; Part I and Part II; different numbers in the titles; a preprint and a journal version
   that no ``custom.relation`` links; two pages of one web site; a translation and its
   original), then acceptance rules with explicit thresholds. Each pair gets ``same``, ``maybe``
   (goes to the review list, never merged) or ``different``, with the rule and the evidence.
4. **Clusters**: union-find over ``same`` pairs, strongest first, refusing any union that would
   put two references with a hard conflict, a journal-vs-conference pair (or two DOI
   families) in one cluster.
5. **Merge**: one item per cluster; the most complete reference is the base and empty fields
   are filled from the others; ``custom.refman.merged_from`` lists every input id,
   ``custom.refman.merge`` says which pairs and rules linked them, which source gave which field,
   and keeps every source's raw string and provenance.

A false merge loses a reference, so the rules are asymmetric: anything uncertain becomes a
review pair instead of a merge.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from refman.identifiers import (
    doi_family,
    find_arxiv_id,
    find_isbns,
    is_preprint_doi,
    normalise_doi,
    url_key,
)
from refman.keys import STOP_WORDS
from refman.model import Name, Reference
from refman.normalise import (
    ETAL,
    PLACEHOLDERS,
    fold_key,
    has_cyrillic,
    page_range,
    parse_year,
    title_key,
)

__all__ = [
    "MAYBE_TITLE",
    "SAME_TITLE",
    "DedupeOptions",
    "DedupeResult",
    "Merge",
    "PairDecision",
    "UserDecision",
    "compare",
    "dedupe",
]

Decision = Literal["same", "maybe", "different"]

#: Title similarity (soft token Dice on fold keys) from which titles count as the same.
SAME_TITLE = 0.9
#: Title similarity from which a pair with strong other evidence may still be the same.
MAYBE_TITLE = 0.75
#: A shorter title whose every significant word is in the longer one (a dropped subtitle or
#: trailing venue words) counts as contained when it has at least this many significant words.
CONTAINED_MIN_WORDS = 4
#: Titles with at most this many significant words need more than title + authors to merge.
SHORT_TITLE_WORDS = 3
#: Rules (besides the hard conflicts) whose pairs are never joined through a chain of others,
#: whether decided "different" or sent to review.
FORBID_RULES = frozenset({"weak", "venue-conflict"})
#: At most this many authors of each list are compared.
MAX_AUTHORS = 12

# --- vocabularies (data) ------------------------------------------------------------------------


def _keys(words: str) -> frozenset[str]:
    return frozenset(fold_key(w) for w in words.split("|") if fold_key(w))


_STOP = frozenset(k for w in STOP_WORDS for k in fold_key(w).split()) | _keys("of|the|and|a|an")
_JOURNAL_WORDS = _keys(
    "journal|j|jour|transactions|trans|letters|lett|magazine|mag|bulletin|bull|annals|ann|review|rev|"
    "quarterly|acta|zeitschrift|revue|rivista|newsletter|вестник|журнал|известия|хабаршысы|хабаршы|"
    "жаршысы|бюллетень|бюллетені|записки|доклады"
)
_CONF_WORDS = _keys(
    "proceedings|proc|conference|conf|workshop|symposium|symp|congress|colloquium|meeting|"
    "материалы|конференции|конференция|симпозиум|семинар|конгресс|съезд|форум|конференциясы|"
    "конференциясының|материалдары"
)
_GENERIC_TITLES = frozenset(
    title_key(t)
    for t in [
        "introduction",
        "editorial",
        "preface",
        "foreword",
        "book review",
        "book reviews",
        "review",
        "reply",
        "response",
        "discussion",
        "comment",
        "comments",
        "commentary",
        "letter",
        "letter to the editor",
        "index",
        "errata",
        "erratum",
        "corrigendum",
        "abstracts",
        "news",
        "obituary",
        "in memoriam",
        "announcement",
        "conclusion",
        "summary",
        "guest editorial",
        "editor's note",
        "editors' note",
        "acknowledgements",
        "acknowledgments",
        "contents",
        "введение",
        "предисловие",
        "от редакции",
        "рецензия",
        "заключение",
        "содержание",
        "некролог",
        "хроника",
        "кіріспе",
        "алғысөз",
        "қорытынды",
        "мазмұны",
    ]
)
_ERRATUM = re.compile(
    r"^(?:erratum|errata|corrigendum|corrigenda|correction|addendum|author correction|publisher correction"
    r"|опечатк|исправлени|поправк|түзету)|\b(?:erratum|corrigendum|correction to|опечатки в)\b"
)
_RETRACTION = re.compile(
    r"^(?:retraction|retracted|withdrawn|expression of concern|notice of retraction|ретракция|отзыв статьи)"
    r"|\bretraction (?:note|notice)\b"
)
_REVIEW = re.compile(
    r"^(?:book review|review of|reviewed work|рецензия|рец на|отзыв на|пікір)|\bbook review\b"
)
_PART = re.compile(
    r"\b(?:part|pt|часть|ч|бөлім|том|т|volume|vol|book|книга|кітап|выпуск|вып|section|раздел|phase|этап)"
    r"\s*(\d{1,3}|[ivxlc]{1,6})\b"
    r"|\b(\d{1,3}|[ivxlc]{1,6})\s*(?:бөлім|часть|том|кітап)\b"
)
_EDITION_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "первое": 1,
    "второе": 2,
    "третье": 3,
    "четвертое": 4,
    "пятое": 5,
    "бірінші": 1,
    "екінші": 2,
    "үшінші": 3,
    "төртінші": 4,
}
_DIGITS = re.compile(r"\d+")
_NUMBER_TOKEN = re.compile(r"(?<![\w])\d+(?![\w])")
_REVIEW_MARK = re.compile(
    r"^\s*(?:book review|review of|reviewed works?|рецензия на|рецензия|рец\.? на)\s*[:.–—-]?\s*"
    r"|\s*[–—:-]\s*book review\s*$|\s*\(book review\)\s*$",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(?:tutorial|foreword|preface|panel|keynote|invited talk|invited paper|demo|demonstration|poster)"
    r"\s*:\s*",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\s*\([^()]{1,80}\)")
_RECURRING = re.compile(
    r"\bcolumn\b|^editorial\b|\beditor s? ?(?:note|notes|message|introduction|foreword)\b|\bchair s message\b"
    r"|^letter from\b|^in this issue\b|^from the editor"
)
_BRACKETED = re.compile(r"\s*\[([^\[\]]{3,})\]\s*\.?$")
_PARALLEL = re.compile(r"\s+=\s+")
_PREPRINT_WORDS = re.compile(
    r"arxiv|biorxiv|medrxiv|ssrn|preprint|research square|chemrxiv|techrxiv|psyarxiv|socarxiv|osf preprints"
    r"|препринт",
    re.IGNORECASE,
)
_SAME_VERSION_RELATIONS = frozenset(
    {"is-preprint-of", "has-preprint", "is-version-of", "has-version", "is-identical-to", "is-same-as"}
)

_TYPE_GROUP = {
    "book": "book",
    "thesis": "thesis",
    "report": "report",
    "review": "review",
    "review-book": "review",
    "webpage": "web",
    "post": "web",
    "post-weblog": "web",
    "chapter": "part",
    "entry": "part",
    "entry-dictionary": "part",
    "entry-encyclopedia": "part",
    "paper-conference": "part",
    "article": "part",
    "article-journal": "part",
    "article-magazine": "part",
    "article-newspaper": "part",
    "patent": "patent",
    "dataset": "dataset",
    "software": "software",
    "standard": "standard",
    "legislation": "legal",
    "legal_case": "legal",
    "map": "map",
}
_TYPE_VENUE_KIND = {"article-journal": "journal", "paper-conference": "conference"}
# Groups that are never the same publication as each other (pairs are unordered).
_TYPE_CONFLICTS = frozenset(
    frozenset(p)
    for p in (
        ("book", "part"),
        ("book", "report"),
        ("book", "web"),
        ("thesis", "part"),
        ("thesis", "book"),
        ("thesis", "report"),
        ("report", "part"),
        ("review", "book"),
        ("review", "part"),
        ("review", "thesis"),
        ("patent", "part"),
        ("patent", "book"),
        ("standard", "part"),
        ("standard", "book"),
        ("legal", "part"),
        ("legal", "book"),
        ("web", "part"),
        ("dataset", "part"),
        ("software", "part"),
    )
)

# Rules whose "different" is a hard conflict: such pairs are never put in one cluster.
_HARD = frozenset(
    {
        "doi-conflict",
        "doi-version-title",
        "isbn-conflict",
        "edition-conflict",
        "type-conflict",
        "erratum",
        "retraction",
        "review",
        "part-conflict",
        "title-numbers",
        "preprint-unlinked",
        "web-pages",
        "translation",
        "relation-other",
        "author-conflict",
        "initials-conflict",
    }
)

# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DedupeOptions:
    """Tuning of blocking (not of the decision rules, which are fixed and documented).

    ``max_block``: blocks with more references than this are compared only within a sliding
    ``window`` over the sorted title key. ``author_year_blocks``: also block on first author +
    year (catches titles that differ in their first and last words).
    """

    max_block: int = 50
    window: int = 10
    author_year_blocks: bool = True


@dataclass(frozen=True)
class UserDecision:
    """A person's ruling on two input ids: ``same`` (merge them, whatever the rules say) or not
    (never put them in one item). ``note`` says why, for the record."""

    a: str
    b: str
    same: bool
    note: str = ""

    def to_json(self) -> dict[str, str]:
        """``{"a", "b", "decision": "same"|"different", "note"?}`` (the decisions file's shape)."""
        out = {"a": self.a, "b": self.b, "decision": "same" if self.same else "different"}
        return out | ({"note": self.note} if self.note else {})


@dataclass
class PairDecision:
    """The decision on one pair of references: ``same``, ``maybe`` or ``different``.

    ``rule`` names the rule that decided it (see :func:`compare`); ``score`` is 0..1 (title,
    authors, year and venue agreement, 1.0 for identifier matches); ``evidence`` holds the
    per-field findings the rule used.
    """

    a: str
    b: str
    decision: Decision
    rule: str
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def hard(self) -> bool:
        """True when this is a "never the same" conflict (not merely too little evidence)."""
        return self.decision == "different" and self.rule in _HARD

    def explain(self) -> str:
        """One line for people: ``a = b: same DOI 10.1/x; title 1.00; authors 2/2; year 2020``."""
        sign = {"same": "=", "maybe": "?", "different": "≠"}[self.decision]
        parts = [f"{self.a} {sign} {self.b}: {_RULE_TEXT.get(self.rule, self.rule)}"]
        ev = self.evidence
        if "doi" in ev:
            parts.append(f"DOI {ev['doi']}")
        if "title" in ev:
            parts.append(f"title {ev['title']:.2f}")
        if "authors" in ev:
            parts.append(f"authors {ev['authors']}")
        if "year" in ev:
            parts.append(f"year {ev['year']}")
        if "venue" in ev:
            parts.append(f"venue {ev['venue']}")
        if "pages" in ev:
            parts.append(f"pages {ev['pages']}")
        if "why" in ev:
            parts.append(str(ev["why"]))
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """A JSON object: ``{"a", "b", "decision", "rule", "score", "evidence", "explanation"}``."""
        return {
            "a": self.a,
            "b": self.b,
            "decision": self.decision,
            "rule": self.rule,
            "score": round(self.score, 4),
            "evidence": dict(self.evidence),
            "explanation": self.explain(),
        }


_RULE_TEXT = {
    "user": "a person said they are the same",
    "doi": "same DOI",
    "doi-version": "versions of one DOI (.pubN/.vN) with the same title",
    "doi-unsure": "same DOI but title and authors differ",
    "doi-conflict": "different DOIs",
    "doi-version-title": "versions of one DOI with different titles",
    "isbn": "same ISBN",
    "isbn-conflict": "different ISBNs of a book",
    "arxiv": "same arXiv id",
    "relation": "linked by custom.relation",
    "relation-other": "custom.relation says they are different works",
    "edition-conflict": "different editions",
    "type-conflict": "incompatible types",
    "erratum": "an erratum/correction and a paper",
    "retraction": "a retraction notice and a paper",
    "review": "a review and the reviewed work",
    "part-conflict": "different parts (Part I / Part II)",
    "title-numbers": "different numbers in the titles",
    "preprint-unlinked": "a preprint and a version of record not linked by custom.relation",
    "web-pages": "different pages of a web site",
    "translation": "a translation and another edition",
    "author-conflict": "different authors",
    "initials-conflict": "same surname, different given names",
    "venue-conflict": "different kinds of venue (journal vs conference)",
    "title": "same title, authors and year",
    "title-year1": "same title, authors and venue; years one apart (online first)",
    "title-contained": "one title contains the other; same authors and year",
    "title-fields": "similar titles; same authors, year and venue details",
    "no-title": "no title; same authors, year, venue, volume and first page",
    "locator": "same venue, volume, first page, authors and year (a citation locator)",
    "url": "same URL and title",
    "weak": "not enough agreement",
    "title-differs": "different titles",
    "uncertain": "similar, but not enough evidence to merge",
    "details-differ": "same title, but volume or pages differ",
}


@dataclass
class Merge:
    """One merged cluster: the output ``id``, the input ids it stands for, and why."""

    id: str
    merged_from: list[str]
    primary: str
    pairs: list[PairDecision]
    fields: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        """A JSON object for reports: ``{"id", "merged_from", "primary", "fields", "pairs"}``."""
        return {
            "id": self.id,
            "merged_from": list(self.merged_from),
            "primary": self.primary,
            "fields": dict(self.fields),
            "pairs": [p.to_json() for p in self.pairs],
        }


@dataclass
class DedupeResult:
    """What :func:`dedupe` found: merged ``items`` in input order, the ``merges``, the ``review``
    pairs (uncertain, not merged), ``id_map`` from every input id to its output id, and counts."""

    items: list[Reference]
    merges: list[Merge]
    review: list[PairDecision]
    id_map: dict[str, str]
    stats: dict[str, int]
    #: User decisions that could not be carried out, each with ``why`` (an unknown id, ...).
    unapplied: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """``{"items": [...CSL...], "merges": [...], "review": [...], "stats": {...}}``, plus
        ``unapplied`` user decisions when there are any."""
        out: dict[str, Any] = {
            "items": [r.to_csl() for r in self.items],
            "merges": [m.to_json() for m in self.merges],
            "review": [p.to_json() for p in self.review],
            "stats": dict(self.stats),
        }
        return out | ({"unapplied": list(self.unapplied)} if self.unapplied else {})


# --- features -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Title:
    tokens: tuple[str, ...]  # significant fold-key tokens, in order
    token_set: frozenset[str]
    joined: str  # all fold-key tokens without spaces (catches split/joined words)
    words: int  # number of words (stop words included)


@dataclass(frozen=True)
class _Author:
    family: str  # fold key, no spaces
    family_tokens: frozenset[str]
    initials: frozenset[str]  # fold-key letters the first given name may start with; empty: unknown
    tokens: frozenset[str]  # every name token (family and given), for swapped family/given
    lossy: bool  # letters lost to "?" or U+FFFD (a broken encoding)


class _Folder:
    """:func:`fold_key` with a memo for one run (names and venues repeat a lot)."""

    def __init__(self) -> None:
        self.memo: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        found = self.memo.get(text)
        if found is None:
            found = fold_key(text)
            if len(self.memo) < 500_000:
                self.memo[text] = found
        return found


_PLACEHOLDER_KEYS = frozenset(fold_key(p) for p in PLACEHOLDERS)


class _Rec:
    """Everything compare() needs about one reference, computed once."""

    __slots__ = (
        "arxiv",
        "authors",
        "cyrillic",
        "doi",
        "doi_fam",
        "edition",
        "erratum",
        "et_al",
        "first_page",
        "generic",
        "group",
        "id",
        "index",
        "isbns",
        "issue",
        "language",
        "last_page",
        "numbers",
        "parts",
        "placeholder",
        "preprint",
        "relations",
        "retraction",
        "review",
        "titles",
        "translated",
        "url",
        "venue",
        "venue_cyr",
        "venue_kind",
        "volume",
        "year",
    )

    def __init__(self, index: int, ref: Reference, fold: _Folder | None = None) -> None:
        fold = fold or _Folder()
        self.index = index
        self.id = ref.id
        self.doi = normalise_doi(ref.DOI) if ref.DOI else None
        if self.doi is None and ref.URL and "10." in ref.URL and "doi" in ref.URL.lower():
            self.doi = normalise_doi(ref.URL)
        self.doi_fam = doi_family(self.doi) if self.doi else None
        self.group = _TYPE_GROUP.get(ref.type)
        self.isbns = frozenset(find_isbns(ref.ISBN))
        arxiv_text = " ".join(t for t in (ref.URL, ref.number, str(ref.extra.get("arxiv") or "")) if t)
        self.arxiv = find_arxiv_id(arxiv_text) if "arxiv" in arxiv_text.lower() else None
        if self.arxiv is None:
            self.arxiv = find_arxiv_id(self.doi)
        title = ref.title or ""
        self.cyrillic = has_cyrillic(title)
        self.titles = _title_variants(ref, fold)
        main = self.titles[0] if self.titles else None
        key = title_key(title) if title else ""
        self.placeholder = main is None or not main.tokens or key in PLACEHOLDERS
        container = ref.container_title or ""
        if not container and self.group in ("book", "thesis", "report"):
            container = ref.publisher or ""
        ckey = fold(container) if container else ""
        if main is not None and ckey and fold(title) == ckey:
            self.placeholder = True  # the "title" is the journal's name
        self.venue = tuple(t for t in ckey.split() if t not in _STOP)
        if all(t.isdigit() for t in self.venue):
            self.venue = ()
        self.venue_cyr = has_cyrillic(container) if container else False
        vset = frozenset(self.venue)
        is_journal = bool(vset & _JOURNAL_WORDS)
        is_conf = bool(vset & _CONF_WORDS)
        self.venue_kind = (
            "journal" if is_journal and not is_conf else "conference" if is_conf and not is_journal else None
        )
        if self.venue_kind is None and self.venue:
            # No telling word in the venue's name: its type says which kind it is.
            self.venue_kind = _TYPE_VENUE_KIND.get(ref.type)
        self.authors, self.et_al = _authors(ref.author or ref.editor, fold)
        self.year = ref.year if ref.year is not None else parse_year(ref.issued.raw if ref.issued else None)
        self.volume = _number(ref.volume)
        self.issue = _number(ref.issue)
        rng = page_range(ref.page) if ref.page else None
        self.first_page = rng[0] if rng else None
        self.last_page = rng[1] if rng else None
        self.edition = _edition(ref.edition)
        self.generic = key in _GENERIC_TITLES or bool(_RECURRING.search(key))
        self.erratum = bool(_ERRATUM.search(key))
        self.retraction = bool(_RETRACTION.search(key))
        self.review = bool(_REVIEW.search(key)) or self.group == "review"
        self.numbers = frozenset(str(int(n)) for n in _NUMBER_TOKEN.findall(key) if len(n) <= 6)
        self.parts = _part_numbers(key)
        self.preprint = _is_preprint(ref, self.doi)
        self.url = url_key(ref.URL) if ref.URL and (self.group == "web" or self.group is None) else None
        self.translated = bool(ref.translator)
        self.language = (ref.language or "").split("-")[0].lower() or None
        self.relations = _relations(ref)


def _number(value: str | None) -> int | None:
    if not value:
        return None
    m = _DIGITS.search(value)
    if m:
        return int(m.group(0))
    return _roman(value.strip(" .,").lower())


def _edition(value: str | None) -> int | None:
    if not value:
        return None
    m = _DIGITS.search(value)
    if m:
        return int(m.group(0))
    low = value.lower()
    for word, number in _EDITION_WORDS.items():
        if word in low:
            return number
    return None


_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(text: str) -> int | None:
    """``xxvi`` -> 26; None when ``text`` is not a Roman numeral."""
    if not text or any(c not in _ROMAN_VALUES for c in text):
        return None
    total = 0
    for k, c in enumerate(text):
        value = _ROMAN_VALUES[c]
        total += -value if k + 1 < len(text) and _ROMAN_VALUES[text[k + 1]] > value else value
    return total if total > 0 else None


def _part_numbers(key: str) -> frozenset[str]:
    """Numbers of Part/Vol./Часть/бөлім markers in a title key: ``part ii`` -> ``{"2"}``."""
    found = set()
    for m in _PART.finditer(key):
        value = m.group(1) or m.group(2)
        number = int(value) if value.isdigit() else _roman(value)
        if number is not None:
            found.add(str(number))
    return frozenset(found)


def _make_title(text: str, fold: _Folder) -> _Title | None:
    folded = fold(text)
    if not folded:
        return None
    words = folded.split()
    tokens = tuple(w for w in words if (len(w) > 1 or w.isdigit()) and w not in _STOP)
    if len(tokens) < 2:
        tokens = tuple(w for w in words if len(w) > 1 or w.isdigit()) or tuple(words)
    count = sum(1 for w in words if len(w) > 1 or w.isdigit())
    return _Title(tokens, frozenset(tokens), "".join(words), count)


def _title_variants(ref: Reference, fold: _Folder) -> list[_Title]:
    """The title, then its bracketed translation or parallel title, then the attached romanised copy."""
    texts: list[str] = []
    title = ref.title or ""
    m = _BRACKETED.search(title) if "[" in title else None
    if m and m.start() > 0:
        texts += [title[: m.start()], m.group(1)]
    elif " = " in title:
        texts += _PARALLEL.split(title)
    elif title:
        texts.append(title)
    romanised = ref.refman.romanised
    if isinstance(romanised, dict) and isinstance(romanised.get("title"), str):
        rt = romanised["title"]
        rm = _BRACKETED.search(rt)
        texts += [rt[: rm.start()], rm.group(1)] if rm and rm.start() > 0 else [rt]
    # Variants without annotations: "(Panel Abstract)", "Tutorial:", "– Book Review".
    for text in list(texts):
        low = text.lower()
        for pattern, marker in ((_PARENS, "("), (_LABEL, ":"), (_REVIEW_MARK, "review")):
            if marker not in low and not (marker == "review" and "рец" in low):
                continue
            stripped = pattern.sub(" ", text).strip(" .:–—-")
            if stripped != text.strip() and len(stripped.split()) >= 2:
                texts.append(stripped)
    out: list[_Title] = []
    for text in texts:
        made = _make_title(text, fold)
        if made is not None and made.tokens and all(made.tokens != o.tokens for o in out):
            out.append(made)
    return out


# Given names that open with a Y/J/I + vowel sound (Я, Ю, Ё, Е, Й: Yakov/Jakov/Iakov, Yu./Ju./Iu.)
# fold to their vowel, so an initial written "Y." or "J." may stand for any of these.
_IOTATED_OPENING = frozenset("YJIЯЮЁЕЙЄЇ")
_IOTATED_INITIALS = frozenset("ijaueo")


def _initials(given_text: str, given_key: str) -> frozenset[str]:
    """The letters a given name's fold key may start with, for the "other initials" test."""
    if not given_key or given_text[:1] in ("?", "\ufffd"):
        return frozenset()
    if given_text[:1].upper() in _IOTATED_OPENING:
        return _IOTATED_INITIALS | {given_key[0]}
    return frozenset(given_key[0])


def _authors(names: Sequence[Name], fold: _Folder) -> tuple[tuple[_Author, ...], bool]:
    out: list[_Author] = []
    et_al = False
    for name in names:
        text = name.family or name.literal or ""
        if ETAL.fullmatch(" " + text) or text.strip().lower() in (
            "others",
            "et al",
            "et al.",
            "и др",
            "и др.",
        ):
            et_al = True
            continue
        lossy = "?" in text or "\ufffd" in text
        if lossy:
            text = text.replace("?", "").replace("\ufffd", "")
        family = fold(f"{name.non_dropping_particle} {text}" if name.non_dropping_particle else text)
        if not family or family in _PLACEHOLDER_KEYS:
            continue
        given_text = (name.given or "").strip()
        given = fold(given_text) if given_text else ""
        ftoks = frozenset(t for t in family.split() if len(t) > 1)
        out.append(
            _Author(
                family=family.replace(" ", ""),
                family_tokens=ftoks,
                initials=_initials(given_text, given),
                tokens=ftoks | frozenset(t for t in given.split() if len(t) > 1),
                lossy=lossy,
            )
        )
        if len(out) >= MAX_AUTHORS:
            break
    return tuple(out), et_al


def _is_preprint(ref: Reference, doi: str | None) -> bool:
    if doi and is_preprint_doi(doi):
        return True
    if ref.genre and _PREPRINT_WORDS.search(ref.genre):
        return True
    if ref.type in ("article", "manuscript", "report", "document") and ref.container_title:
        return bool(_PREPRINT_WORDS.search(ref.container_title))
    return bool(
        not ref.container_title
        and ref.URL
        and re.search(r"arxiv\.org|biorxiv\.org|medrxiv\.org|ssrn\.com", ref.URL)
    )


def _relations(ref: Reference) -> dict[str, frozenset[str]]:
    """``custom.relation`` (Crossref vocabulary) as relation type -> ids (DOIs normalised)."""
    raw = ref.custom.get("relation")
    out: dict[str, set[str]] = defaultdict(set)
    if isinstance(raw, dict):
        for rel, targets in raw.items():
            items = targets if isinstance(targets, list) else [targets]
            for item in items:
                value = item.get("id") if isinstance(item, dict) else item
                if isinstance(value, str) and value.strip():
                    out[str(rel)].add(normalise_doi(value) or value.strip())
    return {k: frozenset(v) for k, v in out.items()}


# --- pairwise evidence --------------------------------------------------------------------------


def _within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of a and b is at most ``limit`` (small strings only)."""
    if abs(len(a) - len(b)) > limit:
        return False
    if a == b:
        return True
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        low = i
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, before[j - 2] + 1)  # a transposition ("foruth")
            current.append(value)
            low = min(low, value)
        if low > limit:
            return False
        before, previous = previous, current
    return previous[-1] <= limit


def _close_words(a: str, b: str) -> bool:
    shorter = min(len(a), len(b))
    if shorter >= 8:
        return _within(a, b, 2)
    if shorter >= 4:
        return _within(a, b, 1)
    return False


def _title_similarity(a: _Title, b: _Title) -> tuple[float, float]:
    """Soft Dice over significant words (typos and split words forgiven) and containment."""
    if a.joined == b.joined:
        return 1.0, 1.0
    sa, sb = a.token_set, b.token_set
    common = sa & sb
    ma = mb = len(common)
    rest_a = [t for t in dict.fromkeys(a.tokens) if t not in common]
    rest_b = [t for t in dict.fromkeys(b.tokens) if t not in common]
    if rest_a and rest_b and len(rest_a) * len(rest_b) <= 400:
        used: set[int] = set()
        for x in rest_a:
            for j, y in enumerate(rest_b):
                if j not in used and (x[:1] == y[:1] or x[-2:] == y[-2:]) and _close_words(x, y):
                    used.add(j)
                    ma += 1
                    mb += 1
                    break
        # A word split in one title ("architec ture") and whole in the other.
        for tokens, others, side in ((a.tokens, rest_b, "a"), (b.tokens, rest_a, "b")):
            pairs = {tokens[i] + tokens[i + 1] for i in range(len(tokens) - 1)}
            hits = sum(1 for w in others if w in pairs)
            if hits:
                if side == "a":
                    ma += 2 * hits
                    mb += hits
                else:
                    mb += 2 * hits
                    ma += hits
    na, nb = len(sa), len(sb)
    ma, mb = min(ma, na), min(mb, nb)
    dice = (ma + mb) / (na + nb) if na + nb else 0.0
    contained = max(ma / na if na else 0.0, mb / nb if nb else 0.0)
    return dice, contained


def _best_titles(a: _Rec, b: _Rec) -> tuple[float, float, _Title | None, _Title | None]:
    best: tuple[float, float, _Title | None, _Title | None] = (0.0, 0.0, None, None)
    for ta in a.titles:
        for tb in b.titles:
            dice, contained = _title_similarity(ta, tb)
            if (dice, contained) > best[:2]:
                best = (dice, contained, ta, tb)
            if dice >= 1.0:
                return best
    return best


@dataclass
class _AuthorMatch:
    score: float | None  # matched / shorter list; None when either list is empty
    matched: int
    first: bool | None
    full: bool
    initials_clash: bool


def _subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(c in it for c in short)


def _same_author(x: _Author, y: _Author) -> tuple[bool, bool]:
    """(match, initials clash): same surname (typos forgiven) and compatible first initial."""
    if x.lossy or y.lossy:
        lossy, other = (x, y) if x.lossy else (y, x)
        if (
            lossy.family
            and _subsequence(lossy.family, other.family)
            and len(other.family) - len(lossy.family) <= 3
        ):
            return True, False
    same_family = (
        x.family == y.family
        or bool(
            x.family_tokens & y.family_tokens and min(len(t) for t in x.family_tokens & y.family_tokens) >= 3
        )
        or (
            min(len(x.family), len(y.family)) >= 5
            and x.family[:1] == y.family[:1]
            and _close_words(x.family, y.family)
        )
    )
    if same_family:
        if x.initials and y.initials and not x.initials & y.initials:
            return False, True
        return True, False
    # Family and given swapped by one source ("Omulo Sylvia" read as given + family).
    if x.family in y.tokens or y.family in x.tokens:
        return True, False
    return False, False


def _compare_authors(a: _Rec, b: _Rec) -> _AuthorMatch:
    la, lb = a.authors, b.authors
    if not la or not lb:
        return _AuthorMatch(None, 0, None, False, False)
    used: set[int] = set()
    matched = 0
    clash = False
    for x in la:
        for j, y in enumerate(lb):
            if j in used:
                continue
            ok, c = _same_author(x, y)
            if ok:
                used.add(j)
                matched += 1
                break
            clash = clash or c
    first_ok, first_clash = _same_author(la[0], lb[0])
    if not first_ok and len(lb) > 1:
        first_ok = _same_author(la[0], lb[1])[0] or (len(la) > 1 and _same_author(la[1], lb[0])[0])
    shorter = min(len(la), len(lb))
    full = matched == shorter and (len(la) == len(lb) or (a.et_al if len(la) < len(lb) else b.et_al))
    # Lists truncated at MAX_AUTHORS compare as full when every compared name matched.
    if matched == shorter and len(la) >= MAX_AUTHORS and len(lb) >= MAX_AUTHORS:
        full = True
    return _AuthorMatch(matched / shorter, matched, first_ok, full, clash or (first_clash and matched == 0))


def _venue_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float | None:
    """Share of the shorter venue's words found in the other, abbreviations and acronyms allowed."""
    if not a or not b:
        return None
    if a == b:
        return 1.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 1 and len(short[0]) >= 2:
        acronym = "".join(w[0] for w in long_)
        if short[0] == acronym or short[0] in long_:
            return 1.0
    hits = 0
    for w in short:
        if any(
            v == w or (len(w) >= 1 and v.startswith(w)) or (len(v) >= 3 and w.startswith(v)) for v in long_
        ) or (len(w) >= 2 and w.isalpha() and "".join(v[0] for v in long_).find(w) >= 0):
            hits += 1
    return hits / len(short)


def _pages_conflict(a: _Rec, b: _Rec) -> bool:
    if a.first_page is None or b.first_page is None or a.first_page == b.first_page:
        return False
    # Online-first pagination (1-17) against the issue's pages is not a conflict.
    return a.first_page != 1 and b.first_page != 1


def _year_text(a: _Rec, b: _Rec) -> str:
    if a.year is None or b.year is None:
        return f"{a.year or '?'}/{b.year or '?'}"
    return str(a.year) if a.year == b.year else f"{a.year}/{b.year}"


def _linked(a: _Rec, b: _Rec) -> str | None:
    """The relation type linking a and b, if either lists the other (by DOI or id)."""
    for x, y in ((a, b), (b, a)):
        targets = {t for t in (y.doi, y.id) if t}
        for rel, ids in x.relations.items():
            if ids & targets:
                return rel
    return None


def _decide(a: _Rec, b: _Rec) -> PairDecision:
    ev: dict[str, Any] = {}

    def out(decision: Decision, rule: str, score: float) -> PairDecision:
        return PairDecision(a.id, b.id, decision, rule, score, ev)

    # 1. Explicit links and identifiers.
    rel = _linked(a, b)
    if rel is not None:
        ev["relation"] = rel
        if rel in _SAME_VERSION_RELATIONS:
            return out("same", "relation", 1.0)
        return out("different", "relation-other", 0.0)
    if a.doi and b.doi:
        ev["doi"] = a.doi if a.doi == b.doi else f"{a.doi} / {b.doi}"
        if a.doi_fam != b.doi_fam:
            return out("different", "doi-conflict", 0.0)
    dice, contained, ta, tb = _best_titles(a, b)
    if a.titles and b.titles:
        ev["title"] = round(dice, 4)
    if (
        dice < 0.5
        and contained < 0.9
        and not (a.doi and a.doi == b.doi)
        and not (a.isbns & b.isbns)
        and not (a.arxiv and a.arxiv == b.arxiv)
        and not (a.first_page is not None and a.first_page == b.first_page and a.volume == b.volume)
    ):
        return out("different", "title-differs", 0.55 * dice)  # fast exit: nothing else can save it
    am = _compare_authors(a, b)
    if am.score is not None:
        ev["authors"] = f"{am.matched}/{min(len(a.authors), len(b.authors))}"
    if a.year is not None or b.year is not None:
        ev["year"] = _year_text(a, b)
    if a.doi and b.doi:
        if a.doi == b.doi:
            if (
                dice >= MAYBE_TITLE
                or (am.score is not None and am.score >= 0.5)
                or (not a.titles or not b.titles)
            ):
                return out("same", "doi", 1.0)
            return out("maybe", "doi-unsure", 0.5)
        if dice >= SAME_TITLE:
            return out("same", "doi-version", 0.95)
        return out("different", "doi-version-title", 0.0)

    # 2. Hard "not the same" rules.
    venue = _venue_similarity(a.venue, b.venue)
    if venue is not None:
        ev["venue"] = round(venue, 2)
    if a.group and b.group and frozenset((a.group, b.group)) in _TYPE_CONFLICTS:
        ev["why"] = f"{a.group} vs {b.group}"
        return out("different", "type-conflict", 0.0)
    books = (
        a.group in ("book", None) and b.group in ("book", None) and (a.group == "book" or b.group == "book")
    )
    if a.isbns and b.isbns and books:
        if a.isbns & b.isbns:
            same_edition = a.edition is None or b.edition is None or a.edition == b.edition
            if same_edition and (dice >= MAYBE_TITLE or (am.score or 0) >= 0.5):
                return out("same", "isbn", 0.95)
        elif not (dice >= 0.99 and am.full and a.year == b.year and a.edition == b.edition):
            return out("different", "isbn-conflict", 0.0)
    if a.arxiv and b.arxiv:
        if a.arxiv == b.arxiv and dice >= MAYBE_TITLE:
            return out("same", "arxiv", 0.95)
        if a.arxiv != b.arxiv:
            return out("different", "doi-conflict", 0.0)
    if a.edition is not None and b.edition is not None and a.edition != b.edition:
        ev["why"] = f"edition {a.edition} vs {b.edition}"
        return out("different", "edition-conflict", 0.0)
    if a.erratum != b.erratum:
        return out("different", "erratum", 0.0)
    if a.retraction != b.retraction:
        return out("different", "retraction", 0.0)
    if a.review != b.review and not (venue is not None and venue >= 0.8):
        # A review and the reviewed book; two listings of one review in one journal may differ
        # in whether the title says "Book review".
        return out("different", "review", 0.0)
    if a.parts != b.parts:
        ev["why"] = f"parts {sorted(a.parts) or '-'} vs {sorted(b.parts) or '-'}"
        return out("different", "part-conflict", 0.0)
    if a.numbers and b.numbers and a.numbers != b.numbers:
        ev["why"] = f"numbers {sorted(a.numbers)} vs {sorted(b.numbers)}"
        return out("different", "title-numbers", 0.0)
    if a.translated != b.translated and a.language and b.language and a.language != b.language:
        # A translation (it names a translator) and an edition in another language.
        return out("different", "translation", 0.0)
    if a.group == "web" and b.group == "web" and a.url and b.url and a.url != b.url:
        return out("different", "web-pages", 0.0)
    if a.venue_kind and b.venue_kind and a.venue_kind != b.venue_kind:
        ev["venue"] = f"{a.venue_kind} vs {b.venue_kind}"
        if dice >= SAME_TITLE and am.full:
            return out("maybe", "venue-conflict", 0.5)
        return out("different", "venue-conflict", 0.0)
    if am.score == 0.0:
        if am.initials_clash:
            return out("different", "initials-conflict", 0.0)
        return out("different", "author-conflict", 0.0)

    # 3. Field agreement.
    year_equal = a.year is not None and a.year == b.year
    year_missing = a.year is None or b.year is None
    year_off1 = a.year is not None and b.year is not None and abs(a.year - b.year) == 1
    volume_conflict = a.volume is not None and b.volume is not None and a.volume != b.volume
    pages_conflict = _pages_conflict(a, b)
    if a.first_page is not None and b.first_page is not None:
        ev["pages"] = "same" if a.first_page == b.first_page else f"{a.first_page}/{b.first_page}"
    detail_conflict = volume_conflict or pages_conflict
    issue_agree = a.volume is not None and a.volume == b.volume and a.issue is not None and a.issue == b.issue
    page_agree = a.first_page is not None and a.first_page == b.first_page
    details_agree = sum(
        (venue is not None and venue >= 0.8, a.volume is not None and a.volume == b.volume, page_agree)
    )
    # Venues written in one script that share (almost) no word: another venue, not a variant.
    venue_clash = venue is not None and venue < 0.34 and a.venue_cyr == b.venue_cyr
    authors_ok = am.score is None or am.score >= 0.5
    authors_strong = am.score is not None and am.score >= 0.67 and (am.first is True or am.matched >= 2)
    score = (
        0.55 * dice
        + 0.25 * (am.score if am.score is not None else 0.5)
        + 0.1 * year_equal
        + 0.1 * min(details_agree, 1)
    )

    if a.preprint != b.preprint:
        if dice >= SAME_TITLE and authors_ok:
            ev["why"] = "preprint vs version of record"
            return out("maybe", "preprint-unlinked", score)
        return out("different", "preprint-unlinked", 0.0)

    # Same web page: same URL and a similar title.
    if a.url and a.url == b.url and (a.group == "web" or b.group == "web") and dice >= MAYBE_TITLE:
        return out("same", "url", score)

    # Same journal, volume and first page, same authors and year: a citation locator, as good
    # as an identifier (whatever the titles say: translated, garbled or missing).
    locator = (
        page_agree
        and a.volume is not None
        and a.volume == b.volume
        and venue is not None
        and venue >= 0.8
        and authors_strong
        and (year_equal or (year_off1 and am.full))
    )
    if a.placeholder or b.placeholder:
        if locator:
            return out("same", "no-title", score)
        return out("different", "title-differs", score)

    words = min(ta.words if ta else 0, tb.words if tb else 0)
    sig = min(len(ta.token_set) if ta else 0, len(tb.token_set) if tb else 0)
    short = words <= SHORT_TITLE_WORDS or sig <= 2
    generic = a.generic or b.generic

    def same_unless_venue(rule: str) -> PairDecision:
        if venue_clash:
            ev["why"] = "different venues"
            return out("maybe", "uncertain", score)
        return out("same", rule, score)

    if locator and dice >= 0.5 and not generic:
        return out("same", "locator", score)

    if dice >= SAME_TITLE:
        if generic:
            # "Editorial", "Book review column": recurring titles are one item only when the
            # issue or the pages agree as well.
            if (
                dice >= 0.99
                and authors_ok
                and year_equal
                and (issue_agree or page_agree)
                and not detail_conflict
            ):
                return same_unless_venue("title")
            if year_equal or year_missing:
                return out("maybe", "uncertain", score)
            return out("different", "weak", score)
        if short:
            # Short titles (three unrelated two-word Cyrillic titles...) need the authors and
            # the year, and must not disagree on the venue.
            if dice >= 0.99 and authors_strong and year_equal and not detail_conflict:
                return same_unless_venue("title")
            if (
                dice >= 0.99
                and year_off1
                and am.full
                and venue is not None
                and venue >= 0.8
                and a.venue_kind == b.venue_kind
                and not detail_conflict
            ):
                return out("same", "title-year1", score)
            if authors_strong and (year_equal or year_missing):
                return out("maybe", "uncertain", score)
            return out("different", "weak", score)
        if am.score is None and (a.authors or b.authors):
            # Only one side names authors: the title must be exact and the details agree.
            if dice >= 0.99 and (year_equal or year_missing) and not detail_conflict:
                return same_unless_venue("title")
            return out("maybe", "uncertain", score)
        if authors_ok and (year_equal or year_missing):
            if detail_conflict:
                ev["why"] = "volume or pages differ"
                return out("maybe", "details-differ", score)
            return same_unless_venue("title")
        if (
            year_off1
            and am.full
            and venue is not None
            and venue >= 0.8
            and a.venue_kind == b.venue_kind
            and not volume_conflict
        ):
            return out("same", "title-year1", score)
        if authors_ok and (year_off1 or year_missing):
            return out("maybe", "uncertain", score)
        return out("different", "weak", score)

    if (
        contained >= 0.999
        and not short
        and not generic
        and sig >= CONTAINED_MIN_WORDS
        and authors_strong
        and (year_equal or (year_missing and details_agree >= 1))
        and not detail_conflict
    ):
        return same_unless_venue("title-contained")

    if dice >= MAYBE_TITLE:
        if (
            authors_strong
            and year_equal
            and not detail_conflict
            and not short
            and not generic
            and (page_agree or (venue is not None and venue >= 0.8 and am.full and dice >= 0.8))
        ):
            return same_unless_venue("title-fields")
        if authors_ok and (year_equal or year_missing or year_off1):
            return out("maybe", "uncertain", score)
    return out("different", "title-differs", score)


def compare(a: Reference, b: Reference) -> PairDecision:
    """Decide whether two references are the same publication: ``same``, ``maybe`` or ``different``.

    Rules, in order: a ``custom.relation`` link; DOIs (equal -> same unless title and authors
    both differ; different -> never); hard conflicts (type, ISBN, edition, erratum, retraction,
    review, part numbers, translation, web pages, journal vs conference, no common author,
    preprint vs version of record); then title similarity with authors, year (+-1 only with the
    same venue and all authors), venue, volume and pages. Short and generic titles need more.
    """
    return _decide(_Rec(0, a), _Rec(1, b))


# --- blocking -----------------------------------------------------------------------------------


def _block_keys(rec: _Rec, options: DedupeOptions) -> list[str]:
    keys: list[str] = []
    if rec.doi_fam:
        keys.append("d" + rec.doi_fam)
    keys.extend("i" + i for i in rec.isbns)
    if rec.arxiv:
        keys.append("x" + rec.arxiv)
    for title in rec.titles:
        tokens = title.tokens
        if tokens:
            keys.append("t" + " ".join(tokens[:3]))
            if len(tokens) > 3:
                keys.append("e" + " ".join(tokens[-3:]))
    if options.author_year_blocks and rec.authors and rec.year is not None:
        keys.append(f"a{rec.authors[0].family}|{rec.year}")
    if rec.url and rec.group == "web":
        keys.append("u" + rec.url)
    return keys


def _candidates(recs: Sequence[_Rec], options: DedupeOptions) -> tuple[set[tuple[int, int]], dict[str, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for rec in recs:
        for key in set(_block_keys(rec, options)):
            blocks[key].append(rec.index)
    pairs: set[tuple[int, int]] = set()
    windowed = 0
    for members in blocks.values():
        n = len(members)
        if n < 2:
            continue
        if n <= options.max_block:
            for x in range(n):
                i = members[x]
                for y in range(x + 1, n):
                    pairs.add((i, members[y]))
        else:
            windowed += 1
            ordered = sorted(
                members, key=lambda k: " ".join(recs[k].titles[0].tokens) if recs[k].titles else ""
            )
            for x in range(n):
                for y in range(x + 1, min(n, x + options.window)):
                    i, j = ordered[x], ordered[y]
                    pairs.add((i, j) if i < j else (j, i))
    return pairs, {"blocks": sum(1 for m in blocks.values() if len(m) > 1), "windowed_blocks": windowed}


# --- clusters -----------------------------------------------------------------------------------

_RULE_ORDER = {
    "user": -1,
    "relation": 0,
    "doi": 1,
    "isbn": 2,
    "arxiv": 2,
    "doi-version": 3,
    "url": 4,
    "title": 5,
    "title-year1": 6,
    "title-contained": 6,
    "title-fields": 7,
    "locator": 7,
    "no-title": 8,
}


class _Clusters:
    """Union-find that refuses unions across hard conflicts or two DOI families."""

    def __init__(self, recs: Sequence[_Rec]) -> None:
        self.parent = list(range(len(recs)))
        self.members: dict[int, list[int]] = {r.index: [r.index] for r in recs}
        self.conflicts: dict[int, set[int]] = defaultdict(set)
        self.user_conflicts: dict[int, set[int]] = defaultdict(set)
        self.dois: dict[int, set[str]] = {r.index: ({r.doi_fam} if r.doi_fam else set()) for r in recs}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def forbid(self, i: int, j: int, user: bool = False) -> None:
        conflicts = self.user_conflicts if user else self.conflicts
        conflicts[i].add(j)
        conflicts[j].add(i)

    def union(self, i: int, j: int, linked: bool = False, user: bool = False) -> bool:
        """Join the clusters of i and j unless that joins a hard conflict or, without an explicit
        ``linked`` relation, two different DOI families. A ``user`` union overrides both; only a
        user's own "not the same" stops it."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        dois_differ = self.dois[ri] and self.dois[rj] and not (self.dois[ri] & self.dois[rj])
        if dois_differ and not (linked or user):
            return False
        small, big = (ri, rj) if len(self.members[ri]) <= len(self.members[rj]) else (rj, ri)
        big_members = set(self.members[big])
        tables = (self.user_conflicts,) if user else (self.user_conflicts, self.conflicts)
        for m in self.members[small]:
            if any(t.get(m) and t[m] & big_members for t in tables):
                return False
        self.parent[small] = big
        self.members[big].extend(self.members.pop(small))
        self.dois[big] |= self.dois.pop(small)
        return True


# --- merge --------------------------------------------------------------------------------------

_FIELDS = (
    "citation_key",
    "title",
    "container_title",
    "collection_title",
    "volume",
    "issue",
    "page",
    "number",
    "edition",
    "publisher",
    "publisher_place",
    "genre",
    "DOI",
    "URL",
    "ISBN",
    "ISSN",
    "language",
    "abstract",
    "keyword",
    "note",
    "issued",
    "accessed",
)


def _completeness(ref: Reference, rec: _Rec) -> tuple[int, ...]:
    filled = sum(1 for f in _FIELDS if getattr(ref, f) not in (None, "")) + (2 if ref.author else 0)
    return (
        1 if rec.doi else 0,
        0 if rec.placeholder else 1,
        1 if rec.cyrillic else 0,  # the original, not its romanised copy
        filled,
        len(ref.author),
        1 if ref.type != "document" else 0,
    )


def _sources(ref: Reference) -> list[str]:
    before = ref.refman.extra.get("merged_from")
    if isinstance(before, list) and before:
        return [str(x) for x in before]
    return [ref.id]


def _merge_cluster(
    refs: Sequence[Reference], recs: Sequence[_Rec], members: list[int], pairs: list[PairDecision]
) -> tuple[Reference, Merge]:
    order = sorted(members, key=lambda i: (tuple(-v for v in _completeness(refs[i], recs[i])), i))
    primary_index = order[0]
    primary = refs[primary_index]
    changes: dict[str, Any] = {}
    taken: dict[str, str] = {}
    for attr in _FIELDS:
        if getattr(primary, attr) not in (None, ""):
            continue
        for i in order[1:]:
            value = getattr(refs[i], attr)
            if value not in (None, ""):
                changes[attr] = value
                taken[attr.replace("_", "-")] = refs[i].id
                break
    for attr in ("author", "editor", "translator"):
        if getattr(primary, attr):
            continue
        for i in order[1:]:
            value = getattr(refs[i], attr)
            if value:
                changes[attr] = list(value)
                taken[attr] = refs[i].id
                break
    if primary.type == "document":
        for i in order[1:]:
            if refs[i].type != "document":
                changes["type"] = refs[i].type
                taken["type"] = refs[i].id
                break
    extra = dict(primary.extra)
    custom = dict(primary.custom)
    for i in order[1:]:
        for key, value in refs[i].extra.items():
            extra.setdefault(key, value)
        for key, value in refs[i].custom.items():
            if key == "relation" and isinstance(value, dict) and isinstance(custom.get("relation"), dict):
                merged_rel = dict(custom["relation"])
                for rel, targets in value.items():
                    merged_rel.setdefault(rel, targets)
                custom["relation"] = merged_rel
            else:
                custom.setdefault(key, value)
    prov = primary.refman
    cited: list[dict[str, Any]] = []
    problems: list[str] = []
    sources: list[dict[str, Any]] = []
    romanised = prov.romanised
    for i in sorted(members):
        ref = refs[i]
        for c in ref.refman.cited:
            if c not in cited:
                cited.append(c)
        for p in ref.refman.problems:
            if p not in problems:
                problems.append(p)
        if i != primary_index:
            src = {"id": ref.id, **{k: v for k, v in ref.refman.to_json().items() if k not in ("cited",)}}
            src.pop("merged_from", None)
            src.pop("merge", None)
            if ref.title is not None:
                src.setdefault("title", ref.title)
            sources.append(src)
            if romanised is None and recs[primary_index].cyrillic and not recs[i].cyrillic and ref.title:
                romanised = {k: v for k, v in ref.to_csl().items() if k != "custom"}
    merged_from: list[str] = []
    for i in sorted(members):
        for source in _sources(refs[i]):
            if source not in merged_from:
                merged_from.append(source)
    explanation = {
        "primary": primary.id,
        "fields": taken,
        "pairs": [p.to_json() for p in pairs],
        "sources": sources,
    }
    new_extra = {k: v for k, v in prov.extra.items() if k not in ("merged_from", "merge")}
    new_extra["merged_from"] = merged_from
    new_extra["merge"] = explanation
    new_prov = type(prov)(
        raw=prov.raw,
        article=prov.article,
        number=prov.number,
        line=prov.line,
        romanised=romanised,
        cited=cited,
        confidence=dict(prov.confidence),
        problems=problems,
        extra=new_extra,
    )
    merged = primary.replace(extra=extra, custom=custom, refman=new_prov, **changes)
    return merged, Merge(primary.id, merged_from, primary.id, pairs, taken)


# --- the whole job ------------------------------------------------------------------------------


def dedupe(
    refs: Sequence[Reference],
    options: DedupeOptions | None = None,
    decisions: Sequence[UserDecision] = (),
) -> DedupeResult:
    """Merge duplicate references; see the module docstring for the method.

    ``decisions`` are a person's rulings on pairs of input ids (or ids an input item already
    merged): "same" pairs are merged first, whatever the rules say; "different" pairs are never
    put in one item and leave the review list. Rulings that cannot be carried out (unknown ids,
    two rulings that contradict each other) are listed in ``unapplied``.

    Returns the merged items in input order (a cluster sits where its first member was), one
    :class:`Merge` per merged cluster with the pairs that linked it, the ``review`` list of
    uncertain pairs (never merged), and ``id_map`` from every input id to its output id.
    Every input reference appears in exactly one output item; a merged item lists all the ids it
    stands for (its own included) in ``custom.refman.merged_from``.

    Python's cyclic garbage collector is paused while it runs (it creates no reference cycles;
    with 100,000 references the collector's full scans otherwise take ~40% of the time).
    Raises ValueError when two inputs share an id (the id map would be ambiguous).
    """
    seen: set[str] = set()
    for ref in refs:
        if ref.id in seen:
            raise ValueError(f"duplicate reference id {ref.id!r}: ids must be unique to deduplicate")
        seen.add(ref.id)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _dedupe(refs, options or DedupeOptions(), decisions)
    finally:
        if was_enabled:
            gc.enable()


def _user_pairs(
    refs: Sequence[Reference], decisions: Sequence[UserDecision]
) -> tuple[list[tuple[int, int, UserDecision]], list[dict[str, str]]]:
    """User decisions as index pairs, and the ones that name no input (with why)."""
    index = {source: k for k, ref in enumerate(refs) for source in _sources(ref)}
    pairs: list[tuple[int, int, UserDecision]] = []
    unapplied: list[dict[str, str]] = []
    for d in decisions:
        missing = [x for x in (d.a, d.b) if x not in index]
        if missing:
            unapplied.append(d.to_json() | {"why": f"no reference with id {', '.join(missing)}"})
        elif index[d.a] == index[d.b] and not d.same:
            unapplied.append(d.to_json() | {"why": "both ids are already one input item"})
        elif index[d.a] != index[d.b]:
            i, j = sorted((index[d.a], index[d.b]))
            pairs.append((i, j, d))
    return pairs, unapplied


def _dedupe(refs: Sequence[Reference], opts: DedupeOptions, rulings: Sequence[UserDecision]) -> DedupeResult:
    fold = _Folder()
    recs = [_Rec(i, r, fold) for i, r in enumerate(refs)]
    candidates, block_stats = _candidates(recs, opts)
    decisions: list[PairDecision] = []
    same: list[tuple[int, float, int, int, PairDecision]] = []
    clusters = _Clusters(recs)
    maybes: list[tuple[int, int, PairDecision]] = []
    user_pairs, unapplied = _user_pairs(refs, rulings)
    ruled = {(i, j) for i, j, _ in user_pairs}
    for i, j, ruling in user_pairs:
        if ruling.same:
            evidence = {"note": ruling.note} if ruling.note else {}
            same.append(
                (
                    _RULE_ORDER["user"],
                    -1.0,
                    i,
                    j,
                    PairDecision(refs[i].id, refs[j].id, "same", "user", 1.0, evidence),
                )
            )
        else:
            clusters.forbid(i, j, user=True)
    for i, j in sorted(candidates):
        decision = _decide(recs[i], recs[j])
        if decision.decision == "same":
            if (i, j) not in ruled:
                same.append((_RULE_ORDER.get(decision.rule, 9), -decision.score, i, j, decision))
        else:
            if decision.decision == "maybe" and (i, j) not in ruled:
                maybes.append((i, j, decision))
            if decision.hard or decision.rule in FORBID_RULES:
                clusters.forbid(i, j)
        decisions.append(decision)
    edges: dict[int, list[PairDecision]] = defaultdict(list)
    refused: list[PairDecision] = []
    for _order, _score, i, j, decision in sorted(same, key=lambda t: t[:4]):
        user = decision.rule == "user"
        if clusters.union(i, j, linked=decision.rule == "relation", user=user):
            edges[i].append(decision)
        elif user:
            ruling = next(r for a, b, r in user_pairs if (a, b) == (i, j))
            unapplied.append(ruling.to_json() | {"why": "contradicts a 'different' ruling on their items"})
        else:
            refused.append(
                PairDecision(
                    decision.a,
                    decision.b,
                    "maybe",
                    decision.rule,
                    decision.score,
                    {**decision.evidence, "why": "would join records that conflict with each other"},
                )
            )
    # Group members and the pairs that linked them.
    roots: dict[int, list[int]] = defaultdict(list)
    for rec in recs:
        roots[clusters.find(rec.index)].append(rec.index)
    cluster_pairs: dict[int, list[PairDecision]] = defaultdict(list)
    for i, plist in edges.items():
        cluster_pairs[clusters.find(i)].extend(plist)
    items: list[tuple[int, Reference]] = []
    merges: list[tuple[int, Merge]] = []
    id_map: dict[str, str] = {}
    for root, members in roots.items():
        members.sort()
        if len(members) == 1:
            ref = refs[members[0]]
            items.append((members[0], ref))
            for source in _sources(ref):
                id_map[source] = ref.id
            continue
        merged, merge = _merge_cluster(refs, recs, members, cluster_pairs[root])
        items.append((members[0], merged))
        merges.append((members[0], merge))
        for source in merge.merged_from:
            id_map[source] = merged.id
    items.sort(key=lambda t: t[0])
    merges.sort(key=lambda t: t[0])
    # One review pair per pair of output items: the most similar one.
    best_review: dict[tuple[str, str], PairDecision] = {}
    for d in [d for _, _, d in maybes] + refused:
        x, y = id_map.get(d.a, d.a), id_map.get(d.b, d.b)
        if x == y:
            continue
        key = (x, y) if x < y else (y, x)
        if key not in best_review or d.score > best_review[key].score:
            best_review[key] = d
    order = {r.id: k for k, r in enumerate(refs)}
    review = sorted(best_review.values(), key=lambda d: (order.get(d.a, 0), order.get(d.b, 0)))
    stats = {
        "records": len(refs),
        "items": len(items),
        "merged_clusters": len(merges),
        "candidate_pairs": len(candidates),
        "compared": len(decisions),
        "same_pairs": len(same),
        "review_pairs": len(review),
        "refused_unions": len(refused),
        "user_decisions": len(rulings) - len(unapplied),
        **block_stats,
    }
    return DedupeResult([r for _, r in items], [m for _, m in merges], review, id_map, stats, unapplied)
