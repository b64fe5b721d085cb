"""What ``refman browse`` shows, without Textual: loading a collection, rows, search and filters.

The app (:mod:`refman.tui.app`) only draws; everything it filters or shows comes from here, so
the logic is testable without a terminal and can later grow editing (a :class:`Collection` holds
the references themselves, and :meth:`Collection.replace` swaps one for an edited copy).

Search is case-insensitive and works across scripts: both the query and every item are folded
with :func:`refman.translit.to_ascii`, so ``kurmangali`` finds ``Құрманғали`` and ``Курмангали``.
Every word of the query must occur somewhere in the item (key, names, titles, raw string, ...).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from refman.dedupe import MergedFrom, MergeRecord, PairVerdict, Unapplied
from refman.errors import InputError
from refman.formats.collection import collection_kind, read_collection
from refman.formats.csljson import stream_csl_json
from refman.identifiers import doi_url
from refman.library import Library, PersonRecord
from refman.linkcheck.links import NOT_CHECKED, LinkRecord
from refman.model import Name, Reference
from refman.resolve.records import Resolution
from refman.rulings import Ruling, with_ruling
from refman.store import BuildFolder, read_text
from refman.translit import to_ascii

__all__ = [
    "BADGES",
    "COMPARE_FIELDS",
    "DEFAULT_FILE",
    "SORTABLE",
    "Collection",
    "Filters",
    "Review",
    "ReviewRow",
    "Row",
    "all_problems",
    "article_of",
    "authors_short",
    "compare_fields",
    "fold",
    "is_article_item",
    "item_urls",
    "load_collection",
    "load_review",
    "merged_pairs",
    "narrows",
    "parse_field_filters",
    "review_from_json",
    "ruling_status",
    "status_badges",
    "status_flags",
    "with_rulings",
]

DEFAULT_FILE = "bibliography/references.json"


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


def all_problems(ref: Reference) -> list[str]:
    """The parser's problems, plus links that are not OK and matches that need review."""
    out = [str(p) for p in ref.refman.problems]
    links = LinkRecord.of(ref)
    for entry in links.entries if links is not None else ():
        if not entry.ok and entry.status != NOT_CHECKED:
            reason = f" ({entry.reason})" if entry.reason else ""
            out.append(f"link {entry.status}: {entry.url or '?'}{reason}")
    resolution = Resolution.of(ref)
    if resolution is not None and resolution.status == "ambiguous":
        out.append("match ambiguous" + (f": {resolution.reason}" if resolution.reason else ""))
    if resolution is not None and resolution.updates:
        out.append(f"Crossmark: {resolution.updates_text()}")
    return out


def item_urls(ref: Reference) -> list[str]:
    """Where an item can be opened: its URL, its DOI (as https://doi.org/...), a matched DOI."""
    urls: list[str] = []
    if ref.URL:
        urls.append(ref.URL)
    resolution = Resolution.of(ref)
    for doi in (ref.DOI, resolution.DOI if resolution is not None else None):
        if doi:
            url = doi if doi.startswith(("http://", "https://")) else doi_url(doi)
            if url not in urls:
                urls.append(url)
    return urls


def status_flags(ref: Reference) -> str:
    """Five one-character flags (space when not set), explained in the help screen.

    1 ``!`` problems; 2 ``R`` romanised entry attached; 3 ``∅`` a listed reference never cited
    in the text; 4 match ``✓`` matched, ``?`` ambiguous, ``×`` unmatched; 5 links ``✓`` all OK,
    ``·`` the others not checked, ``✗`` some not OK.
    """
    problems = "!" if all_problems(ref) else " "
    romanised = "R" if ref.refman.romanised else " "
    uncited = "∅" if ref.refman.raw is not None and not ref.refman.cited else " "
    resolution = Resolution.of(ref)
    matched = (
        {"matched": "✓", "ambiguous": "?", "unmatched": "×"}.get(resolution.status, "·")
        if resolution is not None
        else " "
    )
    entries = links.entries if (links := LinkRecord.of(ref)) is not None else ()
    unsettled = [e for e in entries if not e.ok]
    link = (
        " "
        if not entries
        else "✓"
        if not unsettled
        else "·"
        if all(e.status == NOT_CHECKED for e in unsettled)
        else "✗"
    )
    return problems + romanised + uncited + matched + link


#: The status badges, in the order a row shows them.
BADGES = ("resolved", "candidates", "unmatched", "duplicate", "broken link", "edited")


