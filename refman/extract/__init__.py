"""Article text -> :class:`~refman.model.Article` (pure): metadata, references, citations, diagnostics.

``extract_article(text, source)`` finds the reference list (and its romanised copy), parses each
entry with :func:`refman.parse.parse_reference` (or the parser given), finds the in-text
citations in the body, links them to entries and reports what does not fit (codes in
:data:`refman.extract.diagnostics.CODES`).

Reference ids are ``{source}-{number}``; works sharing a number get ``a``, ``b``, ... suffixes
(``{source}-6a``); unnumbered entries are ``{source}-u{index}``. An article with numbered
citations and no list gets one provisional reference per cited number, recovered from the text
(:mod:`refman.extract.recovered`), for a person to review.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from refman.extract.citations import cited_run, find_citations
from refman.extract.diagnostics import (
    CODES,
    author_year_diagnostic,
    bare_list_diagnostic,
    left_out_diagnostics,
    list_diagnostics,
    no_list_diagnostics,
    recovered_diagnostic,
)
from refman.extract.linking import entry_names, link_numeric, make_index, match_author_year
from refman.extract.recovered import HEADING_LINE, LOOK_BACK, recover_references
from refman.extract.reflist import MAX_ENTRY_CHARS, Entry, RefList, find_reference_lists
from refman.extract.romanised import is_romanised_copy, match_romanised
from refman.extract.text import is_double_spaced, line_starts, split_lines
from refman.lang import text_language
from refman.model import Article, Citation, Diagnostic, Reference
from refman.parse import ParserModelError, parse_reference

__all__ = ["CODES", "ReferenceParser", "extract_article", "reference_ids"]

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TWO_BLANK_LINES = re.compile(r"\n[ \t]*\n[ \t]*\n")
#: A reference-string parser: (string, id) -> Reference (see ``refman.plugins.Parser``).
ReferenceParser = Callable[[str, str], Reference]


@dataclass
class _Lists:
    """The lists of an article sorted by role."""

    entries: list[Entry] = field(default_factory=list)
    romanised: RefList | None = None
    extra: list[RefList] = field(default_factory=list)
    all: list[RefList] = field(default_factory=list)


def _arrange(lists: Sequence[RefList]) -> _Lists:
    """The original list (with continuation lists: numbers that go on, or a heading repeated with
    only page furniture before it), its romanised copy, and further lists."""
    out = _Lists(all=list(lists))
    if not lists:
        return out
    original = lists[0]
    out.entries = list(original.entries)
    for later in lists[1:]:
        numbers = [e.number for e in out.entries if e.number is not None]
        first = later.entries[0].number
        if out.romanised is None and is_romanised_copy(original, later):
            out.romanised = later
        elif (
            later.numbered and original.numbered and numbers and first == max(numbers) + 1
        ) or later.continues:
            out.entries.extend(later.entries)
        else:
            out.extra.append(later)
    return out


def _suffix(index: int) -> str:
    """``a``, ``b``, ..., ``z``, ``aa``, ``ab``, ... for 0, 1, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def reference_ids(entries: Sequence[Entry], source: str) -> list[str]:
    """Ids of list entries: ``{source}-{n}``, ``{source}-{n}a``/``b`` for a shared number,
    ``{source}-u{index}`` for unnumbered entries."""
    counts: dict[int, int] = {}
    for entry in entries:
        if entry.number is not None:
            counts[entry.number] = counts.get(entry.number, 0) + 1
    seen: dict[int, int] = {}
    ids = []
    unnumbered = 0
    for entry in entries:
        if entry.number is None:
            unnumbered += 1
            ids.append(f"{source}-u{unnumbered}")
            continue
        k = seen.get(entry.number, 0)
        seen[entry.number] = k + 1
        shared = _suffix(k) if counts[entry.number] > 1 else ""
        ids.append(f"{source}-{entry.number}{shared}")
    return ids


def _parse(parser: ReferenceParser, text: str, ref_id: str) -> Reference:
    """``parser`` that raises only an installation error: a failure becomes a recorded problem."""
    try:
        return parser(text, ref_id)
    except ParserModelError:
        raise
    except Exception as exc:  # bad input becomes data, never a crash
        ref = Reference(id=ref_id)
        ref.refman.problems.append(f"parser error: {type(exc).__name__}: {exc}")
        return ref


