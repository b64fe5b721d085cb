"""Extraction accuracy against gold written by hand (pure: gold and extracted references in,
numbers out).

The gold of one article (a JSON object; the format is documented in
``tests/data/extract_gold/README.md``) says whether the article has a reference list and, for
each reference of the original list in order, its authors' family names, year, title and
container (journal, book or proceedings). :func:`score_article` compares refman's references
with it:

* **alignment**: gold references are paired one-to-one and in order with extracted entries, by a
  dynamic programme that maximises the share of each gold reference's words (title, family
  names, year) found in the entry's raw string; a pair needs half of them. Gold references left
  unpaired (merged into a neighbour, lost, or in a list that was not found) count as wrong in
  every field;
* **list found**: a list the gold has is found when at least half of its references are paired;
  an article without a list in the gold is right when refman finds none;
* **right** (per paired reference): both sides :func:`normalise`\\ d and compared for equality:
  the family names as a sequence (same names, same order; a particle counts as part of the
  family name, an organisation's literal name as its family name), the year as a number, the
  title, and the container after dropping a leading "in"/"the" (a container that only names a
  preprint server, "arXiv preprint arXiv:2502.13923", counts as no container). Empty equals
  empty. Cyrillic and Latin are compared as written: no transliteration.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from refman.model import Name, Reference

__all__ = [
    "FIELDS",
    "LANGUAGES",
    "ArticleScore",
    "GoldArticle",
    "GoldReference",
    "Totals",
    "align",
    "container_key",
    "normalise",
    "read_gold",
    "score_article",
    "totals_by_language",
]

LANGUAGES = ("kk", "ru", "en")
FIELDS = ("authors", "year", "title", "container")

# A pair of gold reference and entry needs this share of the gold reference's words in the entry.
_PAIR_SHARE = 0.5

_HYPHEN_JOIN = re.compile(r"[-\u00ad\u2010\u2011]\s*")
_MATERIAL = re.compile(
    r"\[\s*(?:электронный ресурс|текст|electronic resource|elektronnyj resurs|text)\s*\]", re.IGNORECASE
)
_LEADING_WORDS = frozenset({"in", "the"})
_PREPRINT_WORDS = frozenset({"arxiv", "preprint", "corr", "abs", "e", "print", "eprint", "biorxiv", "ssrn"})
_VERSION = re.compile(r"v?\d+")


def normalise(text: str | None) -> str:
    """``text`` for comparison: NFKC, case-folded, a hyphen (and the spaces after it) removed so
    that "Cor- pora", "Differentia-\\ntion" and "Corpora" are one word, GOST material designations
    ("[Электронный ресурс]") dropped, every other non-letter, non-digit a space, spaces collapsed."""
    if not text:
        return ""
    text = _MATERIAL.sub(" ", unicodedata.normalize("NFKC", text))
    text = _HYPHEN_JOIN.sub("", text).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def container_key(text: str | None) -> str:
    """A container for comparison: normalised, leading "in"/"the" dropped, and "" when it only
    names a preprint server and an identifier ("arXiv", "arXiv preprint arXiv:1711.03845")."""
    words = normalise(text).split()
    while words and words[0] in _LEADING_WORDS:
        words.pop(0)
    if all(w in _PREPRINT_WORDS or _VERSION.fullmatch(w) for w in words):
        return ""
    return " ".join(words)


@dataclass(frozen=True)
class GoldReference:
    """One reference as the gold gives it."""

    authors: tuple[str, ...]
    year: int | None
    title: str | None
    container: str | None

    def words(self) -> set[str]:
        """The words that identify it in a raw string: title, family names, year."""
        text = " ".join([self.title or "", *self.authors, str(self.year or "")])
        return set(normalise(text).split())


@dataclass(frozen=True)
class GoldArticle:
    """The gold of one article: its file, language, list and references."""

    article: str
    language: str
    list_present: bool
    references: tuple[GoldReference, ...]
    heading: str | None = None
    lines: tuple[int, int] | None = None


def _optional_str(item: dict[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{where}: {key!r} must be a string or null")
    return value


def _gold_reference(item: Any, where: str) -> GoldReference:
    if not isinstance(item, dict) or set(item) != {"authors", "year", "title", "container"}:
        raise ValueError(f"{where}: needs exactly 'authors', 'year', 'title' and 'container'")
    authors = item["authors"]
    if not isinstance(authors, list) or not all(isinstance(a, str) and a.strip() for a in authors):
        raise ValueError(f"{where}: 'authors' must be a list of family names")
    year = item["year"]
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise ValueError(f"{where}: 'year' must be a number or null")
    return GoldReference(
        tuple(authors), year, _optional_str(item, "title", where), _optional_str(item, "container", where)
    )


def read_gold(data: Any) -> GoldArticle:
    """The gold of one article from its parsed JSON; ValueError says what is wrong with it."""
    if not isinstance(data, dict):
        raise ValueError("the gold must be a JSON object")
    article, language, listing = data.get("article"), data.get("language"), data.get("list")
    if not isinstance(article, str) or not article or article != PurePath(article).name:
        raise ValueError("'article' must be the file name of the article beside the gold (no folders)")
    if language not in LANGUAGES:
        raise ValueError(f"'language' must be one of {', '.join(LANGUAGES)}")
    if not isinstance(listing, dict) or not isinstance(listing.get("present"), bool):
        raise ValueError("'list' must be an object with 'present': true or false")
    refs = data.get("references")
    if not isinstance(refs, list) or bool(refs) != listing["present"]:
        raise ValueError("'references' must be a list, empty exactly when the article has no list")
    lines = listing.get("lines")
    if lines is not None and not (
        isinstance(lines, list) and len(lines) == 2 and all(isinstance(n, int) and n > 0 for n in lines)
    ):
        raise ValueError("'list.lines' must be [first, last] line numbers")
    return GoldArticle(
        article=article,
        language=language,
        list_present=listing["present"],
        references=tuple(_gold_reference(r, f"reference {i}") for i, r in enumerate(refs, 1)),
        heading=_optional_str(listing, "heading", "list"),
        lines=(lines[0], lines[1]) if lines else None,
    )


def _surname(name: Name) -> str:
    """A name's family name as written: literal, or particles and family (a lone given name)."""
    if name.literal:
        return name.literal
    parts = [name.dropping_particle, name.non_dropping_particle, name.family]
    return " ".join(p for p in parts if p) or (name.given or "")