def status_badges(ref: Reference) -> tuple[str, ...]:
    """What the item's status is, as :data:`BADGES`: Crossref found it (``resolved``), found
    several (``candidates``) or none (``unmatched``); it stands for several references
    (``duplicate``); a link is not OK (``broken link``); a person decided something on it
    (``edited``)."""
    out: list[str] = []
    resolution = Resolution.of(ref)
    if resolution is not None:
        status = resolution.status
        if status == "matched":
            out.append("resolved")
        elif status == "ambiguous" or resolution.candidates:
            out.append("candidates")
        elif status == "unmatched":
            out.append("unmatched")
    if len(_merged_ids(ref)) > 1:
        out.append("duplicate")
    links = LinkRecord.of(ref)
    if links is not None and any(not e.ok and e.status != NOT_CHECKED for e in links.entries):
        out.append("broken link")
    person = PersonRecord.of(ref)
    if person is not None and not person.empty():
        out.append("edited")
    return tuple(out)


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
    status: str
    #: What a search looks in: the item's text folded (:func:`fold`), then, when folding changed
    #: more than case, the text case-folded as written (so ``Құр`` finds ``Құрманғали`` too).
    haystack: str
    has_problems: bool

    @classmethod
    def of(cls, index: int, ref: Reference) -> Row:
        """The row of the item at ``index``."""
        text = _search_text(ref)
        folded, cased = fold(text), text.casefold()
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
            status=" ".join(status_badges(ref)),
            haystack=folded if cased == folded else f"{folded}\n{cased}",
            has_problems=bool(all_problems(ref)),
        )

    def matches(self, terms: Sequence[tuple[str, str]]) -> bool:
        """True when every (folded, case-folded) query term occurs in the item."""
        return all(_found(ascii_term, raw_term, self.haystack) for ascii_term, raw_term in terms)


def _found(ascii_term: str, raw_term: str, haystack: str) -> bool:
    return bool(ascii_term and ascii_term in haystack) or bool(raw_term and raw_term in haystack)


def query_terms(query: str) -> list[tuple[str, str]]:
    """A query split into words, each as (ASCII-folded, case-folded)."""
    return [(fold(word), word.casefold()) for word in query.split()]


#: The columns a table can be sorted by (attributes of :class:`Row`).
SORTABLE = ("key", "number", "authors", "year", "title", "type", "article", "status")


@dataclass(frozen=True)
class Filters:
    """What the table shows: a search query, one article (or all), only items with problems, one
    type, items with one status badge, a range of years; and the column it is sorted by
    (None: the collection's order)."""

    query: str = ""
    article: str | None = None
    problems_only: bool = False
    type: str | None = None
    status: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    sort: str | None = None
    descending: bool = False

    @property
    def active(self) -> bool:
        """True when anything is filtered out."""
        return bool(self.query.strip() or self.describe_fields())

    def describe_fields(self) -> str:
        """The type, status and year filters as ``type=book status=edited year=2000-2010``, as
        :func:`parse_field_filters` reads them."""
        parts: list[str] = []
        if self.type is not None:
            parts.append(f"type={self.type}")
        if self.status is not None:
            parts.append(f"status={self.status.replace(' ', '-')}")
        if self.year_from is not None or self.year_to is not None:
            low = "" if self.year_from is None else str(self.year_from)
            high = "" if self.year_to is None else str(self.year_to)
            parts.append(f"year={low}-{high}" if low != high else f"year={low}")
        return " ".join(parts)

    def describe(self) -> str:
        """A short description for the status line (empty when nothing is filtered or sorted)."""
        parts: list[str] = []
        if self.query.strip():
            parts.append(f"search {self.query.strip()!r}")
        if self.article is not None:
            parts.append(f"article {self.article}")
        if self.problems_only:
            parts.append("problems only")
        if self.describe_fields():
            parts.append(self.describe_fields())
        if self.sort is not None:
            parts.append(f"sorted by {self.sort}" + (" (descending)" if self.descending else ""))
        return ", ".join(parts)

    def passes(self, row: Row) -> bool:
        """True when ``row`` passes every filter but the search."""
        if self.problems_only and not row.has_problems:
            return False
        if self.article is not None and row.article != self.article:
            return False
        if self.type is not None and row.type != self.type:
            return False
        if self.status is not None and self.status not in row.status:
            return False
        if self.year_from is not None or self.year_to is not None:
            year = int(row.year[:4]) if row.year[:4].isdigit() else None
            if year is None:
                return False
            if self.year_from is not None and year < self.year_from:
                return False
            if self.year_to is not None and year > self.year_to:
                return False
        return True


