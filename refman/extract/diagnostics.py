"""Diagnostics of an article's references and citations, as data (pure).

Every code the extractor emits is listed in :data:`CODES` with its one-line meaning.
"""

from __future__ import annotations

from collections.abc import Sequence

from refman.extract.citations import cited_run
from refman.extract.linking import Match
from refman.extract.recovered import Recovered
from refman.extract.reflist import RefList
from refman.model import Citation, Diagnostic, Reference

__all__ = [
    "CODES",
    "author_year_diagnostic",
    "bare_list_diagnostic",
    "left_out_diagnostics",
    "list_diagnostics",
    "no_list_diagnostics",
    "recovered_diagnostic",
]

CODES: dict[str, str] = {
    "no_reference_list": "no reference list was found (no heading, and no run of lines that look like "
    "references)",
    "cited_not_listed": "numbers cited in the text that no entry of the list carries",
    "listed_not_cited": "list entries that no in-text citation points at",
    "author_year_mismatch": "an author-year citation whose year or name spelling disagrees with "
    "the entry it most likely means",
    "author_year_unlisted": "an author-year citation that matches no entry of the list",
    "citation_gap": "no list: numbers in the run 1..N of cited numbers that are never cited",
    "recovered_from_text": "no list: a provisional reference for each cited number, holding the names "
    "written beside it (recovered from the text, not from a list; never resolved without a person)",
    "stray_citation": "no list: a cited number far beyond the run of cited numbers "
    "(> 2 x its end and > end + 10)",
    "romanised_unattached": "an entry of the romanised list that matches no original entry",
    "entry_too_long": "a list entry longer than 3,000 characters: the lines after it (up to the next "
    "entry, or the end of the list) were not read",
    "bare_reference_list": "a list taken for its reference-list heading although few of its entries "
    "carry a year, pages or a link: every entry is kept as written; check that it is a list",
    "left_out_after_list": "a block read after the list's last entry that does not read as a reference "
    "(no year, pages, link, initials or imprint; or running text) was left out of the list",
    "extra_reference_list": "a further reference list that is neither the romanised copy nor a "
    "continuation of the first; its entries were not read",
    "no_text_layer": "a PDF without a text layer (scanned pages): nothing was read; run OCR on it first",
    "pages_without_text": "pages of a PDF that are images without a text layer: their text was not read",
    "control_characters": "stray control characters in an article's text (PDF-to-text tools leave them) "
    "were dropped; the message counts them",
}


def _ranges(numbers: Sequence[int]) -> str:
    """``1–16, 18–21`` for a sorted list of numbers."""
    parts: list[str] = []
    run: list[int] = []
    for n in sorted(set(numbers)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            parts.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else f"{run[0]}")
        run = [n]
    if run:
        parts.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else f"{run[0]}")
    return ", ".join(parts)


def _first_lines(citations: Sequence[Citation]) -> dict[int, int]:
    first: dict[int, int] = {}
    for citation in citations:
        for number in citation.numbers:
            first.setdefault(number, citation.line)
    return first


def no_list_diagnostics(citations: Sequence[Citation]) -> list[Diagnostic]:
    """``no_reference_list``, plus ``citation_gap`` and ``stray_citation`` from cited numbers."""
    cited = sorted({n for c in citations for n in c.numbers})
    end, strays = cited_run(cited)
    run = [n for n in cited if n <= end]
    if run:
        message = f"no reference list found; the text cites numbers {_ranges(run)}"
    else:
        message = "no reference list found"
    out = [Diagnostic("no_reference_list", message, None, run)]
    missing = [n for n in range(1, end + 1) if n not in set(run)]
    if missing:
        out.append(
            Diagnostic(
                "citation_gap",
                f"numbers 1–{end} are cited except {_ranges(missing)}",
                None,
                missing,
            )
        )
    stray_set = set(strays)
    for citation in citations:
        odd = [n for n in citation.numbers if n in stray_set]
        if odd:
            out.append(
                Diagnostic(
                    "stray_citation",
                    f"{citation.text} cites {_ranges(odd)}, far beyond the cited run 1–{end}",
                    citation.line,
                    odd,
                )
            )
    return out


