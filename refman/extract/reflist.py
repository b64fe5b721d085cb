"""Find an article's reference lists and split them into entries (pure).

A list is found by its heading (Kazakh, Russian or English; Markdown or plain, any case, with or
without a trailing colon, or with the first entry on the heading's line) or, when no heading leads
to a list, as the run of lines that look most like references (:mod:`refman.extract.finder`).
A list whose heading comes again after a page break (or a second heading with only page
furniture before it) continues the list before it.

Entries are split on their numbers ("1.", "[1]", "1)", "(1)", a bare "1 " in a list numbered so,
and numbers that run on inside a line) or, in unnumbered lists, on hanging indents, bullets,
blank lines and the written shape the list's entries open with ("Albers HE (2012)", "SMITH, J.",
"Smith, J.", "[Ahl78]", a ditto dash). Page numbers, running heads and page marks between an
entry's halves are left out. Hard-wrapped continuation lines are joined; an entry that cites
several works ("...(1990); F. J. Gilman, ...") and an entry line that starts a second work after
the first ended with its URL become entries of their own that share the number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from refman.extract.finder import FEATURES, best_run, opens_entry
from refman.extract.text import (
    clean_markdown,
    heading_text,
    is_double_spaced,
    join_entry_lines,
    looks_like_reference,
)
from refman.identifiers import DOI_START
from refman.lang import CAPITAL_LATIN1, CAPITAL_LATIN_EXTENDED, SMALL_LATIN_EXTENDED
from refman.parse.patterns import CITY

__all__ = [
    "BARE_ENTRY_CHARS",
    "END_HEADINGS",
    "MAX_ENTRY_CHARS",
    "REFERENCE_HEADINGS",
    "Entry",
    "RefList",
    "find_reference_lists",
    "is_reference_heading",
    "marker_number",
]

# Headings of a reference list, as :func:`heading_text` leaves them.
REFERENCE_HEADINGS = frozenset(
    {
        # Kazakh
        "пайдаланылған әдебиеттер тізімі",
        "пайдаланылған әдебиеттер",
        "пайдаланылған әдебиет",
        "пайдаланылған әдебиеттер мен дереккөздер",
        "пайдаланылған дереккөздер",
        "пайдаланылған дереккөздер тізімі",
        "қолданылған әдебиеттер тізімі",
        "қолданылған әдебиеттер",
        "әдебиеттер тізімі",
        "әдебиеттер",
        "әдебиет",
        "дереккөздер тізімі",
        "дереккөздер",
        "сілтемелер",
        "мұрағат деректері",
        # Russian
        "список литературы",
        "список использованной литературы",
        "список использованных источников",
        "список использованных источников и литературы",
        "список источников",
        "список источников и литературы",
        "список литературы и источников",
        "использованная литература",
        "использованные источники",
        "библиографический список",
        "библиографические ссылки",
        "ссылки",
        "библиография",
        "литература",
        "источники и литература",
        "источники",
        "архивные источники",
        "опубликованные источники",
        # English
        "references",
        "reference list",
        "list of references",
        "references and notes",
        "bibliography",
        "works cited",
        "literature cited",
        "references cited",
        "cited literature",
        "literature",
        "sources and literature",
        "sources",
        "primary sources",
        "secondary sources",
        "archival sources",
    }
)

# Headings that end a reference list (compared as prefixes of :func:`heading_text`).
END_HEADINGS = (
    "information about author",
    "information about the author",
    "about the author",
    "author information",
    "authors information",
    "author details",
    "author contributions",
    "authors' contributions",
    "сведения об автор",
    "информация об автор",
    "об авторах",
    "авторлар туралы",
    "автор туралы",
    "acknowledgement",
    "acknowledgment",
    "благодарност",
    "алғыс",
    "funding",
    "финансирование",
    "қаржыландыру",
    "conflict of interest",
    "conflicts of interest",
    "конфликт интересов",
    "мүдделер қақтығысы",
    "appendix",
    "приложение",
    "қосымша",
    "примечания",
    "ескертпелер",
    "footnotes",
    "сноски",
    "поступила в редакцию",
    "статья поступила",
    "material received",
    "received",
    "аннотация",
    "аңдатпа",
    "abstract",
    "annotation",
    "түйін",
    "резюме",
    "summary",
    "keywords",
    "key words",
    "ключевые слова",
    "кілт сөздер",
    "түйін сөздер",
    "тірек сөздер",
)

# "References for chapter 3", "References cited in appendix A", "Литература к главе 2".
_SCOPED_HEADING = re.compile(
    r"(?:references(?: cited)?|bibliography|literature cited|литература|список литературы)"
    r"(?: cited)?(?: for| in| to| к| по)? (?:chapter|appendix|part|главе|разделу|приложению) [\w.]{1,6}"
)
# A list number: up to 9 digits (a list of any length that fits in an article; more digits are
# not a number of the list).
_MARKER = re.compile(
    r"^[^\S\n]*(?:\*\*|__)?(?:\[(\d{1,9})\]|\((\d{1,9})\)|(\d{1,9})(?:\\?\.|\)))(?:\*\*|__)?"
    r"(?:[ \t]+|$|(?=[^\d\s.,;:)\]\-–]))"
)
_BARE_MARKER = re.compile(rf"^[^\S\n]*(\d{{1,4}})[ \t]+(?=[{CAPITAL_LATIN1}“\"«])")
_BULLET = re.compile(r"^[^\S\n]*[-*•–—▪●][ \t]+")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]|$)")
_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BOLD_LINE = re.compile(r"^[ \t]*(?:\*\*|__)[^*_\d]{1,80}(?:\*\*|__)[ \t:]*$")
_ENTRY_START = re.compile(
    r"^[*_\"«“]*(?:[^\W\d_][\w'’\-]+,?[ \t]+(?:[^\W\d_]\.|[^\W\d_]{1,2}\.[ \t]?[^\W\d_]\.)"
    r"|[^\W\d_][\w'’\-]+,[ \t]+[^\W\d_])"
)
_ENDED = re.compile(
    rf"(?:[.!?)\]>»”\"]|https?://\S+|\b{DOI_START}\S+|\b(?:CrossRef|Medline|PubMed|Google Scholar))[*_ \t]*$"
)
_URL_END = re.compile(
    r"(?:https?://[^\s<>()]+|<https?://[^<>\s]+>|\]\(https?://[^()\s]+\))[.,;]?"
    r"(?:[ \t]*\([^()\n]{0,80}\))?[.*_ \t]*$",
    re.IGNORECASE,
)
# Where an entry's line ends in the middle of something: a broken word, a list of names going on.
_OPEN_END = re.compile(
    r"(?:[,&:/]|\b(?:and|und|и|және|et|in|In|of|the)|\b[A-ZА-Я][a-zа-я]{0,2}\.?\s*\d{0,4}:)$"
)
_U = CAPITAL_LATIN_EXTENDED
_L = SMALL_LATIN_EXTENDED
_SURNAME_WORD = rf"[{_U}][{_L}]+(?:[{_U}][{_L}]+)?(?:['’\-][{_U}]?[{_L}]+)*"
#: The shapes an entry of an unnumbered list opens with (first match wins).
_START_SHAPES = (
    ("label", re.compile(r"^\[[^\W\d_][^\]\s]{0,15}\]")),
    ("caps", re.compile(rf"^[{_U}]{{2,}}(?:[ \-][{_U}]{{2,}})*,?[ \t]+[{_U}][{_L}]?\.")),
    (
        "vancouver",
        re.compile(
            rf"^(?:{_SURNAME_WORD}[ \t]){{1,2}}[{_U}]{{1,3}}"
            rf"(?:[,.(]|[ \t]\(|(?:-[{_U}])?(?:[ \t][{_U}](?:-[{_U}])?)*"
            rf"(?:,|[ \t]and[ \t]|[ \t](?:1[5-9]|20)\d\d\b))"
        ),
    ),
    (
        "inverted",
        re.compile(
            rf"^(?:(?:de|van|von|van der|da|di|le|la)[ \t])?{_SURNAME_WORD}"
            rf"(?:[ \t]{_SURNAME_WORD})?,[ \t]*(?![{_U}]{{2}}:)[{_U}]"
        ),
    ),
    ("gost", re.compile(rf"^{_SURNAME_WORD}[ \t]+[{_U}][{_L}]?\.[ \t]?(?:[{_U}][{_L}]?\.)?")),
    (
        "ditto",
        re.compile(
            r"^(?:(?:[-–—_~]{2,}|[—–]|-(?=[ \t]*,))[ \t]*[.,~]*(?:[ \t]|$)"
            r"|(?:9[ \t]+)?\(?(?:1[5-9]|20)\d\d[a-z]?\)?[.:][ \t]+[\"“«'‘A-Z])"
        ),
    ),
    (
        "initials caps",
        re.compile(rf"^[{_U}][{_L}]?\.(?:[ \t]?-?[ \t]?[{_U}][{_L}]?\.)*[ \t]?[{_U}]{{2,}}\b(?![.\w])"),
    ),
    (
        "initials",
        re.compile(
            rf"^[{_U}][{_L}]?\.(?:[ \t]?-?[ \t]?[{_U}][{_L}]?\.)*[ \t]?"
            rf"(?:(?:de|van|von|van der|di|da|le|la)[ \t])?(?:[{_U}]{{2,}}|{_SURNAME_WORD})\b"
        ),
    ),
)
# "Rohan Taori, Achal Dave, and ...", "Michael Collins. 2000.": counts only after a finished line.
_FULL_NAMES = re.compile(
    rf"^{_SURNAME_WORD}(?:[ \t](?:[{_U}]\.?|{_SURNAME_WORD}))?[ \t](?:[a-z]{{1,3}}[ \t])?{_SURNAME_WORD}"
    rf"(?:,[ \t]+{_SURNAME_WORD}[ \t]|[ \t]+and[ \t]+[{_U}]|\.[ \t]+\(?(?:1[5-9]|20)\d\d)"
)
_SHAPE_MIN_LINES = 4
_PARTICLE = re.compile(
    r"(?:van der|van den|von der|de la|van|von|de|der|den|del|della|di|du|da|dos|le|la|ter|ten)[ \t]+"
)
_LINK = re.compile(rf"(?:https?://|\b{DOI_START})\S*", re.IGNORECASE)
_DASHES = frozenset("-–—_~")
_LABEL_ONLY = re.compile(r"\s*\[[^\W\d_][^\]\s]{0,15}\]\s*")
_DITTO_ONLY = re.compile(r"\s*(?:[-–—_~]{2,}|[—–])[ \t]*[.,~]*\s*")
# Where one work of a compound entry ends: ";" after a number or bracket ("(1990); ", "0606054; ").
_COMPOUND_CUT = re.compile(r"(?<=[\d)\]]);[ \t]+")
# The end of a physics citation, "(1983) 327." or "[hep-lat]].", where a second work may follow.
_CITATION_END = re.compile(r"(?:\)[ \t]\d+|\d\)|\])(\.)[ \t]+(?=[A-ZÀ-ÖØ-Þ]\.)")
# Shapes that open a work with its authors' names ("Karassiov V P 1992 ...", "Smith, J.").
_NAME_SHAPES = frozenset({"caps", "vancouver", "inverted", "gost", "initials", "initials caps"})
_INITIALS_SHAPES = frozenset({"initials", "initials caps"})
_CITATION_LINE_END = re.compile(r"(?:\)[ \t]\d+|\d\)|\])\.[ \t]*$")
_COMPOUND_END = re.compile(r"[\d)\]];[ \t]*$")
_SUB_LETTER = re.compile(r"\(?[a-h][ \t]?\)[ \t]*\S")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d[a-z]?\b")
_YEAR_REACH = 80
# A line that only carries an entry's links: "CrossRef Medline", "DOI: ...", "Available at".
_TAIL_LINE = re.compile(
    r"(?:crossref|medline|pubmed|google scholar|doi|pmid|url|available|retrieved)\b", re.IGNORECASE
)
_NUMBERED_WINDOW = 12
_UNHEADED_MIN_ENTRIES = 3
#: Under a reference-list heading, entries with no year, pages or link are a list when each is
#: this short or shorter (and none is running text).
BARE_ENTRY_CHARS = 400
_UNHEADED_TRIES = 5
_UNHEADED_SHARE = 0.6
# A heading with text after it on its line: "Әдебиеттер: 1. ...", "**References.** [1] ...".
_INLINE_HEADING = re.compile(r"^([^:.]{3,80}?)(?:\*\*|__)?[ \t]*[:.](?:\*\*|__)?[ \t]+(?=\S)")
# Lines other than page furniture that may stand between a list and its continuation's heading.
_FURNITURE_LINES = 2
# The next list number inside an entry's line, after a year or page ("1970.  2.") or two spaces.
_NEXT_NUMBER = r"(?:(?<=\d\.)[ \t]+|(?<=[.;])[ \t]{{2,}}){number}[.)][ \t]+(?=[^\W\d_])"
_YEARS = (1500, 2100)
# A place and publisher ("Алматы: Жазушы", "М.: Наука") or a publisher's word ("Press", "баспасы").
_IMPRINT = re.compile(
    rf"(?<![^\W\d_]){CITY}\s*[.:]|(?i:\b(?:press|publish\w*|verlag|изд-во|издательство|баспа\w*)\b)"
)
_SHAPE_SHARE = 0.15
# An entry that ends with its page count: "– 304 б.", "– 300 с.", "12 p." (not an initial).
_PAGES_END = re.compile(r"\d[ \t]*[^\W\d_]{1,2}\.[*_ \t]*$")
# Blank-line-separated blocks that are each a whole entry: at least this many, and at least this
# share of them opening with authors' names (the others with a capital: a title, a law).
_BLOCK_MIN = 3
_BLOCK_NAMED_SHARE = 0.75
_INITIAL_END = re.compile(r"(?:^|[\s.,\-])[^\W\d_]\.[*_ \t]*$")
_CHAPTER = re.compile(
    r"^[ \t#*_]*(?:chapter|appendix|глава|приложение|бөлім|тарау|қосымша)"
    r"[ \t]+(?:\d{1,3}|[IVXLC]{1,6})\b",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"^[ \t]*\d{1,4}[ \t]*$")
# A page break that OCR or a converter wrote into the text: "#### Page 5", "Page 5 of 12", "- 12 -".
_PAGE_MARK = re.compile(
    r"^[ \t\f]*(?:#{1,6}[ \t]*)?(?:(?:page|страница|стр\.|бет)[ \t]+\d{1,4}(?:[ \t]+(?:of|из)[ \t]+\d{1,4})?"
    r"|[-–—][ \t]*\d{1,4}[ \t]*[-–—])[ \t]*$",
    re.IGNORECASE,
)
_PAGE_MARK_LOOKAHEAD = 4
_WORK_START = re.compile(r"^(?:\*{1,3}|_{1,3})[ \t]*[^\W\d_\s]")
_HAS_URL = re.compile(r"https?://|www\.", re.IGNORECASE)

#: A list entry ends when its lines reach this many characters (a list's last entry does not
#: swallow the rest of the article); the lines after it, up to the next entry, are not read (the
#: diagnostic ``entry_too_long`` counts them).
MAX_ENTRY_CHARS = 3000
_MAX_NUMBER_STEP = 5
_NOT_OPENING = frozenset("–—-,;:.)/]")
_MAX_FOREIGN_LINES = 20
_HANGING_WINDOW = 60
_RUNNING_MIN = 3
_DIGITS = re.compile(r"\d+")
_PAGE_LINES = re.compile(r"^[^\S\n]*\d{1,4}[^\S\n]*$", re.MULTILINE)


def marker_number(line: str, bare: bool = False) -> tuple[int, int] | None:
    """``(number, length of the marker)`` when ``line`` starts with a list number, else None.
    With ``bare``, a number with no stop or bracket before a capital also counts ("12 A. Smith",
    as physics journals print their lists)."""
    match = _MARKER.match(line) or (_BARE_MARKER.match(line) if bare else None)
    if match is None:
        return None
    digits = match.group(1) or match.group(2) or match.group(3)
    number = int(digits)
    if number == 0:
        return None
    return number, match.end()


def is_reference_heading(line: str) -> bool:
    """True when ``line`` is the heading of a reference list ("Список литературы", "## References",
    "*Пайдаланылған әдебиеттер тізімі:*", "REFERENCES", "Список литературы / References", ...)."""
    if len(line) > 150 or not line.strip():
        return False
    text = heading_text(line)
    text = re.sub(r"\s*\([^()]{0,60}\)$", "", text)
    if text in REFERENCE_HEADINGS or _SCOPED_HEADING.fullmatch(text):
        return True
    parts = [p.strip() for p in text.split("/")]
    return len(parts) > 1 and all(p in REFERENCE_HEADINGS for p in parts)


def _is_end_heading(line: str) -> bool:
    """True for a heading that closes a list: authors' details, acknowledgements, notes, ..."""
    if len(line) > 120:
        return False
    text = heading_text(line)
    if not text or len(text) > 80 or line.lstrip()[:1].islower():  # "abstract)" ends a sentence
        return False
    return any(text.startswith(h) for h in END_HEADINGS) and not looks_like_reference(text)