def parse_field_filters(text: str, filters: Filters) -> Filters:
    """``filters`` with the type, status and year filters ``text`` gives (``type=book
    status=unmatched year=2000-2010``; ``year=2005``, ``year=-1999`` and ``year=2000-`` work;
    empty text clears them). ``ValueError`` says what is wrong."""
    values: dict[str, Any] = {"type": None, "status": None, "year_from": None, "year_to": None}
    for part in text.split():
        name, equals, value = part.partition("=")
        if not equals or not value:
            raise ValueError(f"{part!r}: write name=value (type, status or year)")
        if name == "type":
            values["type"] = value
        elif name == "status":
            status = value.replace("-", " ")
            if status not in BADGES:
                raise ValueError(f"status {value!r}: one of {', '.join(b.replace(' ', '-') for b in BADGES)}")
            values["status"] = status
        elif name == "year":
            low, dash, high = value.partition("-")
            try:
                values["year_from"] = int(low) if low else None
                values["year_to"] = (int(high) if high else None) if dash else values["year_from"]
            except ValueError:
                raise ValueError(f"year {value!r}: write 2005, 2000-2010, -1999 or 2000-") from None
        else:
            raise ValueError(f"{name!r}: filter by type, status or year")
    return replace(filters, **values)


def _sort_key(attr: str) -> Callable[[Row], Any]:
    if attr in ("number", "year"):
        return lambda row: (not getattr(row, attr)[:4].isdigit(), getattr(row, attr).zfill(8))
    return lambda row: fold(getattr(row, attr))


#: Items read before the first screen, then per batch while a collection loads in the background.
FIRST_BATCH = 200
BATCH = 2000


@dataclass
class Collection:
    """The references being browsed, where they came from, and what went wrong reading them.

    A large CSL-JSON file arrives in batches: :func:`load_collection` reads the first one and
    leaves the rest in :attr:`pending`, which the app drains off the UI thread with
    :meth:`prepare` and :meth:`extend`.
    """

    references: list[Reference]
    source: str = ""
    warnings: list[str] = field(default_factory=list)
    #: The build directory when the collection is its ``references.json`` (its pairs can be reviewed).
    directory: Path | None = None
    #: The batches not read yet (None: everything is read).
    pending: Iterator[tuple[list[Reference], list[str]]] | None = None
    rows: list[Row] = field(init=False)

    def __post_init__(self) -> None:
        self.rows = []
        #: The positions of items a person removed from the library (not shown).
        self.hidden: set[int] = set()
        #: How many items have problems.
        self.with_problems = 0
        self._by_id: dict[str, Reference] = {}
        self._by_key: dict[str, Reference] = {}
        self._by_input: dict[str, Reference] = {}
        self._positions: dict[str, int] = {}
        refs, self.references = self.references, []
        self.extend(refs, self.prepare(refs))

    def prepare(self, refs: Sequence[Reference]) -> list[Row]:
        """The rows of ``refs`` when they are appended (the slow part of :meth:`extend`: any thread)."""
        start = len(self.references)
        return [Row.of(start + i, ref) for i, ref in enumerate(refs)]

    def extend(self, refs: Sequence[Reference], rows: Sequence[Row]) -> None:
        """Append ``refs`` with their :meth:`prepare`-d rows."""
        self.references.extend(refs)
        self.rows.extend(rows)
        self.with_problems += sum(1 for r in rows if r.has_problems)
        for n, ref in enumerate(refs, len(self.references) - len(refs)):
            self._positions.setdefault(ref.id, n)
            for merged in _merged_ids(ref):
                self._positions.setdefault(merged, n)
            self._by_id.setdefault(ref.id, ref)
            if ref.citation_key:
                self._by_key.setdefault(ref.citation_key, ref)
            for merged in _merged_ids(ref):
                self._by_input.setdefault(merged, ref)

    def reindex(self) -> None:
        """Look-ups and counts again, after items were changed in place."""
        self._by_id = {}
        self._by_key = {}
        self._by_input = {}
        self._positions = {}
        self.with_problems = 0
        refs, rows = self.references, self.rows
        self.references, self.rows = [], []
        self.extend(refs, rows)

    def __len__(self) -> int:
        return len(self.references)

    def get(self, item_id: str) -> Reference | None:
        """The item with this id (also looked up by citation key), if any."""
        found = self._by_id.get(item_id)
        return found if found is not None else self._by_key.get(item_id)

    def position(self, input_id: str) -> int | None:
        """Where the item that stands for ``input_id`` (its id, or a reference merged into it) is."""
        return self._positions.get(input_id)

    def holder(self, input_id: str) -> Reference | None:
        """The item that stands for input reference ``input_id``: its own, or a merged one."""
        found = self._by_id.get(input_id)
        return found if found is not None else self._by_input.get(input_id)

    def replace(self, index: int, ref: Reference) -> None:
        """Put an edited copy in place of the item at ``index``."""
        self.references[index] = ref
        self.rows[index] = Row.of(index, ref)
        self.reindex()

    def filter(self, filters: Filters, within: Sequence[Row] | None = None) -> list[Row]:
        """The rows that pass ``filters``, in collection order (``within``: only among these)."""
        terms = query_terms(filters.query)
        rows = self.rows if within is None else within
        if self.hidden:
            rows = [r for r in rows if r.index not in self.hidden]
        if filters.describe_fields() or filters.problems_only or filters.article is not None:
            rows = [r for r in rows if filters.passes(r)]
        for ascii_term, raw_term in terms:
            if raw_term == ascii_term or not raw_term:
                rows = [r for r in rows if ascii_term in r.haystack]
            else:
                rows = [r for r in rows if _found(ascii_term, raw_term, r.haystack)]
        return list(rows)

    def ordered(self, filters: Filters, rows: Sequence[Row]) -> list[Row]:
        """``rows`` in the order ``filters`` sorts by (collection order when it sorts by nothing)."""
        if filters.sort is None:
            return list(rows)
        return sorted(rows, key=_sort_key(filters.sort), reverse=filters.descending)

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


