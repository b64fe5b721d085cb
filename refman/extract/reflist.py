"""Find an article's reference lists and split them into entries (pure).

A list is found by its heading (Kazakh, Russian or English; Markdown or plain, any case, with or
without a trailing colon) or, when no heading leads to a list, as a numbered list that ends the
text. Entries are split on their numbers ("1.", "[1]", "1)", "(1)") or, in unnumbered lists, on
hanging indents, bullets, blank lines and the shape of an entry's first line. Hard-wrapped
continuation lines are joined; an entry line that starts a second work after the first ended
with its URL becomes an entry of its own that shares the number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from refman.extract.text import (
    clean_markdown,
    heading_text,
    is_double_spaced,
    join_entry_lines,
    looks_like_reference,
)
from refman.identifiers import DOI_START

__all__ = [
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
        "библиография",
        "литература",
        "источники и литература",
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
_BULLET = re.compile(r"^[^\S\n]*[-*•–—▪●][ \t]+")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]|$)")
_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BOLD_LINE = re.compile(r"^[ \t]*(?:\*\*|__)[^*_\d]{1,80}(?:\*\*|__)[ \t:]*$")
_ENTRY_START = re.compile(
    r"^[*_\"«“]*(?:[^\W\d_][\w'’\-]+,?[ \t]+(?:[^\W\d_]\.|[^\W\d_]{1,2}\.[ \t]?[^\W\d_]\.)"
    r"|[^\W\d_][\w'’\-]+,[ \t]+[^\W\d_])"
)
_ENDED = re.compile(rf"(?:[.!?)\]>»”\"]|https?://\S+|\b{DOI_START}\S+)[*_ \t]*$")
_URL_END = re.compile(
    r"(?:https?://[^\s<>()]+|<https?://[^<>\s]+>|\]\(https?://[^()\s]+\))[.,;]?"
    r"(?:[ \t]*\([^()\n]{0,80}\))?[.*_ \t]*$",
    re.IGNORECASE,
)
_INITIAL_END = re.compile(r"(?:^|[\s.,\-])[^\W\d_]\.[*_ \t]*$")
_CHAPTER = re.compile(
    r"^[ \t#*_]*(?:chapter|appendix|глава|приложение|бөлім|тарау|қосымша)"
    r"[ \t]+(?:\d{1,3}|[IVXLC]{1,6})\b",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"^[ \t]*\d{1,4}[ \t]*$")
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


def marker_number(line: str) -> tuple[int, int] | None:
    """``(number, length of the marker)`` when ``line`` starts with a list number, else None."""
    match = _MARKER.match(line)
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
    if not text or len(text) > 80:
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
    0-based line range it covers (``start`` .. ``end`` inclusive) and its entries."""

    heading: int | None
    start: int
    end: int
    entries: list[Entry]
    numbered: bool
    heading_text: str = ""


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
        if _is_stop_line(line):
            return
        yield i, line, blanks >= (2 if double else 1)
        blanks = 0


def _numbered_entries(
    lines: Sequence[str], start: int, stop: int, double: bool, skip: frozenset[str]
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
        marker = marker_number(line)
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
    return entries, end


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
    lines: Sequence[str], start: int, stop: int, double: bool, skip: frozenset[str]
) -> tuple[list[Entry], int]:
    """Entries of an unnumbered list in ``lines[start:stop]`` and the index of its last line."""
    hanging = _is_hanging(lines, start, stop)
    entries: list[Entry] = []
    ends: list[int] = []
    indent = 0
    for i, line, gap in _list_lines(lines, start, stop, double, skip):
        bullet = _BULLET.match(line)
        body = line[bullet.end() :].strip() if bullet else line.strip()
        if entries and not bullet and _continues(entries[-1], line, body, gap, hanging, indent):
            entries[-1].add(body, i + 1)
            ends[-1] = i
            continue
        if entries and _is_prose(entries[-1]):
            entries.pop()
            ends.pop()
            break
        entries.append(Entry(None, i + 1, [body], [i + 1]))
        ends.append(i)
        indent = _indent(line)
    while entries and not looks_like_reference(entries[-1].raw):
        entries.pop()
        ends.pop()
    return entries, (ends[-1] if ends else start)


