"""The record dedupe compares: one reference folded into its features, computed once (pure).

A :class:`Record` holds the normalised DOI (and its version family), ISBN-13s, arXiv id, title
variants under :func:`~refman.normalise.fold_key` (the same for a Cyrillic title and its
GOST/BGN/BSI/Kazakh-Latin romanisations; the English translation in ``[...]``, a parallel title
and the attached romanised copy are extra variants), authors (surname key, initials, all name
tokens), year, venue words and kind, volume, issue, pages, type group, edition and flags
(erratum, retraction, review, preprint, part numbers, numbers in the title). The words and
patterns these features are read with are data, below.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from refman.identifiers import (
    doi_family,
    find_arxiv_id,
    find_isbns,
    is_preprint_doi,
    normalise_doi,
    url_key,
)
from refman.keys import STOP_WORDS
from refman.lang import detect_language, is_cyrillic
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

__all__ = ["MAX_AUTHORS", "Author", "Folder", "Record", "Title"]

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
#: Recurring titles: columns, editorials, letters from the editor.
_RECURRING = re.compile(
    r"\bcolumn\b|^editorial\b|\beditor s? ?(?:note|notes|message|introduction|foreword)\b|\bchair s message\b"
    r"|^letter from\b|^in this issue\b|^from the editor"
)
#: Title keys of what is a notice about a work, not the work: errata and corrections, retraction
#: notices, reviews.
_NOTICES = {
    "erratum": re.compile(
        r"^(?:erratum|errata|corrigendum|corrigenda|correction|addendum|author correction"
        r"|publisher correction|опечатк|исправлени|поправк|түзету)"
        r"|\b(?:erratum|corrigendum|correction to|опечатки в)\b"
    ),
    "retraction": re.compile(
        r"^(?:retraction|retracted|withdrawn|expression of concern|notice of retraction|ретракция"
        r"|отзыв статьи)|\bretraction (?:note|notice)\b"
    ),
    "review": re.compile(
        r"^(?:book review|review of|reviewed work|рецензия|рец на|отзыв на|пікір)|\bbook review\b"
    ),
}
#: "Part II", "Часть 2", "2-бөлім", "Т. 1" in a title key: the number is group 1 or 2.
_PART = re.compile(
    r"\b(?:part|pt|часть|ч|бөлім|том|т|volume|vol|book|книга|кітап|выпуск|вып|section|раздел|phase|этап)"
    r"\s*(\d{1,3}|[ivxlc]{1,6})\b"
    r"|\b(\d{1,3}|[ivxlc]{1,6})\s*(?:бөлім|часть|том|кітап)\b"
)
#: Editions written as words.
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
#: A number standing alone in a title key.
_NUMBER_TOKEN = re.compile(r"(?<![\w])\d+(?![\w])")
#: A translation in brackets at the end of a title; a parallel title after " = ".
_BRACKETED = re.compile(r"\s*\[([^\[\]]{3,})\]\s*\.?$")
# (A pattern that opens with white space starts only where a run of it starts: linear time.)
_PARALLEL = re.compile(r"(?<!\s)\s+=\s+")
#: Annotations a title variant is made without: (pattern, a text the title must hold for it), for
#: "(Panel Abstract)", "Tutorial:" and "– Book Review".
_ANNOTATIONS = (
    (re.compile(r"(?<!\s)\s*\([^()]{1,80}\)"), "("),
    (
        re.compile(
            r"^(?:tutorial|foreword|preface|panel|keynote|invited talk|invited paper|demo|demonstration"
            r"|poster)\s*:\s*",
            re.IGNORECASE,
        ),
        ":",
    ),
    (
        re.compile(
            r"^\s*(?:book review|review of|reviewed works?|рецензия на|рецензия|рец\.? на)\s*[:.–—-]?\s*"
            r"|(?<!\s)\s*[–—:-]\s*book review\s*$|(?<!\s)\s*\(book review\)\s*$",
            re.IGNORECASE,
        ),
        "review",
    ),
)
#: The words of preprint servers' names (their DOIs: :func:`refman.identifiers.is_preprint_doi`).
_PREPRINT_WORDS = re.compile(
    r"arxiv|biorxiv|medrxiv|ssrn|preprint|research square|chemrxiv|techrxiv|psyarxiv|socarxiv|osf preprints"
    r"|препринт",
    re.IGNORECASE,
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


# --- features -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Title:
    """One title variant, folded."""

    tokens: tuple[str, ...]  # significant fold-key tokens, in order
    token_set: frozenset[str]
    joined: str  # all fold-key tokens without spaces (catches split/joined words)
    words: int  # number of words (stop words included)


@dataclass(frozen=True)
class Author:
    """One author, folded."""

    family: str  # fold key, no spaces
    family_tokens: frozenset[str]
    initials: frozenset[str]  # fold-key letters the first given name may start with; empty: unknown
    tokens: frozenset[str]  # every name token (family and given), for swapped family/given
    lossy: bool  # letters lost to "?" or U+FFFD (a broken encoding)
    cyrillic: bool = False  # written in Cyrillic (a foreign name then is a transcription)


class Folder:
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


class Record:
    """Everything the rules need about one reference, computed once (``index``: its input position)."""

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
        "title_language",
        "title_text",
        "titles",
        "translated",
        "url",
        "url_loose",
        "venue",
        "venue_cyr",
        "venue_kind",
        "volume",
        "year",
    )

    def __init__(self, index: int, ref: Reference, fold: Folder | None = None) -> None:
        fold = fold or Folder()
        self.index = index
        self.id = ref.id
        self.doi = normalise_doi(ref.DOI) if ref.DOI else None
        if self.doi is None and ref.URL and "10." in ref.URL and "doi" in ref.URL.lower():
            self.doi = normalise_doi(ref.URL)
        self.doi_fam = doi_family(self.doi) if self.doi else None
        self.group = _TYPE_GROUP.get(ref.type)
        self.volume = _number(ref.volume, _roman_number)
        self.issue = _number(ref.issue, _roman_number)
        rng = page_range(ref.page) if ref.page else None
        self.first_page = rng[0] if rng else None
        self.last_page = rng[1] if rng else None
        if (
            self.group == "book"
            and ref.refman.raw
            and (self.issue is not None or (self.last_page or 0) > (self.first_page or 0))
        ):
            # A book has no issue number and no page range: a journal's article that the parser
            # read as a book from its string (a romanised copy "Title [Translation]. Zhurnal,
            # 2008, no. 4" has no telling word). A type a record states is kept.
            self.group = "part"
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
        self.edition = _number(ref.edition, _edition_word)
        self.generic = key in _GENERIC_TITLES or bool(_RECURRING.search(key))
        self.erratum = bool(_NOTICES["erratum"].search(key))
        self.retraction = bool(_NOTICES["retraction"].search(key))
        self.review = bool(_NOTICES["review"].search(key)) or self.group == "review"
        self.numbers = frozenset(str(int(n)) for n in _NUMBER_TOKEN.findall(key) if len(n) <= 6)
        self.parts = _part_numbers(key)
        self.preprint = _is_preprint(ref, self.doi)
        self.url = url_key(ref.URL) if ref.URL and self.group in ("web", "book", None) else None
        self.url_loose = _loose_url(self.url) if self.url else None
        self.translated = bool(ref.translator)
        self.language = (ref.language or "").split("-")[0].lower() or None
        self.title_language = detect_language(ref.title) if ref.title else None
        self.title_text = title
        self.relations = _relations(ref)


def _loose_url(url: str) -> str:
    """A URL as lists write it: copied out of a PDF (hyphens lost or added at line ends, the access
    date's "(дата" glued to its end) or romanised with the list (``wiki/Опера_Бастилии`` is
    ``wiki/Opera_Bastilii``): the host, the path under :func:`fold_key` (escapes decoded), the query
    without hyphens. A site's bare address has no "/"."""
    host, _, rest = url.split("(", 1)[0].partition("/")
    path, mark, query = rest.partition("?")
    path = fold_key(unquote(path).replace("-", "")).replace(" ", "")
    return f"{host.lower()}/{path}{mark}{query.replace('-', '')}".rstrip("/?")


