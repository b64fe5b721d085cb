"""Article front matter: title, authors, affiliations, abstract and keywords in every language (pure).

Kazakh and Russian journals print the front matter of an article two or three times: a Kazakh,
a Russian and an English block, each with authors, affiliations, a title, an abstract and
keywords. The blocks are usually at the top of the article; in some journals the blocks in the
other languages come at the very end, after the body and the reference list. Plain English
articles have a single block (title, authors, affiliations, "Abstract", "Keywords:").

The extractor looks only at the first :data:`HEAD_LINES` and the last :data:`TAIL_LINES`
non-blank lines, so its cost is linear in the size of the text and small for any article.

How a block is found: an abstract label line ("Abstract", "Аннотация", "Аңдатпа", ...) and/or a
keywords line ("Keywords:", "Ключевые слова:", "Кілт сөздер:", ...) anchor it; the lines before
the abstract hold the authors, affiliations and title. Lines are classified as metadata (УДК,
DOI, e-mail, ...), author lines (names with initials or affiliation markers), affiliation lines
(marker first, or an institution word) and text; the title is the Markdown heading or the run
of text lines that looks most like a title. A text wrapped by a PDF extractor (hard line breaks,
blank lines between all lines) is joined back, hyphenated words included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from refman.extract.venue import read_venue
from refman.lang import (
    CAPITAL,
    SMALL,
    UKRAINIAN_BELARUSIAN_CAPITAL,
    UKRAINIAN_BELARUSIAN_SMALL,
    detect_language,
    is_cyrillic,
)
from refman.model import Date, Name, Reference
from refman.translit import to_ascii

__all__ = ["HEAD_LINES", "TAIL_LINES", "extract_metadata"]

#: Non-blank lines looked at from the start of the article.
HEAD_LINES = 300
#: Non-blank lines looked at from the end of the article.
TAIL_LINES = 200
# Longest line examined (longer lines are cut): keeps every regex linear and cheap.
_LINE_CAP = 10_000
# Longest line that may be an author or affiliation line.
_FRONT_LINE_MAX = 600
# Farthest (in non-blank lines) a block reaches back from its abstract or keywords line.
_REACH = 40
_MAX_TITLE_LINES = 4
# Most blocks looked at (real articles have one to four): the first ones and the last four.
_MAX_BLOCKS = 10
_MAX_TITLE_CHARS = 400

# --- patterns (data) ----------------------------------------------------------------------------

_ABSTRACT_LABELS = (
    "abstract",
    "annotation",
    "summary",
    "аннотация",
    "абстракт",
    "резюме",
    "аңдатпа",
    "андатпа",
    "түйіндеме",
    "түйін",
)
# Labels that may run straight into the text ("Abstract The paper ...").
_ABSTRACT_RUN_IN = ("abstract", "аннотация", "аңдатпа", "annotation")
_KEYWORD_LABELS = (
    r"key\s*words",
    r"index\s+terms",
    r"ключевые\s+слова",
    r"кілт(?:ті|тік)?\s+сөздер",
    r"түйін(?:ді)?\s+сөздер",
    r"тірек\s+сөздер",
)
_ABSTRACT_RE = re.compile(
    r"(?P<label>" + "|".join(_ABSTRACT_LABELS) + r")(?![\w-])\s*(?P<sep>[.:—–-]?)\s*(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_KEYWORD_RE = re.compile(
    r"(?:" + "|".join(_KEYWORD_LABELS) + r")(?![\w-])\s*[.:—–-]?\s*(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_META_RE = re.compile(
    r"^(?:(?:УДК|UDC|МРНТИ|ГРНТИ|ҒТАМР|IRSTI|JEL|DOI|ORCID|ISSN|ISBN|Copyright)\b|©)"
    r"|^(?:Received|Accepted|Revised|Published|Поступила|Принята|Получено|Редакцияға|Қабылданды|"
    r"Correspondence|Corresponding|Хат-хабар|Для\s+цитирования|Дәйексөз|Cite\s+this|For\s+citation|"
    r"Citation|Article\s+history)(?:\s+\S+){0,3}?\s*[:\d]"
    r"|^(?:Vol\.?|Том|Issue|Выпуск|№|No\.)\s*\d"
    r"|https?://|www\.|\S@\S|\be-?mail\b|\bdoi\.org\b|^\d+$|^[ivxlcdm]+\.?$|^\[[^\]]*\]$|^\([^)]*\)$",
    re.IGNORECASE,
)
_INSTITUTION_RE = re.compile(
    r"\buniversi(?:ty|ties|dad|dade|tät|té|ta|tas)\b|университет|\binstitut(?:e|es|o|a)?\b|институт(?!ц)|"
    r"\bacadem(?:y|ies)\b|академи(?:я|и|ей|ясы|ясының)\b|\bcollege\b|колледж|\bschool\b|мектеб|"
    r"department|кафедр|faculty|факультет|laborator|лаборатор|\bcent(?:re|er)\b|\bцентр(?:а|е|ом)?\b|"
    r"орталығы|ministry|министерств|hospital|клиник|\bUniv\b|ҚазҰ|КазН|\bЕНУ\b|\bENU\b|KazNU|"
    r"\bLLP\b|\bТОО\b|\bЖШС\b",
    re.IGNORECASE,
)
_PLACE_END_RE = re.compile(
    r",\s*(?:Kazakhstan|Қазақстан|Казахстан|Russia|Россия|Ресей|USA|UK|China|Germany|France|Turkey|"
    r"Uzbekistan|Kyrgyzstan|Almaty|Алматы|Astana|Астана|Nur-Sultan|Нур-Султан|Moscow|Москва)\.?$",
    re.IGNORECASE,
)
_SECTION_RE = re.compile(
    r"(?:\d+(?:\.\d+)*\.?\s*)?(?:introduction|кіріспе|кiрiспе|введение|background|materials|methods|"
    r"материалы|әдістер|results|нәтижелер|результаты|conclusions?|қорытынды|заключение|references|"
    r"bibliography|literature|список\s+(?:использованной\s+)?литературы|әдебиеттер|литература)\b",
    re.IGNORECASE,
)
_DEGREE_RE = re.compile(
    r"доктор|кандидат|профессор|доцент|магистр|докторант|аспирант|студент|ғылымдарының|оқытушы|"
    r"\bprofessor\b|\bPhD\b|\bstudent\b|\blecturer\b|\bresearcher\b|\bmaster'?s\b",
    re.IGNORECASE,
)
_SUP_RE = re.compile(r"<sup>([^<>]{0,40})</sup>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,200})?/?>")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹*†‡§"
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_UNI_SUP_RE = re.compile("[" + _SUPERSCRIPTS[:10] + "](?:,?[" + _SUPERSCRIPTS[:10] + "])*")
# Markers are rewritten as ⟦1|2⟧ so that the commas inside them do not split author lists.
_MARK_RE = re.compile(r"⟦([^⟦⟧]*)⟧")
_PAREN_MARK_RE = re.compile(r"(?<=\w)\s?\((\d{1,2}(?:\s*,\s*\d{1,2})*|[a-z](?:,[a-z])*|\*)\)")
_LEADING_MARK_RE = re.compile(
    r"^(?:⟦([^⟦⟧]*)⟧|\((\d{1,2}|[a-z]|\*)\)|(\d{1,2})(?=\s*\.?\s*[^\W\d_])\.?|([*†‡]))\s*"
)

_UP = CAPITAL + UKRAINIAN_BELARUSIAN_CAPITAL
_LOW = SMALL + UKRAINIAN_BELARUSIAN_SMALL + "ß"
_INITIALS_RE = re.compile(rf"(?:[{_UP}][{_LOW}]{{0,2}}\.\s?-?\s?)+")
_WORD_RE = re.compile(rf"[{_UP}][{_UP}{_LOW}'’]*(?:-[{_UP}{_LOW}][{_UP}{_LOW}'’]*)*\.?")
_INITIALS_GLUED_RE = re.compile(rf"(?<=\.)(?=[{_UP}][{_LOW}]{{2,}})")
_AUTHOR_SPLIT_RE = re.compile(r"\s*[,;]\s*(?:(?:and|и|және|&)\s+)?|\s+(?:and|и|және|&)\s+")
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "le", "la", "ten", "ter"}
    | {"bin", "ibn", "al", "el", "zu"}
)
_TITLE_WORDS = frozenset(
    {"the", "of", "and", "in", "on", "for", "with", "as", "at", "by", "to", "from", "a", "an", "its"}
    | {"their", "into", "under", "between", "versus", "как", "и", "в", "на", "для", "при", "из"}
)
_PATRONYMIC_RE = re.compile(r"(?:вич|вна|ична|инична|ұлы|улы|қызы|кызы|uly|ovich|evich|ovna|evna)$", re.I)
_SENTENCE_END_RE = re.compile(r"[.!?…]$")
_NOT_TITLE_RE = re.compile(
    r"(?:table\s+of\s+)?contents\b|acknowledg|list\s+of\b|preface\b|foreword\b|содержание\b|"
    r"оглавление\b|мазмұны\b|введение\b|кіріспе\b|introduction\b|references\b|bibliography\b|"
    r"список\s+литературы|әдебиеттер|(?:research|original|review)\s+(?:article|paper)|научная\s+статья|"
    r"ғылыми\s+мақала|обзорная\s+статья",
    re.IGNORECASE,
)
_JOURNAL_RE = re.compile(
    r"journal|bulletin|вестник|хабаршы|жаршы|известия|хабарлары|proceedings|серия|series|issn|"
    r"\bvol\b|№|\bno\.",
    re.IGNORECASE,
)


# --- lines ---------------------------------------------------------------------------------------


@dataclass
class _Line:
    index: int  # position in the list of non-blank lines
    number: int  # 1-based line number in the text
    raw: str  # the line as written (cut at _LINE_CAP), right-stripped
    text: str  # cleaned: no Markdown emphasis or heading marks, markers as ⟦..⟧, no tags
    heading: bool  # a Markdown heading or a line that is all bold
    hashed: bool  # a Markdown "#" heading
    gap: int  # blank lines just before this one (the first line counts as after a blank)
    kind: str = ""  # label | keywords | meta | section | author | affil | text (set by _classify)
    maybe_author: bool = False  # a text line that could be a list of full names ("A B and C D")

    @property
    def blank_before(self) -> bool:
        """True when a blank line (or the start of the text) comes just before."""
        return self.gap > 0

    @property
    def plain(self) -> str:
        """The cleaned text without markers."""
        return _squash(_MARK_RE.sub("", self.text))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _clean(raw: str) -> tuple[str, bool, bool]:
    """Cleaned text of one line, whether it is a heading and whether a "#" heading."""
    text = raw.strip()
    heading = hashed = False
    if text.startswith("#"):
        heading = hashed = True
        text = text.lstrip("#").strip()
    text = text.replace("\\*", "\x01")
    if text.startswith("**") and text.endswith("**") and len(text) > 4 and "**" not in text[2:-2]:
        heading = True
    text = text.replace("**", "").replace("__", "")
    text = text.strip("*_ ").strip()
    text = _SUP_RE.sub(lambda m: "⟦" + _marker_body(m.group(1)) + "⟧", text)
    text = _UNI_SUP_RE.sub(
        lambda m: "⟦" + _marker_body(m.group(0).translate(_SUPERSCRIPT_DIGITS)) + "⟧", text
    )
    text = _TAG_RE.sub("", text)
    text = text.replace("\x01", "*")
    return _squash(text), heading, hashed


def _marker_body(inner: str) -> str:
    parts = [p.strip() for p in re.split(r"[,;\s]+", _TAG_RE.sub("", inner)) if p.strip()]
    return "|".join(parts)


def _nonblank_lines(text: str) -> list[tuple[int, str, int]]:
    """(1-based number, line, blank lines before it) for every non-blank line."""
    out: list[tuple[int, str, int]] = []
    blank = 1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            out.append((number, line[:_LINE_CAP].rstrip(), blank))
            blank = 0
        else:
            blank += 1
    return out


def _drop_comments(text: str) -> tuple[str, bool]:
    """The text without HTML comments, and whether a comment is left open at its end."""
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            out.append(text[pos:])
            return "".join(out), False
        out.append(text[pos:start])
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(out), True
        pos = end + 3


def _make_lines(rows: Sequence[tuple[int, str, int]], indices: Iterable[int]) -> dict[int, _Line]:
    lines: dict[int, _Line] = {}
    in_comment = False
    previous = -2
    for i in indices:
        if i != previous + 1:
            in_comment = False
        previous = i
        number, raw, blank = rows[i]
        work = raw
        if in_comment:
            end = work.find("-->")
            if end < 0:
                continue
            work = work[end + 3 :]
            in_comment = False
        work, in_comment = _drop_comments(work)
        text, heading, hashed = _clean(work)
        if not text:
            continue
        lines[i] = _Line(i, number, raw, text, heading, hashed, blank)
    return lines


# --- classification --------------------------------------------------------------------------------


@dataclass
class _Author:
    written: str  # the name as written, markers removed
    markers: list[str]
    line: int  # index of the author line
    affiliations: list[str] = field(default_factory=list)


def _split_markers(part: str) -> tuple[str, list[str]]:
    """A name part without its markers, and the markers."""
    markers: list[str] = []

    def take(match: re.Match[str]) -> str:
        markers.extend(m for m in match.group(1).split("|") if m)
        return " "

    part = _MARK_RE.sub(take, part)
    part = _PAREN_MARK_RE.sub(lambda m: _take_paren(m, markers), part)
    part = part.strip()
    tail = re.search(r"(?<=[^\W\d_])[\d*†‡]{1,4}$", part)
    if tail:
        markers.extend(re.findall(r"\d+|[*†‡]", tail.group(0)))
        part = part[: tail.start()]
    return _squash(part), markers


def _take_paren(match: re.Match[str], markers: list[str]) -> str:
    """Collect the markers of a "(1,2)" group (helper of _split_markers)."""
    markers.extend(m.strip() for m in match.group(1).split(",") if m.strip())
    return " "


def _is_initials(token: str) -> bool:
    return _INITIALS_RE.fullmatch(token) is not None


def _valid_name(name: str) -> bool:
    tokens = name.split()
    if not 2 <= len(tokens) <= 5:
        return False
    has_initials = any(_is_initials(t) for t in tokens)
    words = [t for t in tokens if not _is_initials(t)]
    if not words or len(words) > 4:
        return False
    for word in words:
        if word.lower() in _PARTICLES and word[0].islower():
            continue
        if _WORD_RE.fullmatch(word) is None or (word.endswith(".") and len(word) > 4):
            return False
        if word.lower() in _TITLE_WORDS:
            return False
    if not any(len(w.rstrip(".")) >= 2 for w in words if w.lower() not in _PARTICLES):
        return False
    if not has_initials and all(w.isupper() and len(w) > 2 for w in words):
        return False
    return not (not has_initials and len(words) > 3)


def _parse_author_line(text: str) -> tuple[list[tuple[str, list[str]]], bool] | None:
    """The names on an author line with their markers, and whether the line is surely one.

    None when it is not a list of names. A line of full names joined by "and" only ("Public
    Transport and Air Quality") may be a title: it is returned as not sure.
    """
    if len(text) > 400 or ":" in text:
        return None
    text = _INITIALS_GLUED_RE.sub(" ", text)
    parts = [p for p in _AUTHOR_SPLIT_RE.split(text) if p and p.strip()]
    names: list[tuple[str, list[str]]] = []
    marked = False
    commas = bool(re.search(r"[,;]", _MARK_RE.sub("", text)))
    for part in parts:
        name, markers = _split_markers(part)
        if not name and markers and names:
            names[-1][1].extend(markers)
            continue
        if not name and not markers:
            continue
        if not _valid_name(name):
            return None
        marked = marked or bool(markers)
        names.append((name, markers))
    if not names:
        return None
    initials = any(_is_initials(t) for name, _ in names for t in name.split())
    if len(names) == 1 and not marked and not initials:
        return None
    return names, initials or marked or (commas and len(names) > 1)


def _affiliation_marker(text: str) -> tuple[list[str], str] | None:
    """(markers, rest) when the line starts with an affiliation marker."""
    match = _LEADING_MARK_RE.match(text)
    if not match:
        return None
    body = next(g for g in match.groups() if g is not None)
    rest = text[match.end() :].strip()
    if len(rest) < 3:
        return None
    return [m for m in body.split("|") if m], rest


def _looks_affiliation(text: str) -> bool:
    if text.isupper() or len(text) > _FRONT_LINE_MAX:
        return False
    if _PLACE_END_RE.search(text[-60:]):
        return True
    return _INSTITUTION_RE.search(text) is not None and ("," in text or len(text) < 120)


def _classify(line: _Line) -> None:
    text = line.text
    if _is_abstract_label(text):
        line.kind = "label"
    elif _KEYWORD_RE.match(text):
        line.kind = "keywords"
    elif _META_RE.search(text):
        line.kind = "meta"
    elif _SECTION_RE.match(line.plain) and len(line.plain) < 80:
        line.kind = "section"
    elif line.hashed or len(text) > _FRONT_LINE_MAX:
        line.kind = "text"
    else:
        authors = _parse_author_line(text)
        marked = _affiliation_marker(text)
        if marked is not None and authors is None and _marker_affiliation(text, marked[1]):
            line.kind = "affil"
        elif authors is not None and authors[1]:
            line.kind = "author"
        elif _looks_affiliation(text):
            line.kind = "affil"
        else:
            line.kind = "text"
            line.maybe_author = authors is not None


def _marker_affiliation(text: str, rest: str) -> bool:
    """A line that starts with a marker is an affiliation unless it is a numbered list item."""
    if text.startswith(("⟦", "(", "*", "†", "‡")):
        return True
    return _looks_affiliation(rest) or _DEGREE_RE.search(rest) is not None


def _is_abstract_label(text: str) -> bool:
    """True for "Abstract", "Аннотация:", "Abstract. The paper ..." and the like."""
    match = _ABSTRACT_RE.fullmatch(text)
    if not match:
        return False
    rest = match.group("rest")
    if not rest:
        return True
    if match.group("sep") in (".", ":", "—", "–", "-"):
        return True
    return match.group("label").lower() in _ABSTRACT_RUN_IN and rest[:1].isupper()


def _abstract_inline(line: _Line) -> str:
    match = _ABSTRACT_RE.fullmatch(line.plain)
    return match.group("rest").strip() if match else ""


# --- text joining --------------------------------------------------------------------------------


def _join(parts: Sequence[str]) -> str:
    """Join wrapped lines, undoing end-of-line hyphenation ("теоре-" + "тических")."""
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out:
            prev = out[-1]
            if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and part[:1].isalpha():
                out[-1] = prev[:-1] if part[0].islower() else prev
            else:
                out.append(" ")
        out.append(part)
    return _squash("".join(out))


def _paragraphs(items: Sequence[tuple[str, bool]], wrapped: bool, width: int) -> str:
    """Lines (text, blank line before) joined into paragraphs separated by blank lines.

    In wrapped text (blank lines everywhere) a short line that ends a sentence ends a paragraph.
    """
    paragraphs: list[list[str]] = []
    for k, (text, blank_before) in enumerate(items):
        new = not paragraphs
        if not new and not wrapped and blank_before:
            new = True
        if not new and wrapped and k > 0:
            prev = items[k - 1][0]
            new = bool(_SENTENCE_END_RE.search(prev)) and len(prev) < 0.7 * width
        if new:
            paragraphs.append([])
        paragraphs[-1].append(text)
    return "\n\n".join(_join(p) for p in paragraphs if p)


def _split_keywords(text: str) -> list[str]:
    text = text.strip().rstrip(".;,")
    items = re.split(r"\s*[;,·•]\s*", text)
    return [_squash(item.strip(" .\u2013\u2014-")) for item in items if item.strip(" .\u2013\u2014-")]


# --- blocks ---------------------------------------------------------------------------------------


@dataclass
class _Block:
    label: int | None  # index of the abstract label line
    keywords: int | None  # index of the keywords line
    start: int = 0
    end: int = 0  # last index used by the block
    lang: str | None = None
    title: str | None = None
    title_number: int | None = None
    abstract: str | None = None
    keyword_list: list[str] = field(default_factory=list)
    authors: list[_Author] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    title_lines: set[int] = field(default_factory=set)

    @property
    def anchor(self) -> int:
        return self.label if self.label is not None else self.keywords if self.keywords is not None else 0


class _Doc:
    """The examined lines of one article and what is known about their layout."""

    def __init__(self, text: str) -> None:
        rows = _nonblank_lines(text)
        count = len(rows)
        if count <= HEAD_LINES + TAIL_LINES:
            indices: list[int] = list(range(count))
            self.head_end = count
        else:
            indices = list(range(HEAD_LINES)) + list(range(count - TAIL_LINES, count))
            self.head_end = HEAD_LINES
        self.lines = _make_lines(rows, indices)
        self.order = sorted(self.lines)
        for line in self.lines.values():
            _classify(line)
        lengths = sorted(len(line.raw.strip()) for line in self.lines.values())
        self.width = lengths[int(len(lengths) * 0.9)] if lengths else 80
        spaced = sum(1 for line in self.lines.values() if line.blank_before)
        # A PDF extraction with a blank line between all lines: blank lines say nothing.
        self.wrapped = bool(lengths) and spaced >= 0.8 * len(lengths) and self.width < 200
        self._pos = {index: k for k, index in enumerate(self.order)}

    def get(self, index: int) -> _Line | None:
        return self.lines.get(index)

    def span(self, start: int, stop: int) -> list[_Line]:
        """Examined lines with start <= index < stop."""
        return [self.lines[i] for i in range(max(start, 0), stop) if i in self.lines]

    def prev_index(self, index: int) -> int | None:
        k = self._pos.get(index)
        if k is None or k == 0:
            return None
        return self.order[k - 1]

    def next_index(self, index: int) -> int | None:
        k = self._pos.get(index)
        if k is None or k + 1 >= len(self.order):
            return None
        return self.order[k + 1]


def _find_blocks(doc: _Doc) -> list[_Block]:
    blocks: list[_Block] = []
    pending: int | None = None
    for index in doc.order:
        kind = doc.lines[index].kind
        if kind == "label":
            if pending is not None:
                blocks.append(_Block(pending, None))
            pending = index
        elif kind == "keywords":
            blocks.append(_Block(pending, index))
            pending = None
    if pending is not None:
        blocks.append(_Block(pending, None))
    return blocks


def _keyword_lines(doc: _Doc, index: int) -> tuple[list[str], int]:
    """The keywords of the keywords line at ``index`` (with wrapped continuation lines)."""
    line = doc.lines[index]
    match = _KEYWORD_RE.match(line.plain)
    text = match.group("rest") if match else ""
    end = index
    for _ in range(4):
        nxt = doc.next_index(end)
        if nxt is None or nxt != end + 1:
            break
        cand = doc.lines[nxt]
        if cand.kind != "text" or cand.heading or _SECTION_RE.match(cand.plain):
            break
        stripped = text.rstrip()
        if stripped:  # the label alone on its line: the next line holds the keywords
            if not doc.wrapped and cand.blank_before:
                break
            if stripped.endswith("."):
                break
            if not (stripped.endswith((",", ";")) or cand.plain[:1].islower()):
                break
        elif len(cand.plain) > 500:
            break
        text = text + " " + cand.plain
        end = nxt
    return _split_keywords(_join([text])), end


def _abstract_end_without_keywords(doc: _Doc, start: int, limit: int) -> int:
    """Exclusive end of an abstract that has no keywords line after it."""
    end = start
    for index in range(start, limit):
        line = doc.get(index)
        if line is None:
            if end > start:
                break
            continue
        if line.heading or line.kind in ("label", "keywords", "author") or _SECTION_RE.match(line.plain):
            break
        if end > start and not doc.wrapped and line.blank_before:
            break
        end = index + 1
        if doc.wrapped and _SENTENCE_END_RE.search(line.plain) and len(line.plain) < 0.7 * doc.width:
            break
    return end


def _start_far(doc: _Doc, block: _Block, floor: int) -> int:
    """Where a block that is far from the previous one begins (blocks after the body)."""
    anchor = block.anchor
    low = max(floor, anchor - _REACH)
    for index in range(anchor - 1, low - 1, -1):
        line = doc.get(index)
        if line is not None and line.kind == "author":
            start = index
            for _ in range(6):
                prev = doc.prev_index(start)
                if prev is None or prev < low or doc.lines[prev].kind not in ("author", "affil", "meta"):
                    break
                start = prev
            return start
    # No author line: go back while the language stays that of the block.
    lang = detect_language(" ".join(line.plain[:300] for line in doc.span(anchor, anchor + 3)))
    start = anchor
    for index in range(anchor - 1, low - 1, -1):
        line = doc.get(index)
        if line is None:
            break
        found = detect_language(line.plain[:300])
        if found is not None and lang is not None and found != lang:
            break
        if block.label is not None and len(line.plain) >= 0.8 * doc.width and not line.heading:
            break
        start = index
    return start


def _joins_across_blank(prev: _Line, line: _Line) -> bool:
    """A title line that goes on after one blank line (double-spaced title pages)."""
    if line.gap > 1 or prev.heading or line.heading:
        return False
    a, b = prev.plain, line.plain
    return (_is_upper(a) and _is_upper(b)) or a.endswith((":", ",", "-")) or b[:1].islower()


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)


def _title_runs(lines: Sequence[_Line], wrapped: bool) -> list[list[_Line]]:
    """Runs of consecutive text lines (a blank line ends a run unless the text is wrapped)."""
    runs: list[list[_Line]] = []
    for line in lines:
        if line.kind != "text":
            runs.append([])
            continue
        if (
            runs
            and runs[-1]
            and not line.maybe_author
            and not runs[-1][-1].maybe_author
            and runs[-1][-1].heading == line.heading
            and runs[-1][-1].index + 1 == line.index
            and (wrapped or not line.blank_before or _joins_across_blank(runs[-1][-1], line))
        ):
            runs[-1].append(line)
        else:
            runs.append([line])
    return [run for run in runs if run]


def _score_run(run: Sequence[_Line], first: bool, last: bool) -> float:
    text = " ".join(line.plain for line in run)
    score = 0.0
    if any(line.heading for line in run):
        score += 4
    letters = [c for c in text if c.isalpha()]
    if letters and all(not c.islower() for c in letters):
        score += 2
    if last:
        score += 1
    if first:
        score += 0.5
    if run[0].maybe_author:
        score -= 1.5
    if len(run) > _MAX_TITLE_LINES or len(text) > _MAX_TITLE_CHARS:
        score -= 4
    if len(text) < 12:
        score -= 3
    if _JOURNAL_RE.search(text):
        score -= 3
    if _NOT_TITLE_RE.match(text):
        score -= 6
    if sum(c.isdigit() for c in text) > 4:
        score -= 2
    if _SENTENCE_END_RE.search(text) and not text.endswith("?"):
        score -= 1
    return score


def _continues_title(prev: _Line, nxt: _Line, width: int) -> bool:
    """True when ``nxt`` carries on the wrapped title that ``prev`` ends."""
    if nxt.kind != "text" or nxt.heading != prev.heading:
        return False
    a, b = prev.plain, nxt.plain
    if len(b) > 0.9 * width and width < 200:
        return False
    letters_a = [c for c in a if c.isalpha()]
    letters_b = [c for c in b if c.isalpha()]
    upper_a = bool(letters_a) and not any(c.islower() for c in letters_a)
    upper_b = bool(letters_b) and not any(c.islower() for c in letters_b)
    if upper_a and upper_b:
        return True
    if upper_a != upper_b and letters_a and letters_b:
        return False
    if _SENTENCE_END_RE.search(a) and not a.endswith("?"):
        return False
    if b[:1].islower() or a.endswith((":", "-", "–", "—", ",")):
        return True
    return width < 200 and len(b) < 0.6 * width and len(a) < 0.75 * width


def _choose_title(doc: _Doc, block: _Block, region: Sequence[_Line], first: bool) -> None:
    """The best title run before an abstract label (the first block also looks at the top)."""
    runs = _title_runs(region, doc.wrapped)
    scored = [(_score_run(run, k == 0, k == len(runs) - 1), -k, run) for k, run in enumerate(runs)]
    if first and block.start > 0:
        top = _title_runs(doc.span(0, min(block.start, _REACH)), doc.wrapped)
        scored += [(_score_run(run, k == 0, False), -k - len(runs), run) for k, run in enumerate(top)]
    if scored:
        best = max(scored, key=lambda item: (item[0], item[1]))
        _set_title(block, best[2][:_MAX_TITLE_LINES])


def _front_after_label(doc: _Doc, block: _Block) -> list[_Line]:
    """Authors and title printed after the label ("Резюме", names, title, text): else []."""
    assert block.label is not None
    end = block.keywords if block.keywords is not None else block.label + 12
    front: list[_Line] = []
    for line in doc.span(block.label + 1, min(end, block.label + 12)):
        if line.kind in ("author", "affil", "meta"):
            front.append(line)
            continue
        if line.kind != "text" or len(line.plain) > 250:
            break
        if doc.wrapped and len(line.plain) >= 0.8 * doc.width:
            break
        if _SENTENCE_END_RE.search(line.plain) and len(line.plain) > 60:
            break
        front.append(line)
    if not any(line.kind == "author" for line in front) or not any(line.kind == "text" for line in front):
        return []
    return front


def _fill_block(doc: _Doc, block: _Block, first: bool) -> None:
    """Title, authors, affiliations, abstract and keywords of one block."""
    if block.keywords is not None:
        block.keyword_list, block.end = _keyword_lines(doc, block.keywords)
    region_end = block.label if block.label is not None else block.keywords
    assert region_end is not None
    region = doc.span(block.start, region_end)
    if block.label is not None:
        label = doc.lines[block.label]
        inline = _abstract_inline(label)
        front = [] if inline else _front_after_label(doc, block)
        begin = front[-1].index + 1 if front else block.label + 1
        stop = (
            block.keywords
            if block.keywords is not None
            else _abstract_end_without_keywords(doc, begin, begin + 60)
        )
        items = [(inline, True)]
        items += [(line.plain, line.blank_before) for line in doc.span(begin, stop) if line.kind != "meta"]
        block.abstract = _paragraphs([it for it in items if it[0]], doc.wrapped, doc.width) or None
        if block.keywords is None:
            block.end = max(stop - 1, block.label)
        if front:
            region = front
            _choose_title(doc, block, front, False)
        else:
            _choose_title(doc, block, region, first)
    else:
        _title_and_abstract(doc, block, region)
    _authors_of(block, region, block.title_lines)
    probe = " ".join(filter(None, [block.abstract, block.title, " ".join(block.keyword_list)]))
    block.lang = detect_language(probe)


def _set_title(block: _Block, lines: Sequence[_Line]) -> None:
    title = _join([line.plain for line in lines]).rstrip(" .")
    if title and _plausible_title(title):
        block.title = title
        block.title_number = lines[0].number
        block.title_lines = {line.index for line in lines}


def _plausible_title(title: str) -> bool:
    """False for text that cannot be a title: binary garbage, numbers, a lone short word."""
    chars = [c for c in title if not c.isspace()]
    letters = sum(1 for c in chars if c.isalpha())
    if not chars or letters < 0.6 * len(chars) or letters < 4:
        return False
    if any(c == "\ufffd" or (ord(c) < 32) for c in title):
        return False
    words = [w for w in title.split() if sum(c.isalpha() for c in w) >= 2]
    return len(words) >= 2 or (len(words) == 1 and len(words[0]) >= 4 and len(title.split()) == 1)


def _title_and_abstract(doc: _Doc, block: _Block, region: Sequence[_Line]) -> None:
    """A block without an abstract label: title lines first, then the abstract."""
    texts = [line for line in region if line.kind == "text"]
    if not texts:
        return
    headings = [line for line in texts if line.heading]
    if headings:
        first = headings[0]
        title_lines = [first]
    else:
        first = texts[0]
        title_lines = [first]
    position = texts.index(first)
    for line in texts[position + 1 :]:
        prev = title_lines[-1]
        if len(title_lines) >= _MAX_TITLE_LINES or line.index != prev.index + 1:
            break
        if not doc.wrapped and line.blank_before and not _joins_across_blank(prev, line):
            break
        if not _continues_title(prev, line, doc.width):
            break
        title_lines.append(line)
    _set_title(block, title_lines)
    used = {line.index for line in title_lines}
    rest = [
        (line.plain, line.blank_before)
        for line in texts[position:]
        if line.index not in used and not line.maybe_author
    ]
    block.abstract = _paragraphs(rest, doc.wrapped, doc.width) or None


def _authors_of(block: _Block, region: Sequence[_Line], title: set[int]) -> None:
    """Authors and affiliations (markers resolved) of a block's front lines.

    ``title`` holds the indices of the title lines; a possible list of names that is not the
    title is taken as the author line.
    """
    affils: list[tuple[list[str], str, int]] = []  # markers, text, index of the line
    last_affil: _Line | None = None
    for line in region:
        if line.index in title:
            last_affil = None
            continue
        if line.kind == "author" or (line.maybe_author and not line.hashed):
            parsed = _parse_author_line(line.text)
            names = parsed[0] if parsed else []
            block.authors.extend(_Author(name, markers, line.index) for name, markers in names)
            last_affil = None
        elif line.kind == "affil" or (line.kind == "text" and last_affil is not None and not line.heading):
            marked = _affiliation_marker(line.text)
            text = _squash(_MARK_RE.sub(" ", marked[1] if marked else line.text))
            if (
                marked is None
                and last_affil is not None
                and affils
                and last_affil.index + 1 == line.index
                and (
                    last_affil.plain.endswith((",", "-"))
                    or text[:1].islower()
                    or (line.kind == "affil" and not line.blank_before and not last_affil.raw.endswith("*"))
                )
            ):
                markers, previous, at = affils[-1]
                affils[-1] = (markers, _join([previous, text]), at)
            elif line.kind == "affil":
                affils.append((marked[0] if marked else [], text, line.index))
            else:
                last_affil = None
                continue
            last_affil = line
        else:
            last_affil = None
    block.affiliations = [text for _, text, _ in affils]
    _resolve_affiliations(block.authors, affils)


def _resolve_affiliations(authors: list[_Author], affils: list[tuple[list[str], str, int]]) -> None:
    if not authors or not affils:
        return
    author_marks = {m for a in authors for m in a.markers}
    affil_marks = [set(m) for m, _, _ in affils]
    if author_marks and any(affil_marks):
        same = len(author_marks) == 1 and all(m == author_marks for m in affil_marks)
        if same and len(affils) == len(authors) > 1:
            # Every marker is the same (a typesetting slip): the i-th line is the i-th author's.
            for author, (_, text, _) in zip(authors, affils, strict=True):
                author.affiliations.append(text)
            return
        for author in authors:
            author.affiliations.extend(text for marks, text, _ in affils if set(marks) & set(author.markers))
        return
    if len(affils) == 1:
        for author in authors:
            author.affiliations.append(affils[0][1])
        return
    # No markers: an affiliation belongs to the author line just before it.
    for _, text, at in affils:
        before = [a for a in authors if a.line < at]
        if before:
            last_line = before[-1].line
            for author in before:
                if author.line == last_line:
                    author.affiliations.append(text)


# --- names and people -----------------------------------------------------------------------------


def _is_particle(token: str) -> bool:
    return token.lower() in _PARTICLES and token[0].islower()


def _to_name(written: str) -> Name:
    """A structured Name from "А.Қ. Құрманғали", "Курмангали А.К.", "Laura M. Henning", ..."""
    tokens = written.split()
    initials = [t for t in tokens if _is_initials(t)]
    words = [t for t in tokens if not _is_initials(t)]
    if initials and tokens and _is_initials(tokens[-1]) and not _is_initials(tokens[0]):
        # Family first: "Курмангали А.К."
        return Name(family=" ".join(words), given=" ".join(initials))
    if len(words) >= 3 and not initials and _PATRONYMIC_RE.search(words[-1]):
        return Name(family=words[0], given=" ".join(words[1:]))
    family_start = len(tokens) - 1
    while family_start > 0 and _is_particle(tokens[family_start - 1]):
        family_start -= 1
    particles = list(tokens[family_start:-1])
    given = " ".join(tokens[:family_start]) or None
    return Name(
        family=tokens[-1],
        given=given,
        non_dropping_particle=" ".join(particles) or None,
    )


def _skeleton(text: str) -> str:
    """A rough sound-alike form for comparing names across scripts and romanisations."""
    out = to_ascii(text).lower()
    for a, b in (
        ("zh", "j"),
        ("kh", "h"),
        ("ts", "c"),
        ("ch", "c"),
        ("sh", "s"),
        ("yu", "u"),
        ("ya", "a"),
        ("iu", "u"),
        ("ia", "a"),
        ("gh", "g"),
        ("q", "k"),
        ("y", "i"),
        ("w", "u"),
        ("x", "ks"),
        ("e", "i"),
    ):
        out = out.replace(a, b)
    letters = [c for c in out if c.isalpha()]
    squeezed: list[str] = []
    for c in letters:
        if not squeezed or squeezed[-1] != c:
            squeezed.append(c)
    return "".join(squeezed)


def _family_key(written: str) -> str:
    name = _to_name(written)
    return _skeleton(name.family or written)


def _similarity(a: str, b: str) -> float:
    ka, kb = _family_key(a), _family_key(b)
    if not ka or not kb:
        return 0.0
    return SequenceMatcher(None, ka, kb, autojunk=False).ratio()


_LINK_THRESHOLD = 0.6


def _link_people(blocks: Sequence[_Block]) -> list[dict[str, Any]]:
    """One dict per person: the name in each language, and the affiliations."""
    people: list[dict[str, Any]] = []
    members: list[dict[str, _Author]] = []
    for block in blocks:
        lang = block.lang or "und"
        if not block.authors or any(lang in m for m in members):
            continue
        if not members:
            for author in block.authors:
                members.append({lang: author})
            continue
        reference = [next(iter(m.values())).written for m in members]
        assigned: dict[int, int] = {}
        if len(block.authors) == len(members):
            scores = [_similarity(reference[k], a.written) for k, a in enumerate(block.authors)]
            if min(scores) >= _LINK_THRESHOLD or sum(scores) / len(scores) >= 0.75:
                assigned = {k: k for k in range(len(members))}
        if not assigned:
            pairs = sorted(
                (
                    (_similarity(reference[k], a.written), j, k)
                    for j, a in enumerate(block.authors)
                    for k in range(len(members))
                ),
                reverse=True,
            )
            used_j: set[int] = set()
            for score, j, k in pairs:
                if score < _LINK_THRESHOLD or j in used_j or k in assigned.values():
                    continue
                assigned[j] = k
                used_j.add(j)
        for j, author in enumerate(block.authors):
            if j in assigned:
                members[assigned[j]][lang] = author
            else:
                members.append({lang: author})
    for member in members:
        person: dict[str, Any] = {lang: author.written for lang, author in member.items()}
        affiliations: list[str] = []
        for author in member.values():
            if author.affiliations:
                affiliations = list(author.affiliations)
                break
        person["affiliations"] = affiliations
        people.append(person)
    return people


# --- the article ---------------------------------------------------------------------------------


def _body_language(doc: _Doc, blocks: Sequence[_Block]) -> str | None:
    """The language of the body text that follows the first blocks."""
    used_until = max((b.end for b in blocks if b.end < doc.head_end), default=-1)
    sample = [line.plain for line in doc.span(used_until + 1, doc.head_end) if line.kind == "text"]
    return detect_language(" ".join(sample[:200])) if sample else None


def _fallback_title(doc: _Doc) -> _Block | None:
    """A block for an article without abstract or keywords lines: title and authors at the top."""
    region = doc.span(0, min(doc.head_end, _REACH))
    sections = [k for k, line in enumerate(region) if line.kind == "section"]
    if sections and sections[0] > 0:
        region = region[: sections[0]]
    runs = _title_runs(region, doc.wrapped)
    if not runs:
        return None
    best = max(range(len(runs)), key=lambda k: (_score_run(runs[k], k == 0, False), -k))
    run = runs[best]
    lines = [run[0]]
    for line in run[1:]:
        if len(lines) >= _MAX_TITLE_LINES or not _continues_title(lines[-1], line, doc.width):
            break
        lines.append(line)
    block = _Block(None, None, start=0, end=lines[-1].index)
    _set_title(block, lines)
    if block.title and len(block.title) > _MAX_TITLE_CHARS:
        return None
    near = [line for line in region if abs(line.index - run[0].index) <= 8]
    _authors_of(block, near, block.title_lines)
    block.lang = detect_language(block.title or "")
    return block


def _pick_main(blocks: Sequence[_Block], body: str | None) -> _Block:
    if body is not None:
        for block in blocks:
            if block.lang == body and block.title:
                return block
        for block in blocks:
            if block.lang == body:
                return block
    for block in blocks:
        if block.title:
            return block
    return blocks[0]


def _script(lang: str | None) -> str:
    return "latin" if lang == "en" else "cyrillic"


def _name_script(written: str) -> str:
    return "cyrillic" if any(is_cyrillic(c) for c in written) else "latin"


def extract_metadata(text: str, source: str) -> Reference:
    """The article's own metadata as a Reference (id=source, type="article-journal").

    ``title``, ``author``, ``abstract``, ``keyword`` and ``language`` are those of the article's
    main (body) language; ``container-title``, ``issued``, ``volume``, ``issue``, ``page``, ``DOI``,
    ``URL`` and ``ISSN`` are what the article prints about itself (:mod:`refman.extract.venue`).
    ``refman.extra`` holds every language found: ``titles`` {lang: title},
    ``abstracts`` {lang: text}, ``keywords`` {lang: [kw, ...]}, ``authors`` (one dict per person:
    {"kk": ..., "ru": ..., "en": ..., "affiliations": [...]}) and ``affiliations`` (as written, in
    order); ``refman.line`` is the 1-based line of the main title. When no title is found the
    reference has the problem "no title found". Never raises on any input.
    """
    ref = Reference(id=source, type="article-journal")
    ref.refman.article = source
    try:
        _extract_into(ref, text)
        _add_venue(ref, read_venue(text))
    except Exception as exc:  # a last guard: bad input becomes data (tests fail on it)
        ref.refman.problems.append(f"front matter failed: {type(exc).__name__}: {exc}")
    if not ref.title:
        ref.refman.problems.append("no title found")
    return ref


_VENUE_FIELDS = {
    "container-title": "container_title",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "DOI": "DOI",
    "URL": "URL",
    "ISSN": "ISSN",
}


def _add_venue(ref: Reference, venue: dict[str, Any]) -> None:
    """Where the article was published (:func:`refman.extract.venue.read_venue`), where unset."""
    for key, attr in _VENUE_FIELDS.items():
        if key in venue and getattr(ref, attr) is None:
            setattr(ref, attr, str(venue[key]))
    if "year" in venue and ref.issued is None:
        ref.issued = Date.ymd(int(venue["year"]))


def _extract_into(ref: Reference, text: str) -> None:
    doc = _Doc(text)
    if not doc.lines:
        return
    blocks = _find_blocks(doc)
    if len(blocks) > _MAX_BLOCKS:
        blocks = blocks[: _MAX_BLOCKS - 4] + blocks[-4:]
    floor = -1
    for block in blocks:
        anchor = block.anchor
        if anchor - floor > _REACH or anchor >= doc.head_end > floor:
            block.start = _start_far(doc, block, floor + 1)
        else:
            block.start = floor + 1
        _fill_block(doc, block, block is blocks[0])
        floor = max(block.end, anchor)
    blocks = [b for b in blocks if b.title or b.abstract or b.keyword_list]
    if not blocks:
        fallback = _fallback_title(doc)
        if fallback is None or not fallback.title:
            return
        blocks = [fallback]
    body = _body_language(doc, blocks)
    main = _pick_main(blocks, body)
    ordered = [main] + [b for b in blocks if b is not main]

    ref.title = main.title
    ref.refman.line = main.title_number
    ref.language = body or main.lang
    ref.abstract = main.abstract
    if main.keyword_list:
        ref.keyword = ", ".join(main.keyword_list)
    authors = main.authors
    if not authors:
        same_script = [
            b for b in ordered if b.authors and _name_script(b.authors[0].written) == _script(ref.language)
        ]
        fallback_blocks = same_script or [b for b in ordered if b.authors]
        authors = fallback_blocks[0].authors if fallback_blocks else []
    ref.author = [_to_name(a.written) for a in authors]

    extra = ref.refman.extra
    titles: dict[str, str] = {}
    abstracts: dict[str, str] = {}
    keywords: dict[str, list[str]] = {}
    for block in ordered:
        lang = block.lang or "und"
        if block.title and lang not in titles:
            titles[lang] = block.title
        if block.abstract and lang not in abstracts:
            abstracts[lang] = block.abstract
        if block.keyword_list and lang not in keywords:
            keywords[lang] = block.keyword_list
    extra["titles"] = titles
    extra["abstracts"] = abstracts
    extra["keywords"] = keywords
    in_order = sorted(ordered, key=lambda b: b.start)
    extra["authors"] = _link_people(ordered)
    extra["affiliations"] = [a for b in in_order for a in b.affiliations]