def _wrong_fields(gold: GoldReference, ref: Reference) -> list[str]:
    """The fields of ``ref`` that disagree with ``gold``."""
    checks = {
        "authors": [normalise(a) for a in gold.authors] == [normalise(_surname(n)) for n in ref.author],
        "year": gold.year == ref.year,
        "title": normalise(gold.title) == normalise(ref.title),
        "container": container_key(gold.container) == container_key(ref.container_title),
    }
    return [name for name in FIELDS if not checks[name]]


def _similarity(words: set[str], raw: set[str]) -> float:
    """The share of a gold reference's words in an entry (0.5 for a gold reference with none)."""
    return len(words & raw) / len(words) if words else _PAIR_SHARE


def align(gold: Sequence[GoldReference], refs: Sequence[Reference]) -> list[int | None]:
    """For each gold reference, the index of its entry in ``refs`` or None (one-to-one, in order)."""
    raws = [set(normalise(r.refman.raw or r.title or "").split()) for r in refs]
    keys = [g.words() for g in gold]
    n, m = len(gold), len(refs)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            sim = _similarity(keys[i], raws[j])
            paired = sim + best[i + 1][j + 1] if sim >= _PAIR_SHARE else 0.0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    out: list[int | None] = []
    i = j = 0
    while i < n:
        if j < m:
            sim = _similarity(keys[i], raws[j])
            if sim >= _PAIR_SHARE and best[i][j] == sim + best[i + 1][j + 1]:
                out.append(j)
                i, j = i + 1, j + 1
                continue
            if best[i][j] == best[i][j + 1]:
                j += 1
                continue
        out.append(None)
        i += 1
    return out


@dataclass
class ArticleScore:
    """How refman did on one article."""

    name: str
    language: str
    list_present: bool
    list_found: bool
    gold: int
    extracted: int
    paired: int
    right: dict[str, int]
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def list_right(self) -> bool:
        """Whether refman agrees with the gold on the list: found where there is one, none where not."""
        return self.list_found == self.list_present

    def to_json(self) -> dict[str, Any]:
        """The scores as JSON."""
        return {
            "article": self.name,
            "language": self.language,
            "list_present": self.list_present,
            "list_found": self.list_found,
            "gold": self.gold,
            "extracted": self.extracted,
            "paired": self.paired,
            "right": dict(self.right),
            "misses": self.misses,
        }


def score_article(name: str, gold: GoldArticle, refs: Sequence[Reference]) -> ArticleScore:
    """Score refman's references of one article against its gold."""
    pairs = align(gold.references, refs)
    right = dict.fromkeys(FIELDS, 0)
    misses: list[dict[str, Any]] = []
    for index, (g, j) in enumerate(zip(gold.references, pairs, strict=True), 1):
        wrong = list(FIELDS) if j is None else _wrong_fields(g, refs[j])
        for f in FIELDS:
            right[f] += f not in wrong
        if wrong:
            misses.append({"reference": index, "entry": None if j is None else refs[j].id, "wrong": wrong})
    paired = sum(j is not None for j in pairs)
    found = paired * 2 >= len(gold.references) if gold.list_present else bool(refs)
    return ArticleScore(
        name, gold.language, gold.list_present, found, len(gold.references), len(refs), paired, right, misses
    )


@dataclass
class Totals:
    """Scores summed over articles (one language, or all)."""

    articles: int = 0
    lists_right: int = 0
    references: int = 0
    paired: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def add(self, score: ArticleScore) -> None:
        """Count one more article."""
        self.articles += 1
        self.lists_right += score.list_right
        self.references += score.gold
        self.paired += score.paired
        for f in FIELDS:
            self.right[f] += score.right[f]

    def share(self, name: str) -> float:
        """The share of references whose field ``name`` is right (0 with no references)."""
        return self.right[name] / self.references if self.references else 0.0

    def to_json(self) -> dict[str, Any]:
        """The totals as JSON, shares rounded to 3 places."""
        return {
            "articles": self.articles,
            "lists_right": self.lists_right,
            "references": self.references,
            "paired": self.paired,
            "right": dict(self.right),
            "share": {f: round(self.share(f), 3) for f in FIELDS},
        }


def totals_by_language(scores: Iterable[ArticleScore]) -> dict[str, Totals]:
    """Totals per language (in :data:`LANGUAGES` order, only those present) and over ``all``."""
    by: dict[str, Totals] = {}
    every = Totals()
    for score in scores:
        by.setdefault(score.language, Totals()).add(score)
        every.add(score)
    out = {lang: by[lang] for lang in LANGUAGES if lang in by}
    out["all"] = every
    return out