def _is_stop_line(line: str) -> bool:
    """True for a line that cannot belong to a list: a heading, a rule, a table row."""
    return bool(
        _MD_HEADING.match(line)
        or _RULE.match(line)
        or _BOLD_LINE.match(line)
        or (_CHAPTER.match(line) is not None and not looks_like_reference(line))
        or line.lstrip().startswith(("|", "!["))
        or is_reference_heading(line)
        or _is_end_heading(line)
    )


@dataclass
class Entry:
    """One work of a list: its number (None if unnumbered), 1-based first line, its source lines
    (stripped, list marker removed) and their 1-based line numbers; ``chars`` counts the lines'
    characters; ``lines_not_read`` the lines after it that were not read because the entry grew
    past :data:`MAX_ENTRY_CHARS` (up to the next entry, or the end of the list)."""

    number: int | None
    line: int
    lines: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    chars: int = field(default=0, init=False, repr=False, compare=False)
    lines_not_read: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.chars = sum(len(s) for s in self.lines)

    def add(self, text: str, row: int) -> None:
        """Add a continuation line (its text and 1-based line number)."""
        self.lines.append(text)
        self.rows.append(row)
        self.chars += len(text)

    @property
    def raw(self) -> str:
        """The entry as written: list marker removed, lines stripped and joined with a space."""
        return " ".join(part for part in (s.strip() for s in self.lines) if part)

    @cached_property
    def text(self) -> str:
        """The cleaned plain text of the entry (Markdown removed), as given to the parser."""
        return clean_markdown(join_entry_lines(self.lines))