def narrows(old: Filters, new: Filters) -> bool:
    """True when every row ``new`` lets through also passes ``old`` (the query only grew), so
    ``new`` can search within ``old``'s result."""
    if replace(old, query=new.query) != new:
        return False
    old_terms, new_terms = query_terms(old.query), query_terms(new.query)
    return all(any(a in a2 and r in r2 for a2, r2 in new_terms) for a, r in old_terms)


def _batches(path: Path) -> Iterator[tuple[list[Reference], list[str]]]:
    """The items of CSL-JSON file ``path`` in batches of :data:`BATCH`, with the problems met."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        chunks = iter(lambda: handle.read(1 << 20), "")
        refs: list[Reference] = []
        problems: list[str] = []
        first = True
        for ref, met in stream_csl_json(chunks, str(path)):
            problems.extend(str(p) for p in met)
            if ref is not None:
                refs.append(ref)
            if len(refs) >= (FIRST_BATCH if first else BATCH):
                first = False
                yield refs, problems
                refs, problems = [], []
        yield refs, problems


def load_collection(path: str | Path) -> Collection:
    """Read a collection file: CSL-JSON, BibTeX or a coBib database (a directory means its
    ``references.json``). A CSL-JSON array comes in batches: the first is read now, the rest
    is :attr:`Collection.pending`.

    Raises :class:`~refman.errors.InputError` naming the file when it is missing or unreadable;
    problems reading it are kept as ``warnings``. A ``references.json`` gets its
    directory as :attr:`Collection.directory` (where the review screen finds the build report).
    """
    p = Path(path)
    folder = BuildFolder(p) if p.is_dir() else BuildFolder.holding(p)
    if p.is_dir():
        p = BuildFolder(p).csl_json
    built = folder is not None and p == folder.csl_json
    if not p.exists():
        raise InputError(p, "no such file (run `refman build` first)" if built else "no such file")
    directory = folder.root if folder is not None and built else None
    if _is_json_array(p):
        batches = _batches(p)
        refs, problems = next(batches)
        return Collection(refs, source=str(p), warnings=problems, directory=directory, pending=batches)
    refs, read_problems = read_collection(p)
    return Collection(refs, source=str(p), warnings=[str(w) for w in read_problems], directory=directory)


def _is_json_array(path: Path) -> bool:
    """True when the file's first character (after blanks) opens a JSON array."""
    try:
        with path.open("rb") as handle:
            start = handle.read(4096).lstrip(b" \t\r\n\xef\xbb\xbf")
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot read") from None
    text = start.decode("utf-8", "replace")
    return text.startswith("[") and collection_kind(path.name, text) == "csl-json"


# --- reviewing uncertain duplicate pairs ---------------------------------------------------------


def _merged_ids(ref: Reference) -> tuple[str, ...]:
    """The input ids a merged item stands for (empty when it is not a merged item)."""
    merged = MergedFrom.of(ref)
    return merged.ids if merged is not None else ()