def _metadata(text: str, source: str) -> Reference:
    """The article's own metadata (:func:`~refman.extract.frontmatter.extract_metadata` never raises)."""
    from refman.extract.frontmatter import extract_metadata

    return extract_metadata(text, source)


def _reference(parser: ReferenceParser, entry: Entry, ref_id: str, source: str) -> Reference:
    """One list entry parsed, with its provenance."""
    ref = _parse(parser, entry.text, ref_id)
    ref.id = ref_id
    ref.refman.raw = entry.raw
    ref.refman.number = entry.number
    ref.refman.line = entry.line
    ref.refman.article = source
    return ref


def _ditto_authors(refs: Sequence[Reference]) -> None:
    """An entry that repeats the authors before it by a ditto ("———. 2016. Title", "(1970):
    Title") and names none gets the previous entry's authors."""
    for before, ref in itertools.pairwise(refs):
        if ref.refman.extra.get("same_authors_as_previous") and not ref.author and before.author:
            ref.author = list(before.author)
            ref.refman.confidence["author"] = 0.7


def _attach_romanised(
    parser: ReferenceParser, refs: Sequence[Reference], entries: Sequence[Entry], romanised: RefList
) -> list[Diagnostic]:
    """Attach each romanised entry to its original; report the ones left over."""
    pairs = match_romanised(entries, romanised.entries)
    for i, j in pairs.items():
        twin = romanised.entries[j]
        item = _parse(parser, twin.text, refs[i].id).to_csl()
        item.pop("custom", None)
        refs[i].refman.romanised = {"raw": twin.raw, "line": twin.line, "number": twin.number, "item": item}
    used = set(pairs.values())
    return [
        Diagnostic(
            "romanised_unattached",
            f"romanised entry at line {e.line} matches no original entry: {e.raw[:80]}",
            e.line,
            [e.number] if e.number is not None else [],
        )
        for j, e in enumerate(romanised.entries)
        if j not in used
    ]


def _body_spans(text: str, starts: Sequence[int], lists: Sequence[RefList]) -> list[tuple[int, int]]:
    """Offset ranges of the text outside every reference list."""
    cuts = sorted(
        (starts[r.start], starts[r.end + 1] if r.end + 1 < len(starts) else len(text)) for r in lists
    )
    spans: list[tuple[int, int]] = []
    pos = 0
    for lo, hi in cuts:
        if lo > pos:
            spans.append((pos, lo))
        pos = max(pos, hi)
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _link(
    citations: Sequence[Citation], refs: Sequence[Reference], entries: Sequence[Entry]
) -> tuple[set[str], list[Diagnostic]]:
    """Link citations to references, record them on the references; ids cited and diagnostics."""
    by_id = {r.id: r for r in refs}
    by_number: dict[int, list[str]] = {}
    for ref in refs:
        if ref.refman.number is not None:
            by_number.setdefault(ref.refman.number, []).append(ref.id)
    names = [entry_names(r, e.text) for r, e in zip(refs, entries, strict=True)]
    index = make_index(names)
    cited: set[str] = set()
    diagnostics: list[Diagnostic] = []
    for citation in citations:
        if citation.numbers:
            citation.references = link_numeric(citation, by_number)
        elif citation.names:
            match = match_author_year(citation, names, index)
            citation.references = [match.entry.id] if match else []
            problem = author_year_diagnostic(citation, match)
            if problem is not None:
                diagnostics.append(problem)
        for ref_id in citation.references:
            cited.add(ref_id)
            by_id[ref_id].refman.cited.append(
                {
                    "text": citation.text,
                    "line": citation.line,
                    "locator": citation.locator,
                    "context": citation.context,
                }
            )
    return cited, diagnostics