@dataclass
class RefList:
    """A reference list: its heading (0-based line index, None when found without one), the
    0-based line range it covers (``start`` .. ``end`` inclusive) and its entries; ``continues``
    when it goes on the list before it (its heading repeated after a page break, or a second
    heading with nothing but page furniture between the two); ``bare`` when it was taken for its
    heading alone (too few entries carry a year, pages or a link); ``left_out`` the entry-shaped
    blocks read after its last entry and not taken as references (reported, never silently lost)."""

    heading: int | None
    start: int
    end: int
    entries: list[Entry]
    numbered: bool
    heading_text: str = ""
    continues: bool = False
    bare: bool = False
    left_out: list[Entry] = field(default_factory=list)


# --- numbered lists -----------------------------------------------------------------------------


def _ended(text: str) -> bool:
    """True when an entry line ends like a finished entry (period, bracket, URL, DOI), not with
    an initial ("... D. E." goes on with more authors on the next line)."""
    return _ENDED.search(text) is not None and _INITIAL_END.search(text) is None


def _starts_new_work(previous: str, line: str) -> bool:
    """True when ``line`` starts a second work inside one numbered entry.

    The entry so far ends with its URL (an access date or period may follow) and ``line``
    opens with Markdown emphasis (a new title), or the entry ended with a period, had a URL
    and ``line`` opens with emphasis and carries a URL of its own.
    """
    if len(line.strip()) < 15 or not _WORK_START.match(line.lstrip()):
        return False
    if _URL_END.search(previous):
        return True
    return (
        previous.rstrip(" *_").endswith(".")
        and bool(_HAS_URL.search(previous))
        and bool(_HAS_URL.search(line))
    )