def _number(value: str | None, words: Callable[[str], int | None]) -> int | None:
    """The first number written in digits in ``value``, else what ``words`` reads in it."""
    if not value:
        return None
    m = _DIGITS.search(value)
    if m is None:
        return words(value)
    return int(m.group(0)) if len(m.group(0)) <= 100 else None  # a longer run is no number of a work


def _roman_number(value: str) -> int | None:
    return _roman(value.strip(" .,").lower())


def _edition_word(value: str) -> int | None:
    low = value.lower()
    return next((number for word, number in _EDITION_WORDS.items() if word in low), None)


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


def _make_title(text: str, fold: Folder) -> Title | None:
    folded = fold(text)
    if not folded:
        return None
    words = folded.split()
    tokens = tuple(w for w in words if (len(w) > 1 or w.isdigit()) and w not in _STOP)
    if len(tokens) < 2:
        tokens = tuple(w for w in words if len(w) > 1 or w.isdigit()) or tuple(words)
    count = sum(1 for w in words if len(w) > 1 or w.isdigit())
    return Title(tokens, frozenset(tokens), "".join(words), count)


def _bracketed(title: str) -> re.Match[str] | None:
    """``_BRACKETED`` in ``title``: it can only start at the white space before the last "[" (a
    search from every position of a long run of white space would take quadratic time)."""
    start = title.rfind("[")
    if start < 0:
        return None
    while start and title[start - 1].isspace():
        start -= 1
    return _BRACKETED.match(title, start)


def _title_variants(ref: Reference, fold: Folder) -> list[Title]:
    """The title, then its bracketed translation or parallel title, then the attached romanised copy."""
    texts: list[str] = []
    title = ref.title or ""
    m = _bracketed(title)
    if m and m.start() > 0:
        texts += [title[: m.start()], m.group(1)]
    elif " = " in title:
        texts += _PARALLEL.split(title)
    elif title:
        texts.append(title)
    romanised = ref.refman.romanised
    if isinstance(romanised, dict) and isinstance(romanised.get("title"), str):
        rt = romanised["title"]
        rm = _bracketed(rt)
        texts += [rt[: rm.start()], rm.group(1)] if rm and rm.start() > 0 else [rt]
    # Variants without annotations: "(Panel Abstract)", "Tutorial:", "– Book Review".
    for text in list(texts):
        low = text.lower()
        for pattern, marker in _ANNOTATIONS:
            if marker not in low and not (marker == "review" and "рец" in low):
                continue
            stripped = pattern.sub(" ", text).strip(" .:–—-")
            if stripped != text.strip() and len(stripped.split()) >= 2:
                texts.append(stripped)
    out: list[Title] = []
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


def _authors(names: Sequence[Name], fold: Folder) -> tuple[tuple[Author, ...], bool]:
    out: list[Author] = []
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
            Author(
                family=family.replace(" ", ""),
                family_tokens=ftoks,
                initials=_initials(given_text, given),
                tokens=ftoks | frozenset(t for t in given.split() if len(t) > 1),
                lossy=lossy,
                cyrillic=is_cyrillic(text[:1]),
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
