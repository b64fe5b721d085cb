"""How two records agree, field by field, and the facts about a pair that the rules test (pure).

The measures (titles, authors, venues, pages, links) and the thresholds below give the facts of
a :class:`Pair`; the rules (:mod:`refman.dedupe.rules`) weigh those facts. None of them gives a
verdict on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from refman.dedupe.records import MAX_AUTHORS, Author, Record, Title
from refman.normalise import fold_key
from refman.resolve.words import (
    distinctive,
    english_words,
    tokens,
    transcribed,
    translation_trace,
)

__all__ = [
    "CONTAINED_MIN_WORDS",
    "MAYBE_TITLE",
    "SAME_TITLE",
    "SHORT_TITLE_WORDS",
    "TRANSLATION_SHARE",
    "TRANSLATION_WORDS",
    "AuthorMatch",
    "Pair",
    "year_text",
]

#: Title similarity (soft token Dice on fold keys) from which titles count as the same.
SAME_TITLE = 0.9
#: Title similarity from which a pair with strong other evidence may still be the same.
MAYBE_TITLE = 0.75
#: A shorter title whose every significant word is in the longer one (a dropped subtitle or
#: trailing venue words) counts as contained when it has at least this many significant words.
CONTAINED_MIN_WORDS = 4
#: Titles with at most this many significant words need more than title + authors to merge.
SHORT_TITLE_WORDS = 3
#: A title in Kazakh or Russian and one in English are one work's (with the rest of the locator)
#: when the first gives at least this share of the second's words across the translation ...
TRANSLATION_SHARE = 0.15
#: ... and at least this many of them are not generic words (``model``, ``analysis``).
TRANSLATION_WORDS = 2


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


def _title_similarity(a: Title, b: Title) -> tuple[float, float]:
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


def _best_titles(a: Record, b: Record) -> tuple[float, float, Title | None, Title | None]:
    """The most similar pair of title variants: (dice, containment, a's title, b's title)."""
    best: tuple[float, float, Title | None, Title | None] = (0.0, 0.0, None, None)
    for ta in a.titles:
        for tb in b.titles:
            dice, contained = _title_similarity(ta, tb)
            if (dice, contained) > best[:2]:
                best = (dice, contained, ta, tb)
            if dice >= 1.0:
                return best
    return best


@dataclass(frozen=True)
class AuthorMatch:
    """How two author lists agree."""

    score: float | None  # matched / shorter list; None when either list is empty
    matched: int
    first: bool | None
    full: bool
    initials_clash: bool


def _subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(c in it for c in short)


def _same_author(x: Author, y: Author) -> tuple[bool, bool]:
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
    scripts_differ = x.cyrillic != y.cyrillic
    if not same_family and scripts_differ:
        # a name and its transcription into or out of Cyrillic: Хейворд / Hayward, Цинь / Qin
        same_family = transcribed(x.family, y.family)
    if same_family:
        if x.initials and y.initials and not x.initials & y.initials and not scripts_differ:
            return False, True  # (across scripts initials differ: Х. for J., Дж. for J.)
        return True, False
    # Family and given swapped by one source ("Omulo Sylvia" read as given + family).
    if x.family in y.tokens or y.family in x.tokens:
        return True, False
    return False, False


def _compare_authors(a: Record, b: Record) -> AuthorMatch:
    """How many authors the lists share, whether the first ones agree, and initials that clash."""
    la, lb = a.authors, b.authors
    if not la or not lb:
        return AuthorMatch(None, 0, None, False, False)
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
    return AuthorMatch(matched / shorter, matched, first_ok, full, clash or (first_clash and matched == 0))


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


def _pages_conflict(a: Record, b: Record) -> bool:
    """Both first pages known and different (online-first page 1 aside)."""
    if a.first_page is None or b.first_page is None or a.first_page == b.first_page:
        return False
    # Online-first pagination (1-17) against the issue's pages is not a conflict.
    return a.first_page != 1 and b.first_page != 1


def year_text(a: Record, b: Record) -> str:
    """The years as evidence: ``2020``, ``2020/2021`` or ``2020/?``."""
    if a.year is None or b.year is None:
        return f"{a.year or '?'}/{b.year or '?'}"
    return str(a.year) if a.year == b.year else f"{a.year}/{b.year}"


def _linked(a: Record, b: Record) -> str | None:
    """The relation type linking a and b, if either lists the other (by DOI or id)."""
    for x, y in ((a, b), (b, a)):
        targets = {t for t in (y.doi, y.id) if t}
        for rel, ids in x.relations.items():
            if ids & targets:
                return rel
    return None


T = TypeVar("T")


class _once(Generic[T]):  # lower case: used as a decorator, like property
    """A property worked out on first use and kept on the instance: ``functools.cached_property``
    without its lock (which, before Python 3.12, doubles the time of judging a pair)."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__

    def __get__(self, pair: Any, owner: Any = None) -> T:
        value = self.fn(pair)
        pair.__dict__[self.name] = value
        return value