def _opens_entry(body: str) -> bool:
    """False when the text after a number reads as the rest of an entry ("2. – С. 10–20.")."""
    return body.lstrip()[:1] not in _NOT_OPENING


def _number_fits(number: int, last: int | None) -> bool:
    """True when a marker number may start the next entry after ``last``."""
    return last is None or last <= number <= last + _MAX_NUMBER_STEP


def _list_lines(
    lines: Sequence[str], start: int, stop: int, double: bool, skip: frozenset[str]
) -> Iterator[tuple[int, str, bool]]:
    """The text lines of a list in ``lines[start:stop]`` up to a stop line, noise left out: each
    with its index and whether a blank gap (two blank lines when ``double`` spaced) precedes it."""
    blanks = 0
    for i in range(start, stop):
        line = lines[i]
        if not line.strip():
            blanks += 1
            continue
        if _is_noise(line, skip):
            continue
        if _PAGE_MARK.match(line) or (_RULE.match(line) and _page_mark_follows(lines, i + 1, stop)):
            blanks = 0  # a page break says nothing about where entries end
            continue
        if _is_stop_line(line):
            return
        yield i, line, blanks >= (2 if double else 1)
        blanks = 0


def _page_mark_follows(lines: Sequence[str], start: int, stop: int) -> bool:
    """True when one of the next few text lines from ``start`` is a page mark ("#### Page 6")."""
    seen = 0
    for i in range(start, min(stop, len(lines))):
        if not lines[i].strip():
            continue
        if _PAGE_MARK.match(lines[i]):
            return True
        seen += 1
        if seen >= _PAGE_MARK_LOOKAHEAD:
            break
    return False


