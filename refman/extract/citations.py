"""Find in-text citations in an article's body (pure).

Numeric citations in square brackets: ``[1]``, ``[5–7]``, ``[8, 9]``, ``[2, с. 45]``,
``[4, б. 7]``, ``[90, 203 б.]``, ``[1; 12–13]``, ``[10, с. 81; 17, с. 2]``. A bare number or range
after a semicolon is a page locator when it is a range, when it is larger than the list (or than
the run of cited numbers), or when most such numbers in the article are page-like; otherwise it
is another reference. Brackets whose content is not of this shape (``[составлено авторами]``,
``[Электронный ресурс]``, ``[sic]``) are not citations.

Author-year citations: parenthetical ``(Grobelaar, 2022)``, ``(Иванов, 2020, с. 5)``,
``(Отто және басқалар, 2024: 488-489)``, ``(Adams & Lee, 2021; Thomson, 2015)`` (one citation per
part), the same in square brackets, and narrative ``Smith et al. (2019)``, ``Adams and Lee
(2021)``, ``Стейгерге сәйкес (2023)``, ``Чжао және т. б. (2022)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from refman.extract.text import line_of, sentence_around, sentence_starts
from refman.model import Citation

__all__ = [
    "BracketGroup",
    "cited_run",
    "find_citations",
    "parse_author_year",
    "parse_bracket",
]

_MAX_RANGE = 200
_INT = re.compile(r"\d{1,3}")
_RANGE = re.compile(r"(\d{1,3})\s*[-–—‒−]\s*(\d{1,3})")
_LOCATOR = re.compile(
    r"(?:(?:[^\W\d_]{1,6}\.?|§)\s*)?(?:\d{1,5}|[IVXLC]{1,6})(?:\s*[-–—‒−]\s*(?:\d{1,5}|[IVXLC]{1,6}))?"
    r"(?:\s*-?\s*[^\W\d_]{1,6}\.?)?"
)
_LETTER = re.compile(r"[^\W\d_]|§")
_NUMBERS_ONLY = re.compile(r"[\d\s\-–—‒−]+")
_BRACKET = re.compile(r"\\?\[([^\[\]]{1,160}?)\\?\]")
_PAREN = re.compile(r"\(([^()]{1,300})\)")

_YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-zа-я]?|n\.\s?d\.|б\.\s?ж\.|б\.\s?г\.|s\.\s?a\."
_AUTHOR_YEAR = re.compile(
    rf"(?P<names>[^\d();\[\]]{{1,150}}?)\s*,?\s+(?P<year>{_YEAR})(?:\s*[,:]\s*(?P<loc>[^;]{{1,80}}?))?\s*"
)
_YEAR_ONLY = re.compile(rf"\s*(?P<year>{_YEAR})(?:\s*[,:]\s*(?P<loc>[^;()]{{1,80}}?))?\s*")
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\b(?:and|және|и|мен|бен|пен|und|et)\b)\s*")
_PREFIX = re.compile(
    r"^(?:see also|see|e\.g\.|cf\.|also|см\. также|см\.|напр\.|мысалы|қараңыз)[,:]?\s+", re.I
)
_TOKEN = re.compile(r"[^\s,()\[\]]+|,")
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*")


def _words(text: str) -> frozenset[str]:
    """The set of white-space separated words of ``text`` (word lists below are data)."""
    return frozenset(text.split())


# Lower-case words allowed inside an author group: "et al.", "и др.", "және басқалар", particles.
_CONNECTORS = _words(
    "et al al. и др др. соавт. соавт соавторы and & және мен бен пен басқалар т.б. т. б. тб "
    "co. colleagues co-authors бірлескен авторлар"
)
_PARTICLES = _words("van von der den de del della di da du la le ibn bin al el ter ten")
# Words between a name and "(2020)" in narrative citations: "Стейгерге сәйкес (2023)".
_NARRATIVE_SKIP = _CONNECTORS | _words(
    "сәйкес пікірінше бойынша ойынша пікірі зерттеуінде жұмысында еңбегінде according to"
)
_AND = frozenset(("and", "&", "және", "и", "мен", "бен", "пен", "und"))
# Capitalised words that are not names.
_NOT_NAMES = _words(
    """
    in the a an as at by for from on of to see also and but however thus this that these those
    table figure fig chapter section appendix note eq equation vol no
    в во на по как с со согласно из для и но также таблица рисунок рис глава раздел приложение
    мысалы сондай кесте сурет бөлім тарау және бірақ сонымен осы бұл
    january february march april may june july august september october november december
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан
    """
)


@dataclass
class BracketGroup:
    """One ``;``-separated part of a bracket: reference ranges and an optional locator."""

    refs: list[tuple[int, int]]
    locator: str | None
    bare: bool
    text: str = ""


def _ref_token(token: str) -> tuple[int, int] | None:
    """A reference number or range token -> ``(first, last)``, else None."""
    if _INT.fullmatch(token):
        return int(token), int(token)
    match = _RANGE.fullmatch(token)
    if match:
        return int(match.group(1)), int(match.group(2))
    return None


def _parse_group(group: str) -> BracketGroup | None:
    """Parse ``1``, ``5–7``, ``8, 9``, ``2, с. 45``, ``90, 203 б.``, ``с. 15`` (a bare locator)."""
    tokens = [t.strip() for t in group.split(",")]
    refs: list[tuple[int, int]] = []
    locator: list[str] = []
    for token in tokens:
        ref = None if locator else _ref_token(token)
        if ref is not None:
            first, last = ref
            if first < 1 or last < 1 or (last > first and last - first > _MAX_RANGE):
                return None
            refs.append(ref if first <= last else (first, first))
            if first > last:
                refs.append((last, last))
        elif (_LOCATOR.fullmatch(token) and (locator or _LETTER.search(token))) or (
            locator and _NUMBERS_ONLY.fullmatch(token)
        ):
            locator.append(token)
        else:
            return None
    return BracketGroup(refs, ", ".join(locator) or None, len(tokens) == 1 and len(refs) == 1, group)


def parse_bracket(content: str) -> list[BracketGroup] | None:
    """The groups of a numeric bracket citation's content, or None if it is not one."""
    content = " ".join(content.replace("\\", "").split())
    if not content:
        return None
    groups: list[BracketGroup] = []
    for part in content.split(";"):
        group = _parse_group(part.strip())
        if group is None:
            return None
        if not group.refs:
            if not groups or groups[-1].locator is not None:
                return None
            groups[-1].locator = group.locator
            groups[-1].bare = False
            continue
        groups.append(group)
    return groups or None


