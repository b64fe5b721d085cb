"""What ``refman browse`` shows, without Textual: loading a collection, rows, search and filters.

The app (:mod:`refman.tui.app`) only draws; everything it filters or shows comes from here, so
the logic is testable without a terminal and can later grow editing (a :class:`Collection` holds
the references themselves, and :meth:`Collection.replace` swaps one for an edited copy).

Search is case-insensitive and works across scripts: both the query and every item are folded
with :func:`refman.translit.to_ascii`, so ``kurmangali`` finds ``Құрманғали`` and ``Курмангали``.
Every word of the query must occur somewhere in the item (key, names, titles, raw string, ...).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refman.errors import InputError
from refman.export.bibtex import from_bibtex
from refman.export.csljson import from_csl_json
from refman.model import Name, Reference
from refman.store import read_text
from refman.translit import to_ascii

__all__ = [
    "DEFAULT_FILE",
    "GOOD_LINK_STATUSES",
    "GOOD_MATCH_STATUSES",
    "Collection",
    "Filters",
    "Row",
    "all_problems",
    "article_of",
    "authors_short",
    "fold",
    "is_article_item",
    "item_urls",
    "link_entries",
    "load_collection",
    "match_of",
    "status_flags",
]

DEFAULT_FILE = "bibliography/references.json"
#: Link statuses that need no action (the others are shown as problems).
GOOD_LINK_STATUSES = frozenset({"ok", "redirected"})
#: Match statuses that need no review.
GOOD_MATCH_STATUSES = frozenset({"matched"})


def fold(text: str) -> str:
    """Text folded for searching: ASCII (Cyrillic romanised, diacritics dropped), case-folded."""
    return to_ascii(text).casefold()


def _name_text(name: Name) -> str:
    return name.literal or name.family or name.given or ""


def authors_short(ref: Reference) -> str:
    """``Family``, ``Family & Family`` or ``Family et al.`` (editors when there is no author)."""
    names = ref.author or ref.editor
    families = [n for n in (_name_text(n) for n in names) if n]
    if not families:
        return ""
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} & {families[1]}"
    return f"{families[0]} et al."


def article_of(ref: Reference) -> str | None:
    """The id of the article an item came from (an article's own item: its own id)."""
    return ref.refman.article or (ref.id if is_article_item(ref) else None)


def is_article_item(ref: Reference) -> bool:
    """True for an article's own item (its front matter), which lists the references it cites."""
    return "cites" in ref.refman.extra or "titles" in ref.refman.extra


def match_of(ref: Reference) -> dict[str, Any] | None:
    """``custom.refman.match`` when it is an object, else None."""
    match = ref.refman.extra.get("match")
    return match if isinstance(match, dict) else None


def link_entries(ref: Reference) -> list[dict[str, Any]]:
    """``custom.refman.link`` as a list of objects (a single object is treated as a list of one)."""
    link = ref.refman.extra.get("link")
    if isinstance(link, dict):
        return [link]
    if isinstance(link, list):
        return [e for e in link if isinstance(e, dict)]
    return []


def all_problems(ref: Reference) -> list[str]:
    """The parser's problems, plus links that are not OK and matches that need review."""
    out = [str(p) for p in ref.refman.problems]
    for entry in link_entries(ref):
        status = entry.get("status")
        if status is not None and status not in GOOD_LINK_STATUSES:
            reason = entry.get("reason")
            out.append(f"link {status}: {entry.get('url', '?')}" + (f" ({reason})" if reason else ""))
    match = match_of(ref)
    if match is not None and match.get("status") == "ambiguous":
        reason = match.get("reason")
        out.append("match ambiguous" + (f": {reason}" if reason else ""))
    return out


def item_urls(ref: Reference) -> list[str]:
    """Where an item can be opened: its URL, its DOI (as https://doi.org/...), a matched DOI."""
    urls: list[str] = []
    if ref.URL:
        urls.append(ref.URL)
    dois = [ref.DOI]
    match = match_of(ref)
    if match is not None:
        dois.append(match.get("DOI") if isinstance(match.get("DOI"), str) else None)
    for doi in dois:
        if doi:
            url = doi if doi.startswith(("http://", "https://")) else f"https://doi.org/{doi}"
            if url not in urls:
                urls.append(url)
    return urls


def status_flags(ref: Reference) -> str:
    """Five one-character flags (space when not set), explained in the help screen.

    1 ``!`` problems; 2 ``R`` romanised entry attached; 3 ``∅`` a listed reference never cited
    in the text; 4 match ``✓`` matched, ``?`` ambiguous, ``×`` unmatched; 5 links ``✓`` all OK,
    ``✗`` some not OK.
    """
    problems = "!" if all_problems(ref) else " "
    romanised = "R" if ref.refman.romanised else " "
    uncited = "∅" if ref.refman.raw is not None and not ref.refman.cited else " "
    match = match_of(ref)
    status = match.get("status") if match else None
    matched = {"matched": "✓", "ambiguous": "?", "unmatched": "×"}.get(
        str(status), " " if status is None else "·"
    )
    entries = link_entries(ref)
    if not entries:
        link = " "
    elif all(e.get("status") in GOOD_LINK_STATUSES for e in entries):
        link = "✓"
    else:
        link = "✗"
    return problems + romanised + uncited + matched + link


def _strings(value: Any) -> Iterable[str]:
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield str(value)


def _search_text(ref: Reference) -> str:
    parts: list[str] = [ref.id, ref.citation_key or "", ref.type]
    for names in (ref.author, ref.editor, ref.translator):
        parts.extend(n.display() for n in names)
    for value in (
        ref.title,
        ref.container_title,
        ref.collection_title,
        ref.publisher,
        ref.publisher_place,
        ref.DOI,
        ref.URL,
        ref.ISBN,
        ref.ISSN,
        ref.note,
        ref.genre,
    ):
        if value:
            parts.append(value)
    if ref.year is not None:
        parts.append(str(ref.year))
    p = ref.refman
    parts.extend(x for x in (p.raw, p.article) if x)
    if p.romanised:
        parts.extend(_strings(p.romanised))
    for key in ("titles", "authors"):
        parts.extend(_strings(p.extra.get(key)))
    return "\n".join(parts)


@dataclass(frozen=True)
class Row:
    """One table row: the cells as plain strings and the folded text searched."""

    index: int
    key: str
    number: str
    authors: str
    year: str
    title: str
    type: str
    article: str
    flags: str
    haystack: str
    haystack_raw: str
    has_problems: bool

    @classmethod
    def of(cls, index: int, ref: Reference) -> Row:
        """The row of the item at ``index``."""
        text = _search_text(ref)
        number = ref.refman.number
        return cls(
            index=index,
            key=ref.citation_key or ref.id,
            number="" if number is None else str(number),
            authors=authors_short(ref),
            year="" if ref.year is None else str(ref.year),
            title=(ref.title or "").replace("\n", " "),
            type=ref.type,
            article=article_of(ref) or "",
            flags=status_flags(ref),
            haystack=fold(text),
            haystack_raw=text.casefold(),
            has_problems=bool(all_problems(ref)),
        )

    def matches(self, terms: Sequence[tuple[str, str]]) -> bool:
        """True when every (folded, case-folded) query term occurs in the item."""
        for ascii_term, raw_term in terms:
            if ascii_term and ascii_term in self.haystack:
                continue
            if raw_term and raw_term in self.haystack_raw:
                continue
            return False
        return True


def query_terms(query: str) -> list[tuple[str, str]]:
    """A query split into words, each as (ASCII-folded, case-folded)."""
    return [(fold(word), word.casefold()) for word in query.split()]


@dataclass(frozen=True)
class Filters:
    """What the table shows: a search query, one article (or all), only items with problems."""

    query: str = ""
    article: str | None = None
    problems_only: bool = False

    @property
    def active(self) -> bool:
        """True when anything is filtered out."""
        return bool(self.query.strip()) or self.article is not None or self.problems_only

    def describe(self) -> str:
        """A short description for the status line (empty when nothing is filtered)."""
        parts: list[str] = []
        if self.query.strip():
            parts.append(f"search {self.query.strip()!r}")
        if self.article is not None:
            parts.append(f"article {self.article}")
        if self.problems_only:
            parts.append("problems only")
        return ", ".join(parts)


@dataclass
class Collection:
    """The references being browsed, where they came from, and what went wrong reading them."""

    references: list[Reference]
    source: str = ""
    warnings: list[str] = field(default_factory=list)
    rows: list[Row] = field(init=False)

    def __post_init__(self) -> None:
        self.rows = [Row.of(i, ref) for i, ref in enumerate(self.references)]
        self._index()

    def _index(self) -> None:
        self._by_id = {ref.id: ref for ref in self.references}
        self._by_key: dict[str, Reference] = {}
        for ref in self.references:
            if ref.citation_key:
                self._by_key.setdefault(ref.citation_key, ref)

    def __len__(self) -> int:
        return len(self.references)

    def get(self, item_id: str) -> Reference | None:
        """The item with this id (also looked up by citation key), if any."""
        found = self._by_id.get(item_id)
        return found if found is not None else self._by_key.get(item_id)

    def replace(self, index: int, ref: Reference) -> None:
        """Put an edited copy in place of the item at ``index`` (for editing, later)."""
        self.references[index] = ref
        self.rows[index] = Row.of(index, ref)
        self._index()

    def filter(self, filters: Filters) -> list[Row]:
        """The rows that pass ``filters``, in collection order."""
        terms = query_terms(filters.query)
        out: list[Row] = []
        for row in self.rows:
            if filters.problems_only and not row.has_problems:
                continue
            if filters.article is not None and row.article != filters.article:
                continue
            if terms and not row.matches(terms):
                continue
            out.append(row)
        return out

    def articles(self) -> list[tuple[str, str, int]]:
        """(article id, its title if known, number of items) for every source article, in order."""
        counts: dict[str, int] = {}
        for row in self.rows:
            if row.article:
                counts[row.article] = counts.get(row.article, 0) + 1
        out: list[tuple[str, str, int]] = []
        for article, count in counts.items():
            own = self._by_id.get(article)
            title = (own.title or "") if own is not None and is_article_item(own) else ""
            out.append((article, title, count))
        return out


def load_collection(path: str | Path) -> Collection:
    """Read a CSL-JSON collection or a .bib file (a directory means its ``references.json``).

    Raises :class:`~refman.errors.InputError` naming the file when it is missing or unreadable;
    problems reading a .bib file are kept as ``warnings``.
    """
    p = Path(path)
    if p.is_dir():
        p = p / "references.json"
    if not p.exists():
        hint = " (run `refman build` first)" if p.name == "references.json" else ""
        raise InputError(p, f"no such file{hint}")
    text = read_text(p)
    if p.suffix.lower() == ".bib":
        refs, problems = from_bibtex(text)
        return Collection(refs, source=str(p), warnings=problems)
    try:
        refs = from_csl_json(text)
    except ValueError as exc:
        raise InputError(p, str(exc)) from None
    return Collection(refs, source=str(p))