def _numbered_entries(
    lines: Sequence[str], start: int, stop: int, double: bool, skip: frozenset[str], bare: bool = False
) -> tuple[list[Entry], int]:
    """Entries of a numbered list in ``lines[start:stop]`` and the index of its last line."""
    entries: list[Entry] = []
    last_number: int | None = None
    closed = False
    too_long: Entry | None = None  # the entry closed for its length, whose next lines are not read
    foreign = 0
    end = start
    for i, line, gap in _list_lines(lines, start, stop, double, skip):
        if foreign > _MAX_FOREIGN_LINES:
            break
        marker = marker_number(line, bare)
        if marker is not None and _number_fits(marker[0], last_number) and _opens_entry(line[marker[1] :]):
            number, length = marker
            entries.append(Entry(number, i + 1, [line[length:].strip()], [i + 1]))
            last_number, closed, too_long, end, foreign = number, False, None, i, 0
            continue
        if not entries or closed:
            foreign += 1
            if too_long is not None:
                too_long.lines_not_read += 1
            continue
        current = entries[-1]
        previous = current.lines[-1]
        if gap and _ended(previous) and not line.lstrip()[:1].islower():
            closed = True
            foreign += 1
            continue
        if current.chars + len(line) > MAX_ENTRY_CHARS:
            closed, too_long = True, current
            current.lines_not_read += 1
            foreign += 1
            continue
        if _starts_new_work(previous, line):
            entries.append(Entry(current.number, i + 1, [line.strip()], [i + 1]))
        else:
            current.add(line.strip(), i + 1)
        end = i
    _renumber_all_ones(entries)
    pieces = [
        piece for entry in entries for inline in _split_inline(entry) for piece in _split_compound(inline)
    ]
    return pieces, end


def _split_inline(entry: Entry) -> list[Entry]:
    """A numbered entry whose line runs on into the next numbers ("... М., 1970.  2. Омаров А. ...
    3. Романов В.Г. ...") as one entry per number. The next number must follow a year or page
    ("1970. 2.") or two spaces, so that a volume "Т. 2." inside an entry stays where it is."""
    if entry.number is None:
        return [entry]

    def next_number(text: str, start: int, number: int | None) -> tuple[int, int, int | None] | None:
        following = (number or 0) + 1
        found = re.compile(_NEXT_NUMBER.format(number=following)).search(text, start)
        return None if found is None else (found.start(), found.end(), following)

    return _cut(entry, next_number)


def _split_compound(entry: Entry) -> list[Entry]:
    """A numbered entry that cites several works, "[3] J. Koerner, Z. Phys. C 46, 93 (1990);
    F. J. Gilman, Phys. Rev. D 41, 142 (1990)." or "1. (a) ... (1979); (b) ...", as one entry per
    work, all with its number: a new work starts after a ";" that ends a citation (a number or a
    bracket before it) where names or a letter "(b)" follow, or after a full stop that ends one
    where initials and a family name follow ("(1983) 327.  M. Panero, JHEP ...")."""

    def next_work(text: str, start: int, number: int | None) -> tuple[int, int, int | None] | None:
        for match in _COMPOUND_CUT.finditer(text, start):
            rest = text[match.end() :]
            if _SUB_LETTER.match(rest) or _start_shape(rest) is not None:
                return match.start() + 1, match.end(), number
        for match in _CITATION_END.finditer(text, start):
            if _start_shape(text[match.end() :]) in _INITIALS_SHAPES:
                return match.start(1) + 1, match.end(), number
        return None

    return [piece for part in _split_at_line_ends(entry) for piece in _cut(part, next_work)]


def _split_at_line_ends(entry: Entry) -> list[Entry]:
    """``entry`` cut where a line ends a work with ";" and the next opens with names or "(b)"."""
    pieces = [Entry(entry.number, entry.line)]
    first = _start_shape(entry.lines[0]) if entry.lines else None
    for text, row in zip(entry.lines, entry.rows, strict=True):
        last = pieces[-1].lines[-1] if pieces[-1].lines else ""
        shape = _start_shape(text) if last else None
        if (
            (_COMPOUND_END.search(last) and (_SUB_LETTER.match(text) or shape is not None))
            or (shape in _INITIALS_SHAPES and _CITATION_LINE_END.search(last))
            or (shape in _NAME_SHAPES and shape == first and _ended_loosely(last))
        ):
            pieces.append(Entry(entry.number, row))
        pieces[-1].add(text, row)
    if len(pieces) == 1:
        return [entry]
    pieces[-1].lines_not_read = entry.lines_not_read
    return pieces


def _cut(
    entry: Entry, next_cut: Callable[[str, int, int | None], tuple[int, int, int | None] | None]
) -> list[Entry]:
    """``entry`` cut into pieces where ``next_cut(line, from, number)`` says: the end of one piece,
    the start of the next and the next one's number (a line may be cut more than once)."""
    pieces = [Entry(entry.number, entry.line)]
    for text, row in zip(entry.lines, entry.rows, strict=True):
        start = 0
        while (cut := next_cut(text, start, pieces[-1].number)) is not None:
            end, start_next, number = cut
            if text[start:end].strip():
                pieces[-1].add(text[start:end].strip(), row)
            pieces.append(Entry(number, row))
            start = start_next
        pieces[-1].add(text[start:].strip(), row)
    pieces = [p for p in pieces if p.lines]
    if len(pieces) == 1:
        return [entry]
    pieces[-1].lines_not_read = entry.lines_not_read
    return pieces


def _renumber_all_ones(entries: list[Entry]) -> None:
    """Markdown lists written "1." "1." "1." number themselves: give them 1, 2, 3."""
    if len(entries) >= 3 and all(e.number == 1 for e in entries):
        for index, entry in enumerate(entries, start=1):
            entry.number = index


# --- unnumbered lists ---------------------------------------------------------------------------


def _indent(line: str) -> int:
    """Width of the leading white space (a tab counts four)."""
    line = line.lstrip("\f\v")
    return len(line) - len(line.lstrip(" \t")) + 3 * (len(line) - len(line.lstrip("\t")))