@dataclass(frozen=True)
class ReviewRow:
    """A row of the review screen: two input ids, dedupe's ``verdict`` on them as the last build
    reported it (None for a ruling on a pair the report no longer lists: a build applied it, or
    it was made by hand), and a person's ``ruling``, if any. ``merged``: the verdict is one that
    linked a merged item of the last build (not an uncertain pair)."""

    a: str
    b: str
    verdict: PairVerdict | None = None
    ruling: Ruling | None = None
    merged: bool = False

    @property
    def pair(self) -> frozenset[str]:
        """The two ids, unordered."""
        return frozenset((self.a, self.b))

    @property
    def score(self) -> float | None:
        """The verdict's score (None without one)."""
        return self.verdict.score if self.verdict is not None else None

    @property
    def rule(self) -> str:
        """The rule of the verdict, or ``user`` for a ruling alone."""
        return self.verdict.rule if self.verdict is not None else "user"

    @property
    def in_report(self) -> bool:
        """The last build listed this pair for review."""
        return self.verdict is not None and not self.merged

    def explain(self) -> str:
        """The verdict's explanation, or what the ruling says."""
        if self.verdict is not None:
            return self.verdict.explain()
        label = self.ruling.label if self.ruling else "?"
        sign = "=" if self.ruling and self.ruling.same else "≠"
        return f"{self.a} {sign} {self.b}: ruled {label} by a person (not among the report's uncertain pairs)"


def with_rulings(
    verdicts: Iterable[PairVerdict], rulings: Sequence[Ruling], merged: Iterable[PairVerdict] = ()
) -> list[ReviewRow]:
    """A row for each uncertain pair (``verdicts``) with its ruling, then for each pair that
    linked a merged item (``merged``), then one row per ruling on a pair not among them (so every
    ruling can be seen and forgotten)."""
    by_pair = {r.pair: r for r in rulings}
    out: list[ReviewRow] = []
    seen: set[frozenset[str]] = set()
    for v, is_merged in [*((v, False) for v in verdicts), *((v, True) for v in merged)]:
        row = ReviewRow(v.a, v.b, v, merged=is_merged)
        if row.pair not in seen:
            seen.add(row.pair)
            out.append(replace(row, ruling=by_pair.get(row.pair)))
    for r in rulings:
        if r.pair not in seen:
            seen.add(r.pair)
            out.append(ReviewRow(r.a, r.b, ruling=r))
    return out