def _page_like(group: BracketGroup, size: int) -> bool:
    """True when a bare group after a semicolon reads as pages: a range or beyond the list."""
    first, last = group.refs[0]
    return first != last or first > size


def _resolve(groups: Sequence[BracketGroup], size: int, pages_style: bool) -> tuple[list[int], str | None]:
    """Numbers and locator of one bracket, turning page-like bare groups into locators."""
    numbers: list[int] = []
    locators: list[str] = []
    previous: BracketGroup | None = None
    for k, group in enumerate(groups):
        if (
            k > 0
            and group.bare
            and previous is not None
            and previous.locator is None
            and (pages_style or _page_like(group, size))
        ):
            locators.append(group.text)
            previous = None
            continue
        for first, last in group.refs:
            numbers.extend(n for n in range(first, last + 1) if n not in numbers)
        if group.locator:
            locators.append(group.locator)
        previous = group
    return numbers, "; ".join(locators) or None


def cited_run(numbers: Sequence[int]) -> tuple[int, list[int]]:
    """``(end, strays)`` of the run of cited numbers from the smallest one.

    The run grows while the next cited number is within ``max(5, current // 2)`` of the
    current one; numbers beyond it up to ``max(2 * end, end + 10)`` extend it, and those further
    out are strays (e.g. ``[90]`` in an article citing 1–21).
    """
    distinct = sorted(set(numbers))
    if not distinct:
        return 0, []
    end = distinct[0]
    for number in distinct[1:]:
        if number - end > max(5, end // 2):
            break
        end = number
    limit = max(2 * end, end + 10)
    strays = [n for n in distinct if n > limit]
    core = [n for n in distinct if n <= limit]
    return (core[-1] if core else end), strays


@dataclass
class _Found:
    start: int
    end: int
    citation: Citation


def _clean_name(name: str) -> str:
    """A cited name without "et al." words and a possessive ending."""
    words = [w for w in name.split() if w.casefold() not in _CONNECTORS]
    text = " ".join(words).strip(" ,.")
    for ending in ("'s", "’s"):
        if text.endswith(ending):
            text = text[: -len(ending)]
    return text


def _valid_names(text: str) -> list[str] | None:
    """Names of an author group like ``Smith & Jones`` or ``Отто және басқалар``, or None."""
    text = _PREFIX.sub("", text.strip())
    if not text or not text[0].isupper() or len(text.split()) > 8:
        return None
    for word in text.replace(",", " ").split():
        bare = word.strip(".,:")
        low = word.casefold()
        if not bare:
            continue
        if not (bare[0].isupper() or low in _CONNECTORS or bare.casefold() in _PARTICLES):
            return None
    first = text.split()[0].strip(".,:").casefold()
    if first in _NOT_NAMES:
        return None
    names = [_clean_name(n) for n in _NAME_SPLIT.split(text)]
    names = [n for n in names if n and n[0].isupper()]
    return names or None


def parse_author_year(content: str) -> list[tuple[list[str], str, str | None, str]]:
    """``(names, year, locator, part)`` for each author-year part of a parenthesis' content
    (``Grobelaar, 2022``; ``Smith & Jones, 2020, p. 5``; ``A, 2001; B, 2002``)."""
    found = []
    for part in content.split(";"):
        text = " ".join(part.split())
        match = _AUTHOR_YEAR.fullmatch(text)
        if match is None:
            continue
        names = _valid_names(match.group("names"))
        if names is None:
            continue
        loc = match.group("loc")
        found.append((names, match.group("year"), loc.strip() if loc else None, text))
    return found


def _is_name(token: str) -> bool:
    """True for a capitalised word that may be a surname (not a function word or month)."""
    return (
        len(token) >= 2
        and _NAME_TOKEN.fullmatch(token) is not None
        and token[0].isupper()
        and token.casefold() not in _NOT_NAMES
    )


def _narrative_names(text: str, lo: int, pos: int) -> tuple[list[str], int] | None:
    """Names written just before a year in parentheses at ``pos``, and where they start."""
    tokens = list(_TOKEN.finditer(text, max(lo, pos - 150), pos))
    i = len(tokens) - 1
    if i >= 0 and tokens[i].group(0) == ",":
        i -= 1
    skipped = 0
    while i >= 0 and tokens[i].group(0).casefold() in _NARRATIVE_SKIP and skipped < 4:
        i -= 1
        skipped += 1
    if i < 0 or not _is_name(tokens[i].group(0)):
        return None
    start = i
    while start > 0 and i - start < 2 and _is_name(tokens[start - 1].group(0)):
        start -= 1
    names = [_clean_name(" ".join(t.group(0) for t in tokens[start : i + 1]))]
    if start >= 2 and tokens[start - 1].group(0).casefold() in _AND and _is_name(tokens[start - 2].group(0)):
        start -= 2
        names.insert(0, _clean_name(tokens[start].group(0)))
    return names, tokens[start].start()


def _bracket_citations(
    text: str, spans: Sequence[tuple[int, int]], size: int | None
) -> tuple[list[_Found], list[tuple[int, int, str]]]:
    """Numeric bracket citations, and the brackets that were not numeric (for author-year)."""
    parsed: list[tuple[int, int, list[BracketGroup]]] = []
    others: list[tuple[int, int, str]] = []
    memo: dict[str, list[BracketGroup] | None] = {}
    for lo, hi in spans:
        for match in _BRACKET.finditer(text, lo, hi):
            if match.start() > 0 and text[match.start() - 1] == "!":
                continue
            content = match.group(1)
            if content not in memo:
                memo[content] = parse_bracket(content)
            groups = memo[content]
            if groups is None:
                others.append((match.start(), match.end(), match.group(1)))
            else:
                parsed.append((match.start(), match.end(), groups))
    if size is None:
        size, _ = cited_run([g[0].refs[0][0] for _, _, g in parsed])
    votes = [
        _page_like(group, size)
        for _, _, groups in parsed
        for k, group in enumerate(groups)
        if k > 0 and group.bare and groups[k - 1].locator is None
    ]
    pages_style = bool(votes) and 2 * sum(votes) > len(votes)
    found = []
    for start, end, groups in parsed:
        numbers, locator = _resolve(groups, size, pages_style)
        citation = Citation(text=text[start:end], line=0, context="", numbers=numbers, locator=locator)
        found.append(_Found(start, end, citation))
    return found, others


def _author_year_citations(
    text: str, spans: Sequence[tuple[int, int]], others: Sequence[tuple[int, int, str]]
) -> list[_Found]:
    """Parenthetical, bracketed and narrative author-year citations."""
    found: list[_Found] = []
    memo: dict[str, list[tuple[list[str], str, str | None, str]]] = {}
    candidates = [
        (m.start(), m.end(), m.group(1), lo) for lo, hi in spans for m in _PAREN.finditer(text, lo, hi)
    ]
    candidates.extend((s, e, c, s) for s, e, c in others)
    for start, end, content, lo in candidates:
        year_only = _YEAR_ONLY.fullmatch(content) if text[start] == "(" else None
        if year_only is not None:
            narrative = _narrative_names(text, lo, start)
            if narrative is None:
                continue
            names, begin = narrative
            loc = year_only.group("loc")
            citation = Citation(
                text=" ".join(text[begin:end].split()),
                line=0,
                context="",
                locator=loc.strip() if loc else None,
                names=names,
                year=year_only.group("year"),
            )
            found.append(_Found(begin, end, citation))
            continue
        if content not in memo:
            memo[content] = parse_author_year(content)
        parts = memo[content]
        for names, year, locator, part in parts:
            shown = text[start:end] if len(parts) == 1 else part
            citation = Citation(
                text=" ".join(shown.split()),
                line=0,
                context="",
                locator=locator,
                names=list(names),
                year=year,
            )
            found.append(_Found(start, end, citation))
    return found


def find_citations(
    text: str,
    spans: Sequence[tuple[int, int]],
    starts: Sequence[int],
    list_size: int | None = None,
    double_spaced: bool = False,
) -> list[Citation]:
    """In-text citations in the ``spans`` (offset ranges) of ``text``, in text order.

    ``starts`` are the line offsets of ``text``; ``list_size`` the largest number of the
    reference list (None when there is none: the run of cited numbers stands in for it).
    Each citation gets its 1-based line and the sentence around it; ``references`` stay empty.
    """
    numeric, others = _bracket_citations(text, spans, list_size)
    found = numeric + _author_year_citations(text, spans, others)
    found.sort(key=lambda f: (f.start, f.end))
    bounds = sorted(spans)
    sentences = sentence_starts(text, double_spaced) if found else []
    out = []
    for item in found:
        lo, hi = _span_of(bounds, item.start)
        item.citation.line = line_of(starts, item.start)
        item.citation.context = sentence_around(text, sentences, item.start, item.end, lo, hi)
        out.append(item.citation)
    return out


def _span_of(bounds: Sequence[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The span that holds ``offset`` (binary search over sorted spans)."""
    low, high = 0, len(bounds) - 1
    while low < high:
        mid = (low + high + 1) // 2
        if bounds[mid][0] <= offset:
            low = mid
        else:
            high = mid - 1
    return bounds[low] if bounds else (0, offset)