def _is_hanging(lines: Sequence[str], start: int, stop: int) -> bool:
    """True when the list uses hanging indents: first lines flush, continuation lines indented."""
    indents: list[int] = []
    for i in range(start, stop):
        if lines[i].strip():
            indents.append(_indent(lines[i]))
            if len(indents) >= _HANGING_WINDOW:
                break
    if len(indents) < 2:
        return False
    low = min(indents)
    hanging = sum(1 for n in indents if n >= low + 2)
    return indents[0] == low and hanging >= 0.15 * len(indents)


def _unnumbered_entries(
    lines: Sequence[str], start: int, stop: int, double: bool, skip: frozenset[str], headed: bool = False
) -> tuple[list[Entry], int, list[Entry]]:
    """Entries of an unnumbered list in ``lines[start:stop]``, the index of its last line and the
    entries left out after it: a paragraph of running text ends the list, and entries that do not
    read as references (:func:`_reads_as_entry`) are left out from its end, unless the list is
    ``headed`` and none has a sign of one (works named without a year)."""
    hanging = _is_hanging(lines, start, stop)
    listed = list(_list_lines(lines, start, stop, double, skip))
    layout = _Layout(hanging, _dominant_shape([line for _, line, _ in listed]))
    entries: list[Entry] = []
    ends: list[int] = []
    left_out: list[Entry] = []
    for i, line, gap in listed:
        bullet = _BULLET.match(line)
        body = line[bullet.end() :].strip() if bullet else line.strip()
        layout.blank_before = i > 0 and not lines[i - 1].strip()
        if entries and not bullet and _continues(entries[-1], line, body, gap, layout):
            entries[-1].add(body, i + 1)
            ends[-1] = i
            continue
        if entries and _is_prose(entries[-1]):
            left_out.append(entries.pop())
            ends.pop()
            break
        entries.append(Entry(None, i + 1, [body], [i + 1]))
        ends.append(i)
        if not (layout.hanging and entries[1:] and _start_shape(body) == "ditto"):
            layout.indent = _indent(line)  # an indented ditto keeps the list's margin
    if headed and not any(looks_like_reference(e.raw) for e in entries):
        return entries, (ends[-1] if ends else start), left_out
    while entries and not _reads_as_entry(entries[-1]):
        left_out.insert(0, entries.pop())
        ends.pop()
    return entries, (ends[-1] if ends else start), left_out


def _blocks_are_entries(lines: Sequence[str], start: int, stop: int, skip: frozenset[str]) -> bool:
    """True when the blank-line-separated blocks of a list in ``lines[start:stop]`` (up to a stop
    line) are each a whole entry: one that opens with a capital, most with authors' names
    ("Жұбанов Қ. ..."), the others only after a block with its year; each reads as a reference and
    ends like a finished one ("... – 304 б."), not half a wrapped sentence. Such a list (Word text
    with an empty line between entries) is not double spaced, however many lines blanks follow."""
    blocks: list[list[str]] = [[]]
    for line in lines[start:stop]:
        if not line.strip():
            if blocks[-1]:
                blocks.append([])
            continue
        if _is_stop_line(line):
            break
        if not _is_noise(line, skip):
            blocks[-1].append(line.strip())
    blocks = [b for b in blocks if b]
    if len(blocks) < _BLOCK_MIN:
        return False
    named = 0
    dated = False  # whether the block before has its year, so that it is whole
    for block in blocks:
        text = " ".join(block)
        body = _BULLET.sub("", text).lstrip('*_"«“')
        ends = _ended(text) or _PAGES_END.search(text) is not None
        if not (body[:1].isupper() and ends and _reads_as_entry(Entry(None, 0, block, []))):
            return False
        if _start_shape(body) is not None or _ENTRY_START.match(body) is not None:
            named += 1
        elif not dated or _TAIL_LINE.match(body):
            return False  # a second half: "Vasudevan G. ... Power." + "New Delhi: Abhonav, 2003."
        dated = _YEAR.search(text) is not None
    return named >= _BLOCK_NAMED_SHARE * len(blocks)


def _reads_as_entry(entry: Entry) -> bool:
    """True when an entry reads like a reference even without a year: a sign of one (see
    :func:`looks_like_reference`), or no running text and names with initials or an imprint
    ("Smith J. Some report.", "Абай Құнанбайұлы. Қара сөздер. Алматы: Жазушы.")."""
    raw = entry.raw
    if looks_like_reference(raw):
        return True
    if FEATURES["prose"](raw):
        return False
    return bool(FEATURES["names"](raw) or FEATURES["initials"](raw) or _IMPRINT.search(raw))


@dataclass
class _Layout:
    """What an unnumbered list's layout says about where entries start: hanging indents, the
    written shape most entries open with (see :data:`_START_SHAPES`), the last entry's indent,
    whether a blank line comes before the line at hand."""

    hanging: bool
    shape: str | None
    indent: int = 0
    blank_before: bool = False


def _start_shape(body: str) -> str | None:
    """The written shape of the names an entry line opens with ("de Blok W. J. G." as "Blok W. J.
    G."), or None."""
    particle = _PARTICLE.match(body)
    if particle is not None:
        body = body[particle.end() :]
    return next((name for name, pattern in _START_SHAPES if pattern.match(body)), None)


def _dominant_shape(texts: Sequence[str]) -> str | None:
    """The shape the list's lines open with most often, when enough of them do (the list's own
    way of starting an entry: "Albers HE (2012)", "ABERNETHY, D. A.", "Smith, J.")."""
    shapes = Counter(_start_shape(_BULLET.sub("", line).strip()) for line in texts)
    shapes.pop(None, None)
    if not shapes:
        return None
    shape, count = shapes.most_common(1)[0]
    return shape if count >= _SHAPE_MIN_LINES and count >= _SHAPE_SHARE * len(texts) else None


def _numbered_line(body: str) -> bool:
    """Whether a line opens with a list number (not a year) and then names: "21. E. J. HART"."""
    marker = marker_number(body)
    if marker is None or _YEARS[0] <= marker[0] <= _YEARS[1]:
        return False
    return _start_shape(body[marker[1] :].lstrip()) is not None