def _continues(entry: Entry, line: str, body: str, gap: bool, hanging: bool, indent: int) -> bool:
    """True when ``line`` continues ``entry`` rather than starting a new one."""
    if hanging:
        return _indent(line) > indent
    if entry.chars + len(body) > MAX_ENTRY_CHARS:
        return False
    if gap:
        return False
    if body[:1].islower():
        return True
    return not _ended(entry.lines[-1]) and not _ENTRY_START.match(body)


def _is_prose(entry: Entry) -> bool:
    """True for a long paragraph with no sign of a reference: the list has ended before it."""
    raw = entry.raw
    return len(raw) > 400 and not looks_like_reference(raw)


# --- sections -----------------------------------------------------------------------------------


def _is_numbered(lines: Sequence[str], start: int, stop: int) -> bool:
    """True when the section's first text lines are numbered."""
    seen = markers = 0
    for i in range(start, stop):
        if not lines[i].strip():
            continue
        seen += 1
        marker = marker_number(lines[i])
        if marker is not None:
            if seen == 1:
                return True
            markers += 1
        if seen >= 5:
            break
    return markers >= 2


def _valid(entries: Sequence[Entry], numbered: bool) -> bool:
    """True when enough entries look like references for the section to be a list."""
    if not entries:
        return False
    signs = sum(1 for e in entries if looks_like_reference(e.raw))
    return signs >= (0.3 if numbered else 0.5) * len(entries)


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
    double = is_double_spaced(lines[start:stop])
    skip = frozenset(k for k, first in running.items() if first < start)
    numbered = _is_numbered(lines, start, stop)
    if numbered:
        entries, end = _numbered_entries(lines, start, stop, double, skip)
    else:
        entries, end = _unnumbered_entries(lines, start, stop, double, skip)
    if not _valid(entries, numbered):
        return None
    first = heading if heading is not None else start
    label = heading_text(lines[heading]) if heading is not None else ""
    return RefList(heading, first, end, entries, numbered, label)


def _trailing_list(lines: Sequence[str], running: dict[str, int]) -> RefList | None:
    """A numbered list that starts at the last "1." of the text and ends it (no heading), or None."""
    chain_start = next(
        (
            i
            for i in range(len(lines) - 1, -1, -1)
            if lines[i].lstrip(" \t\f\v*_[(")[:1] == "1" and (m := marker_number(lines[i])) and m[0] == 1
        ),
        None,
    )
    if chain_start is None or chain_start < len(lines) // 3:
        return None
    found = _section(lines, None, chain_start, len(lines), running)
    if found is None or len(found.entries) < 3:
        return None
    if sum(1 for e in found.entries if looks_like_reference(e.raw)) < 0.6 * len(found.entries):
        return None
    rest = sum(1 for line in lines[found.end + 1 :] if line.strip())
    return found if rest <= 60 else None


_HEADING_HINT = re.compile(
    r"литератур|әдебиет|reference|bibliograph|библиограф|cited|literature|источник|дереккөз|sources"
)


def _heading_lines(lines: Sequence[str]) -> list[int]:
    """Indices of reference-list headings (one regex pass over the text picks the candidates)."""
    joined = "\n".join(lines).lower()
    found: list[int] = []
    index, pos = 0, 0
    for match in _HEADING_HINT.finditer(joined):
        index += joined.count("\n", pos, match.start())
        pos = match.start()
        if (not found or found[-1] != index) and is_reference_heading(lines[index]):
            found.append(index)
    return found


def find_reference_lists(lines: Sequence[str]) -> list[RefList]:
    """Every reference list of an article, in text order (headed lists; else a trailing one)."""
    headings = _heading_lines(lines)
    running = _running_lines(lines)
    found: list[RefList] = []
    for k, h in enumerate(headings):
        stop = headings[k + 1] if k + 1 < len(headings) else len(lines)
        section = _section(lines, h, h + 1, stop, running)
        if section is not None:
            found.append(section)
    if found:
        return found
    trailing = _trailing_list(lines, running)
    return [trailing] if trailing is not None else []