def list_diagnostics(
    citations: Sequence[Citation], numbers: dict[str, int | None], cited_ids: set[str]
) -> list[Diagnostic]:
    """``cited_not_listed`` and ``listed_not_cited`` for an article with a list.

    ``numbers`` maps each entry id to its list number (None when unnumbered), in list order.
    """
    out: list[Diagnostic] = []
    listed = {n for n in numbers.values() if n is not None}
    first = _first_lines(citations)
    unknown = sorted(n for n in first if n not in listed)
    if unknown:
        where = ", ".join(f"{n} (line {first[n]})" for n in unknown[:50])
        more = f" and {len(unknown) - 50} more" if len(unknown) > 50 else ""
        out.append(
            Diagnostic(
                "cited_not_listed",
                f"cited but not in the reference list: {where}{more}",
                first[unknown[0]],
                unknown,
            )
        )
    uncited = [i for i in numbers if i not in cited_ids]
    if uncited:
        nums = sorted({n for i in uncited if (n := numbers[i]) is not None})
        shown = ", ".join(uncited[:50]) + (f" and {len(uncited) - 50} more" if len(uncited) > 50 else "")
        out.append(Diagnostic("listed_not_cited", f"listed but never cited: {shown}", None, nums))
    return out


def author_year_diagnostic(citation: Citation, match: Match | None) -> Diagnostic | None:
    """``author_year_mismatch`` or ``author_year_unlisted`` for one author-year citation."""
    if match is None:
        return Diagnostic(
            "author_year_unlisted",
            f"{citation.text} (line {citation.line}) matches no entry of the reference list",
            citation.line,
        )
    problems = []
    if not match.year_ok:
        problems.append(f"year {citation.year} vs {match.entry.year or 'none'}")
    if match.spelling is not None:
        problems.append(f"name {match.spelling[0]} vs {match.spelling[1]}")
    if not problems:
        return None
    return Diagnostic(
        "author_year_mismatch",
        f"{citation.text} (line {citation.line}) most likely cites {match.entry.id} "
        f"({match.entry.label}): {'; '.join(problems)}",
        citation.line,
    )


def bare_list_diagnostic(found: RefList) -> Diagnostic:
    """``bare_reference_list`` for a list taken for its heading alone."""
    line = (found.heading if found.heading is not None else found.start) + 1
    count = f"{len(found.entries)} entr{'y' if len(found.entries) == 1 else 'ies'}"
    return Diagnostic(
        "bare_reference_list",
        f"the list under “{found.heading_text}” (line {line}) has {count}, few with a year, pages or "
        "a link: each is kept as written; check that it is a reference list",
        line,
    )


def left_out_diagnostics(found: RefList) -> list[Diagnostic]:
    """``left_out_after_list`` for each block read after the list's last entry and left out."""
    out = []
    for entry in found.left_out:
        first, last = entry.rows[0], entry.rows[-1]
        where = f"line {first}" if first == last else f"lines {first}–{last}"
        shown = entry.raw if len(entry.raw) <= 80 else entry.raw[:80] + "…"
        out.append(Diagnostic("left_out_after_list", f"left out after the list, {where}: {shown}", first))
    return out


def recovered_diagnostic(refs: Sequence[Reference]) -> Diagnostic:
    """``recovered_from_text``: how many references were recovered, and the names found for each."""
    numbers = [r.refman.number for r in refs if r.refman.number is not None]
    named = []
    for ref in refs:
        record = Recovered.of(ref)
        if record is not None and record.names:
            shown = [n.name if n.beside else f"{n.name} (before it)" for n in record.names]
            named.append(f"[{record.number}] {', '.join(shown)}")
    message = (
        f"{len(refs)} references recovered from the text, not from a list (numbers {_ranges(numbers)}); "
        f"names beside them: {'; '.join(named) if named else 'none'}"
    )
    return Diagnostic("recovered_from_text", message, None, numbers)