def _ended_loosely(text: str) -> bool:
    """:func:`_ended`, or a line that ends with a number (pages "9067 – 9072", "PMID: 27855785")."""
    return _ended(text) or (text[-1:].isdigit() and not _OPEN_END.search(text))


def _continues(entry: Entry, line: str, body: str, gap: bool, layout: _Layout) -> bool:
    """True when ``line`` continues ``entry`` rather than starting a new one."""
    if _DITTO_ONLY.fullmatch(entry.raw) or _LABEL_ONLY.fullmatch(entry.raw):
        return True  # "--.." or "[Ahl78]" on a line of its own, the work on the next
    previous = entry.lines[-1].rstrip(" *_")
    shape = _start_shape(body)
    if shape == "ditto" and _ended_loosely(previous):
        # "Abel T., ..., 2000, ApJ, 540, 39" + "—,  2002, Science, 295, 93"; a year-led work
        # ("(1970): “Estimating ...") only once the entry before has its own year
        return not (body[:1] in _DASHES or _YEAR.search(entry.raw))
    if layout.hanging:
        return _indent(line) > layout.indent
    if entry.chars + len(body) > MAX_ENTRY_CHARS:
        return False
    if gap:
        return False
    first = body[:1]
    if first.isdigit() and _ended(previous) and _numbered_line(body):
        return False  # a list number the rest of the list lost: "(1964)." + "21. E. J. HART et ..."
    named = first.islower() and shape is not None and _ended_loosely(previous)  # "de Blok W. J. G., ..."
    if shape != "ditto" and not named and (first.islower() or first.isdigit() or first in _NOT_OPENING):
        return True
    if _OPEN_END.search(previous) and not _URL_END.search(previous):
        return True
    if shape is None and _ended(previous) and _FULL_NAMES.match(body):
        shape = "full names"
    if layout.shape is not None:
        if not _ended_loosely(previous) and not _YEAR.search(entry.raw):
            return True  # a wrapped author list: "..., Kevin Knight, Daniel" / "Marcu, Steve DeNeefe, ..."
        if shape == layout.shape:
            return False
        journal = (
            shape == "initials" and layout.shape == "initials caps"
        )  # "J. Chem. Soc." in a list of capitals
        if (shape is None or journal) and not _YEAR.search(entry.raw) and _YEAR.search(body):
            return True  # its year is still to come: "... L. F. KASUKHIN." + "Tetrahedron, 37, 437 (1981)."
        dated = _YEAR.search(_LINK.sub("", body[:_YEAR_REACH])) is not None
        opens = shape is not None or ((layout.blank_before or dated) and not _TAIL_LINE.match(body))
        return not (_ended(previous) and opens)
    return not _ended(previous) and not _ENTRY_START.match(body)


def _is_prose(entry: Entry) -> bool:
    """True for a long paragraph with no sign of a reference: the list has ended before it."""
    raw = entry.raw
    return len(raw) > 400 and not looks_like_reference(raw)


# --- sections -----------------------------------------------------------------------------------


def _number_follows(lines: Sequence[str], start: int, stop: int, number: int) -> bool:
    """True when a line of ``lines[start:stop]`` opens with the list number after ``number``."""
    return any((m := marker_number(lines[i])) is not None and m[0] == number + 1 for i in range(start, stop))


def _numbering(lines: Sequence[str], start: int, stop: int) -> str | None:
    """How the section's entries are numbered: "marked" ("1.", "[1]", "(1)") when two of its first
    text lines open with list numbers, or one does and the section is short or its next number
    comes later (long entries); "bare" when
    they open with plain numbers counting up from 1 ("1 A. Smith", "2 B. Jones"); else None.
    A year opening a line ("2013. Title", the wrapped end of an author list) is no list number."""
    seen = 0
    marked: list[int] = []
    bare: list[int] = []
    for i in range(start, stop):
        if not lines[i].strip():
            continue
        seen += 1
        for found, allow in ((marked, False), (bare, True)):
            marker = marker_number(lines[i], allow)
            if marker is not None and not _YEARS[0] <= marker[0] <= _YEARS[1]:
                found.append(marker[0])
        if seen >= _NUMBERED_WINDOW:
            break
    if len(marked) >= 2 or (
        marked and (seen < _NUMBERED_WINDOW or _number_follows(lines, start + 1, stop, marked[0]))
    ):
        return "marked"
    if len(bare) >= 2 and bare[0] <= 2 and all(b - a in (1, 2) for a, b in pairwise(bare)):
        return "bare"
    return None


def _signed(entries: Sequence[Entry], numbered: bool) -> bool:
    """True when enough entries look like references (a year, pages, a link) for a list."""
    signs = sum(1 for e in entries if looks_like_reference(e.raw))
    return signs >= (0.3 if numbered else 0.5) * len(entries)


def _bare_entries(entries: Sequence[Entry]) -> bool:
    """True when entries without a sign of a reference may still be a list under a reference-list
    heading: each is short and none is running text (works named without a year)."""
    return all(e.chars <= BARE_ENTRY_CHARS and not FEATURES["prose"](e.raw) for e in entries)


def _running_key(line: str) -> str:
    """A line with its numbers and spacing normalised: "REFERENCES   482" -> "REFERENCES #"."""
    return " ".join(_DIGITS.sub("#", line).split())