def review_from_json(text: str, path: str | Path) -> tuple[list[PairVerdict], dict[frozenset[str], str]]:
    """The uncertain pairs in a build report (``duplicates.review``) and why the last build could
    not apply some rulings (``duplicates.unapplied``, by pair). No ``duplicates`` or no
    ``review``: no pairs. Raises :class:`~refman.errors.InputError` when the report is malformed."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(data, dict):
        raise InputError(path, "expected a JSON object (the report `refman build` writes)")
    duplicates = data.get("duplicates")
    if duplicates is None:
        return [], {}
    if not isinstance(duplicates, dict):
        raise InputError(path, '"duplicates" must be an object')
    pairs = _section(duplicates, "review", PairVerdict.from_json, path)
    unapplied = _section(duplicates, "unapplied", Unapplied.from_json, path)
    return pairs, {u.ruling.pair: u.why for u in unapplied}


T = TypeVar("T")


def _section(duplicates: dict[str, Any], key: str, read: Callable[[Any], T], path: str | Path) -> list[T]:
    """The entries of ``duplicates.<key>`` (none when absent), read with ``read``."""
    entries = duplicates.get(key, [])
    if not isinstance(entries, list):
        raise InputError(path, f'"duplicates.{key}" must be a list')
    out: list[T] = []
    for k, entry in enumerate(entries):
        try:
            out.append(read(entry))
        except ValueError as exc:
            raise InputError(path, f"duplicates.{key} item {k + 1}: {exc}") from None
    return out


@dataclass(frozen=True)
class Review:
    """What the review screen works on: the report's uncertain pairs (``verdicts``), the rulings
    in the library, why the last build left some rulings ``unapplied``, and the pairs that linked
    the merged items of the collection (``merged``: :func:`merged_pairs`)."""

    directory: Path
    verdicts: tuple[PairVerdict, ...] = ()
    rulings: tuple[Ruling, ...] = ()
    unapplied: dict[frozenset[str], str] = field(default_factory=dict, hash=False, compare=False)
    merged: tuple[PairVerdict, ...] = ()

    def rows(self) -> list[ReviewRow]:
        """The uncertain pairs, the merged pairs, then the rulings on other pairs."""
        return with_rulings(self.verdicts, self.rulings, self.merged)

    def rule(self, a: str, b: str, ruling: str | None, note: str = "") -> Review:
        """This review with the pair (a, b) ruled ``"same"`` / ``"different"`` (None: forgotten);
        every other ruling stays, and an earlier note on the pair stays unless a new one is given."""
        return replace(self, rulings=tuple(with_ruling(self.rulings, a, b, ruling, note)))


def merged_pairs(collection: Collection) -> list[PairVerdict]:
    """The pairs that linked each merged item of ``collection`` (its ``duplicate`` rows), in order."""
    out: list[PairVerdict] = []
    for row in collection.rows:
        if "duplicate" in row.status and row.index not in collection.hidden:
            record = MergeRecord.of(collection.references[row.index])
            out.extend(record.pairs if record is not None else ())
    return out


def load_review(directory: str | Path, merged: Sequence[PairVerdict] = ()) -> Review:
    """The review of a build directory: its ``report.json`` (missing: no pairs), the rulings in
    its library and the ``merged`` pairs. Raises :class:`~refman.errors.InputError` naming the
    file when either is malformed."""
    root = Path(directory)
    report = BuildFolder(root).report_json
    verdicts: list[PairVerdict] = []
    unapplied: dict[frozenset[str], str] = {}
    if report.exists():
        verdicts, unapplied = review_from_json(read_text(report), report)
    with Library.open(root) as library:
        rulings = library.rulings()
    return Review(root, tuple(verdicts), tuple(rulings), unapplied, tuple(merged))


def _locator(ref: Reference) -> str:
    parts = []
    if ref.volume:
        parts.append(f"vol. {ref.volume}")
    if ref.issue:
        parts.append(f"no. {ref.issue}")
    if ref.page:
        parts.append(f"pp. {ref.page}")
    return ", ".join(parts)


#: The rows of the side-by-side comparison, in order.
COMPARE_FIELDS = (
    "item",
    "type",
    "title",
    "authors",
    "year",
    "container",
    "publisher",
    "volume/pages",
    "DOI",
    "raw",
)


def compare_fields(ref: Reference | None, input_id: str) -> dict[str, str]:
    """What the review screen shows of input reference ``input_id``, held by item ``ref``: the
    :data:`COMPARE_FIELDS` as text ("" when unknown). The title and raw string are the input's
    own even when it was merged into another item; the other fields are the item's."""
    if ref is None:
        return dict.fromkeys(COMPARE_FIELDS, "") | {
            "item": f"{input_id}: not in references.json (run `refman build` again?)"
        }
    record = MergeRecord.of(ref) if ref.id != input_id else None
    source = record.source(input_id) if record is not None else None
    merged = _merged_ids(ref)
    item = ref.citation_key or ref.id
    if ref.id != input_id:
        item = f"{input_id}, merged into {item}"
    if len(merged) > 1:
        item += f" (one item for {', '.join(merged)})"
    names = ref.author or ref.editor
    title = source.title if source is not None else None
    raw = source.provenance.raw if source is not None else None
    return {
        "item": item,
        "title": (title or ref.title or "").replace("\n", " "),
        "authors": "; ".join(n.display() for n in names),
        "year": "" if ref.year is None else str(ref.year),
        "type": ref.type,
        "container": ref.container_title or "",
        "publisher": ", ".join(x for x in (ref.publisher_place, ref.publisher) if x),
        "volume/pages": _locator(ref),
        "DOI": ref.DOI or "",
        "raw": raw if raw is not None else ref.refman.raw or "",
    }


def ruling_status(
    row: ReviewRow, holder_a: Reference | None, holder_b: Reference | None, unapplied: str | None = None
) -> str:
    """Where a ruling stands, judged from the collection: not ruled (or merged), applied by the
    last build, not applicable (``unapplied``: why the build said so) or waiting for the next build."""
    together = holder_a is not None and holder_b is not None and holder_a.id == holder_b.id
    if row.ruling is None:
        return "merged by the last build (x splits it off)" if together else "not ruled yet"
    if unapplied:
        return f"the last build could not apply it: {unapplied}"
    if row.ruling.same and together:
        return "applied: the last build made them one item"
    if not row.ruling.same and not together and not row.in_report:
        return "applied: the last build kept them apart"
    return "saved; the next `refman build` applies it"