class Pair:
    """Two records and the facts the rules test (those that take time: the first time a rule asks)."""

    def __init__(self, a: Record, b: Record) -> None:
        self.a = a
        self.b = b
        #: The ``custom.relation`` type by which one lists the other, if any.
        self.link = _linked(a, b)
        #: Both have a DOI; both have the same DOI.
        self.both_dois = bool(a.doi and b.doi)
        self.same_doi = bool(a.doi and a.doi == b.doi)
        #: Both years known and equal.
        self.year_equal = a.year is not None and a.year == b.year

    # --- identifiers and links

    @property
    def same_arxiv(self) -> bool:
        """Both have the same arXiv id."""
        return bool(self.a.arxiv and self.a.arxiv == self.b.arxiv)

    @property
    def arxivs_differ(self) -> bool:
        """Both have arXiv ids, and they differ."""
        return bool(self.a.arxiv and self.b.arxiv) and self.a.arxiv != self.b.arxiv

    @property
    def shares_id_or_page(self) -> bool:
        """Something besides the title ties them: a DOI, ISBN or arXiv id, or volume + first page."""
        a, b = self.a, self.b
        return (
            self.same_doi
            or self.shared_isbn
            or self.same_arxiv
            or (a.first_page is not None and a.first_page == b.first_page and a.volume == b.volume)
        )

    @property
    def shared_isbn(self) -> bool:
        """An ISBN in common."""
        return bool(self.a.isbns & self.b.isbns)

    @property
    def isbns_differ(self) -> bool:
        """Both have ISBNs, none in common."""
        return bool(self.a.isbns and self.b.isbns) and not self.shared_isbn

    @property
    def same_edition(self) -> bool:
        """No edition known on one side, or the same one."""
        a, b = self.a.edition, self.b.edition
        return a is None or b is None or a == b

    @property
    def identical_book(self) -> bool:
        """The same title, all authors, year and edition (a reprint under another ISBN)."""
        a, b = self.a, self.b
        return self.exact_title and self.authors.full and a.year == b.year and a.edition == b.edition

    @property
    def languages_differ(self) -> bool:
        """Both languages known and different."""
        return bool(self.a.language and self.b.language) and self.a.language != self.b.language

    @property
    def titles_translated(self) -> bool:
        """The titles are in two languages (Kazakh, Russian, English, by their letters) and do not
        agree: one work's title translated, or two works."""
        a, b = self.a.title_language, self.b.title_language
        return a is not None and b is not None and a != b and self.dice < 0.5

    @_once
    def translation(self) -> tuple[float, list[str]]:
        """For titles in Cyrillic and in Latin letters: the share of the Latin title's significant
        words that the other gives across the translation, and those words, explained
        (:func:`~refman.resolve.words.translation_trace`); (0, []) otherwise."""
        a, b = self.a, self.b
        if a.cyrillic == b.cyrillic or not a.title_text or not b.title_text:
            return 0.0, []
        source, english = (a, b) if a.cyrillic else (b, a)
        words = set(english_words(english.title_text))
        if not words:
            return 0.0, []
        found = translation_trace(tokens(source.title_text), english.title_text)
        return len(found) / len(words), found

    @property
    def translation_traced(self) -> bool:
        """The translation gives :data:`TRANSLATION_SHARE` of the English title's words, and
        :data:`TRANSLATION_WORDS` of them are not generic."""
        share, found = self.translation
        return share >= TRANSLATION_SHARE and distinctive(found) >= TRANSLATION_WORDS

    @property
    def translated_locator(self) -> bool:
        """Titles in two languages in one venue's issue (or on one first page), the same year and
        every author: all but the title says one article."""
        return (
            self.titles_translated
            and self.year_equal
            and self.same_venue
            and self.authors.full
            and (self.issue_agree or self.page_agree)
            and not self.detail_conflict
        )

    # --- web addresses

    @property
    def same_page_url(self) -> bool:
        """The same address of a page (not a site's bare address), as lists write it."""
        url = self.a.url_loose
        return url is not None and url == self.b.url_loose and "/" in url

    @property
    def page_and_site(self) -> bool:
        """One is a page of a site and the other gives only the site's bare address (a URL
        broken at a line end in a PDF: ``http://www.citywalls.ru/ house10969.html``)."""
        a, b = self.a.url_loose, self.b.url_loose
        if a is None or b is None or ("/" in a) == ("/" in b):
            return False
        return a.split("/", 1)[0] == b.split("/", 1)[0]

    @_once
    def spelt_alike(self) -> bool:
        """The titles read alike with the spaces taken out (one typo in 15 letters): words split
        letter by letter in a PDF copy (``Teat r na O f i t se r sko j``)."""
        ta, tb = self._titles[2:]
        if ta is None or tb is None:
            return False
        a, b = fold_key(ta.joined), fold_key(tb.joined)
        return min(len(a), len(b)) >= 15 and _within(a, b, max(1, min(len(a), len(b)) // 15))

    @property
    def books(self) -> bool:
        """Books, or a book and something of unknown type (where ISBNs tell editions apart)."""
        groups = (self.a.group, self.b.group)
        return all(g in ("book", None) for g in groups) and "book" in groups

    # --- titles

    @_once
    def _titles(self) -> tuple[float, float, Title | None, Title | None]:
        return _best_titles(self.a, self.b)

    @_once
    def dice(self) -> float:
        """Similarity of the closest pair of title variants (0..1)."""
        return self._titles[0]

    @_once
    def contained(self) -> float:
        """How much of the shorter of those titles is in the other (0..1)."""
        return self._titles[1]

    @_once
    def same_title(self) -> bool:
        """Titles at least :data:`SAME_TITLE` alike."""
        return self.dice >= SAME_TITLE

    @_once
    def similar_title(self) -> bool:
        """Titles at least :data:`MAYBE_TITLE` alike."""
        return self.dice >= MAYBE_TITLE

    @_once
    def exact_title(self) -> bool:
        """Titles alike but for the folding (0.99 and over)."""
        return self.dice >= 0.99

    @property
    def untitled(self) -> bool:
        """Either has no title at all."""
        return not self.a.titles or not self.b.titles

    @property
    def significant_words(self) -> int:
        """Significant words of the shorter of the two closest titles."""
        ta, tb = self._titles[2:]
        return min(len(ta.token_set) if ta else 0, len(tb.token_set) if tb else 0)

    @property
    def short(self) -> bool:
        """A title of at most :data:`SHORT_TITLE_WORDS` words, or two significant ones."""
        ta, tb = self._titles[2:]
        words = min(ta.words if ta else 0, tb.words if tb else 0)
        return words <= SHORT_TITLE_WORDS or self.significant_words <= 2

    @property
    def generic(self) -> bool:
        """A generic or recurring title on either side ("Editorial", "Book review column")."""
        return self.a.generic or self.b.generic

    @property
    def placeholder(self) -> bool:
        """Either has no real title."""
        return self.a.placeholder or self.b.placeholder

    # --- authors

    @_once
    def authors(self) -> AuthorMatch:
        """How the author lists agree."""
        return _compare_authors(self.a, self.b)

    @property
    def authors_half(self) -> bool:
        """At least half of the shorter author list matches."""
        return self.authors.score is not None and self.authors.score >= 0.5

    @property
    def authors_ok(self) -> bool:
        """No author list to compare, or at least half matches."""
        return self.authors.score is None or self.authors.score >= 0.5

    @property
    def authors_strong(self) -> bool:
        """Two thirds match, with the first author or two names among them."""
        am = self.authors
        return am.score is not None and am.score >= 0.67 and (am.first is True or am.matched >= 2)

    @property
    def authors_text(self) -> str:
        """``matched/compared`` authors, as evidence."""
        return f"{self.authors.matched}/{min(len(self.a.authors), len(self.b.authors))}"

    @property
    def one_sided_authors(self) -> bool:
        """Only one of the two names authors."""
        return self.authors.score is None and bool(self.a.authors or self.b.authors)

    # --- year, venue, volume, pages

    @property
    def year_missing(self) -> bool:
        """A year is missing."""
        return self.a.year is None or self.b.year is None

    @property
    def year_fits(self) -> bool:
        """The same year, or one missing."""
        return self.year_equal or self.year_missing

    @property
    def year_off1(self) -> bool:
        """Years one apart (online first and the issue)."""
        a, b = self.a.year, self.b.year
        return a is not None and b is not None and abs(a - b) == 1

    @_once
    def venue(self) -> float | None:
        """How alike the venues' names are (0..1), None when one has none."""
        return _venue_similarity(self.a.venue, self.b.venue)

    @property
    def same_venue(self) -> bool:
        """Venue names at least 0.8 alike."""
        return self.venue is not None and self.venue >= 0.8

    @property
    def venue_clash(self) -> bool:
        """Venues written in one script that share (almost) no word: another venue, not a variant."""
        return self.venue is not None and self.venue < 0.34 and self.a.venue_cyr == self.b.venue_cyr

    @property
    def venue_kinds_differ(self) -> bool:
        """One is in a journal, the other in a conference."""
        a, b = self.a.venue_kind, self.b.venue_kind
        return bool(a and b and a != b)

    @property
    def same_venue_kind(self) -> bool:
        """The same kind of venue (both unknown counts as the same)."""
        return self.a.venue_kind == self.b.venue_kind

    @property
    def same_volume(self) -> bool:
        """Both volumes known and equal."""
        return self.a.volume is not None and self.a.volume == self.b.volume

    @property
    def volume_conflict(self) -> bool:
        """Both volumes known and different."""
        return self.a.volume is not None and self.b.volume is not None and self.a.volume != self.b.volume

    @property
    def detail_conflict(self) -> bool:
        """Volumes or first pages differ."""
        return self.volume_conflict or _pages_conflict(self.a, self.b)

    @property
    def page_agree(self) -> bool:
        """The same first page."""
        return self.a.first_page is not None and self.a.first_page == self.b.first_page

    @property
    def pages_text(self) -> str:
        """``same`` or ``first/first``, as evidence."""
        return "same" if self.page_agree else f"{self.a.first_page}/{self.b.first_page}"

    @property
    def issue_agree(self) -> bool:
        """The same volume and issue."""
        return self.same_volume and self.a.issue is not None and self.a.issue == self.b.issue

    @property
    def details_agree(self) -> int:
        """How many of venue, volume and first page agree."""
        return sum((self.same_venue, self.same_volume, self.page_agree))

    @property
    def locator(self) -> bool:
        """The same venue, volume, first page, authors and year: a citation locator."""
        year = self.year_equal or (self.year_off1 and self.authors.full)
        return self.page_agree and self.same_volume and self.same_venue and self.authors_strong and year

    @property
    def score(self) -> float:
        """0..1 from the title, authors, year and venue details."""
        am = self.authors.score
        return (
            0.55 * self.dice
            + 0.25 * (am if am is not None else 0.5)
            + 0.1 * self.year_equal
            + 0.1 * min(self.details_agree, 1)
        )