def _running_lines(lines: Sequence[str]) -> dict[str, int]:
    """Running heads and feet of PDF pages: lines repeated three times or more, mostly next to a
    page break (a form feed or a page-number line). Their text -> first index."""
    joined = "\n".join(lines)
    if "\f" not in joined and len(_PAGE_LINES.findall(joined)) < _RUNNING_MIN:
        return {}
    counts: Counter[str] = Counter()
    for line, count in Counter(lines).items():
        if len(key := _running_key(line)) >= 8:
            counts[key] += count
    keys = {k for k, count in counts.items() if count >= _RUNNING_MIN}
    if not keys:
        return {}
    marks = {i for i, line in enumerate(lines) if "\f" in line or _PAGE_NUMBER.match(line)}
    first: dict[str, int] = {}
    near: Counter[str] = Counter()
    for i, line in enumerate(lines):
        key = _running_key(line)
        if key in keys:
            first.setdefault(key, i)
            if any(j in marks for j in range(i - 2, i + 3)):
                near[key] += 1
    return {k: i for k, i in first.items() if 3 * near[k] >= 2 * counts[k]}


def _is_noise(line: str, skip: frozenset[str]) -> bool:
    """True for a page number or a running head inside a list (left out of entries)."""
    return _PAGE_NUMBER.match(line) is not None or (bool(skip) and _running_key(line) in skip)


def _section(
    lines: Sequence[str], heading: int | None, start: int, stop: int, running: dict[str, int]
) -> RefList | None:
    """The list under a heading (or from ``start``), or None when there is none.

    Running heads already seen before ``start`` are not read into entries.
    """
    skip = frozenset(k for k, first in running.items() if first < start)
    numbering = _numbering(lines, start, stop)
    numbered = numbering is not None
    double = is_double_spaced(lines[start:stop]) and (
        numbered or not _blocks_are_entries(lines, start, stop, skip)
    )
    left_out: list[Entry] = []
    if numbered:
        entries, end = _numbered_entries(lines, start, stop, double, skip, numbering == "bare")
    else:
        entries, end, left_out = _unnumbered_entries(lines, start, stop, double, skip, heading is not None)
    if not entries:
        return None
    bare = not _signed(entries, numbered)
    if bare and (heading is None or not _bare_entries(entries)):
        return None
    first = heading if heading is not None else start
    label = heading_text(lines[heading]) if heading is not None else ""
    return RefList(heading, first, end, entries, numbered, label, bare=bare, left_out=left_out)


def _unheaded_list(lines: Sequence[str], running: dict[str, int]) -> RefList | None:
    """A list without a heading: the best-scoring run of lines (:func:`refman.extract.finder.best_run`)
    read as a list from its first line that opens like an entry (a list number or names; the next
    such line when that gives no list), when three entries or more come of it and most look like
    references."""
    run = best_run(lines)
    if run is None:
        return None
    openings = [i for i in range(run[0], run[1] + 1) if opens_entry(lines[i])][:_UNHEADED_TRIES]
    for first in openings:
        found = _section(lines, None, first, len(lines), running)
        if found is None or len(found.entries) < _UNHEADED_MIN_ENTRIES:
            continue
        if sum(1 for e in found.entries if looks_like_reference(e.raw)) >= _UNHEADED_SHARE * len(
            found.entries
        ):
            return found
    return None


_HEADING_HINT = re.compile(
    r"литератур|әдебиет|reference|bibliograph|библиограф|cited|literature|источник|дереккөз|sources|мұрағат"
    r"|ссылки|сілтеме"
)


def _heading_lines(lines: Sequence[str]) -> list[int]:
    """Indices of reference-list headings (one regex pass over the text picks the candidates)."""
    joined = "\n".join(lines).lower()
    found: list[int] = []
    index, pos = 0, 0
    for match in _HEADING_HINT.finditer(joined):
        index += joined.count("\n", pos, match.start())
        pos = match.start()
        line = lines[index]
        if (not found or found[-1] != index) and (is_reference_heading(line) or _heading_with_entry(line)):
            found.append(index)
    return found


def _heading_with_entry(line: str) -> int | None:
    """Where the first entry starts on a heading's own line ("Әдебиеттер: 1. Иванов И.И. ...",
    "References: [1] A. Smith ..."), or None."""
    match = _INLINE_HEADING.match(line)
    if match is None or not is_reference_heading(match.group(1)):
        return None
    rest = line[match.end() :]
    return match.end() if marker_number(rest) is not None and looks_like_reference(rest) else None


def _continues_list(lines: Sequence[str], previous: RefList, heading: int, running: dict[str, int]) -> bool:
    """True when only page furniture (page numbers, running heads, page marks, rules) stands
    between the end of ``previous`` and the heading at ``heading``."""
    skip = frozenset(running)
    between = [
        line
        for line in lines[previous.end + 1 : heading]
        if line.strip() and not _is_noise(line, skip) and not _PAGE_MARK.match(line) and not _RULE.match(line)
    ]
    return len(between) <= _FURNITURE_LINES


def find_reference_lists(lines: Sequence[str]) -> list[RefList]:
    """Every reference list of an article, in text order (headed lists; else one found by the
    shape of its lines, :func:`_unheaded_list`)."""
    headings = _heading_lines(lines)
    running = _running_lines(lines)
    found: list[RefList] = []
    for k, h in enumerate(headings):
        stop = headings[k + 1] if k + 1 < len(headings) else len(lines)
        label = heading_text(lines[h])
        inline = _heading_with_entry(lines[h])
        if inline is not None:  # read the heading's line as the list's first line
            label = heading_text(lines[h][:inline])
            lines = [*lines[:h], lines[h][inline:], *lines[h + 1 :]]
        section = _section(lines, h, h if inline is not None else h + 1, stop, running)
        if section is not None:
            section.heading_text = label
            section.continues = bool(found) and _continues_list(lines, found[-1], h, running)
            found.append(section)
    if found:
        return found
    unheaded = _unheaded_list(lines, running)
    return [unheaded] if unheaded is not None else []