def extract_article(text: str, source: str, parser: ReferenceParser = parse_reference) -> Article:
    """Read one article's text: its metadata, reference list, in-text citations and diagnostics.

    ``source`` is the article id (the file stem); see the module docstring for reference ids.
    ``parser`` turns each entry into a Reference (a ``refman.parsers`` plugin can replace it).
    Pure: no I/O; never raises on odd text (problems are diagnostics).
    """
    lines = split_lines(text)
    starts = line_starts(text)
    lists = _arrange(find_reference_lists(lines))
    ids = reference_ids(lists.entries, source)
    refs = [_reference(parser, e, i, source) for e, i in zip(lists.entries, ids, strict=True)]
    _ditto_authors(refs)
    diagnostics: list[Diagnostic] = []
    if lists.romanised is not None:
        diagnostics.extend(_attach_romanised(parser, refs, lists.entries, lists.romanised))
    diagnostics.extend(
        Diagnostic(
            "entry_too_long",
            f"entry at line {e.line} is longer than {MAX_ENTRY_CHARS:,} characters: "
            f"the {e.lines_not_read} line(s) after it were not read",
            e.line,
            [e.number] if e.number is not None else [],
        )
        for e in lists.entries
        if e.lines_not_read
    )
    diagnostics.extend(bare_list_diagnostic(found) for found in lists.all if found.bare)
    diagnostics.extend(d for found in lists.all for d in left_out_diagnostics(found))
    for extra in lists.extra:
        line = (extra.heading if extra.heading is not None else extra.start) + 1
        diagnostics.append(
            Diagnostic("extra_reference_list", f"a further reference list at line {line} was not read", line)
        )
    numbers = [r.refman.number for r in refs if r.refman.number is not None]
    citations = find_citations(
        text,
        _body_spans(text, starts, lists.all),
        starts,
        list_size=max(numbers) if numbers else None,
        double_spaced=is_double_spaced(lines),
    )
    metadata = _metadata(text, source)
    metadata.language = (
        text_language("".join(text[lo:hi] for lo, hi in _body_spans(text, starts, lists.all)))
        or metadata.language
    )
    metadata.refman.extra["cites"] = [r.id for r in refs]
    if refs:
        cited, linked = _link(citations, refs, lists.entries)
        numbered = {r.id: r.refman.number for r in refs}
        diagnostics = list_diagnostics(citations, numbered, cited) + linked + diagnostics
    else:
        diagnostics = no_list_diagnostics(citations) + diagnostics
        refs = _recover(text, starts, citations, source, is_double_spaced(lines))
        if refs:
            diagnostics.insert(1, recovered_diagnostic(refs))
            metadata.refman.extra["cites"] = [r.id for r in refs]
    return Article(metadata=metadata, references=refs, citations=citations, diagnostics=diagnostics)


def _recover(
    text: str, starts: Sequence[int], citations: Sequence[Citation], source: str, double_spaced: bool
) -> list[Reference]:
    """No list: a provisional reference for each number of the cited run 1..N (strays aside),
    with the names beside its citations (see :mod:`refman.extract.recovered`)."""
    end, _strays = cited_run(sorted({n for c in citations for n in c.numbers}))
    numbered = [c for c in citations if c.numbers and max(c.numbers) <= end]
    before: dict[int, str] = {}
    own: dict[int, str] = {}
    previous_end = 0  # the text before a sentence reaches back to the previous citation at most
    for k, c in enumerate(numbered):
        line_start = starts[c.line - 1] if 0 < c.line <= len(starts) else 0
        # the context's first words, wherever the text breaks its lines
        opening = re.compile(r"\s+".join(re.escape(w) for w in c.context.split()[:5]))
        m = opening.search(text, max(0, line_start - 2_000))
        pos = m.start() if m is not None and m.start() <= line_start + len(c.context) else line_start
        before[k] = text[max(previous_end, pos - LOOK_BACK) : pos] if pos > previous_end else ""
        found = text.find(c.text, max(pos, previous_end))
        if found >= 0:
            # the citing sentence as the text has it, from its last blank line or heading (a
            # heading the sentence's context runs into is not part of it) to the bracket
            head = text[pos:found]
            breaks = [
                *(_TWO_BLANK_LINES if double_spaced else _BLANK_LINE).finditer(head),
                *HEADING_LINE.finditer(head),
            ]
            own[k] = " ".join(head[max((b.end() for b in breaks), default=0) :].split()) + " " + c.text
        previous_end = max(previous_end, found + len(c.text) if found >= 0 else pos)
    return recover_references(numbered, source, before, own)
