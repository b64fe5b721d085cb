"""The build report (``report.md`` for people, ``report.json`` for programs), as pure functions."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refman.dedupe import DedupeResult
from refman.errors import Problem
from refman.library.decisions import PersonRecord
from refman.linkcheck.links import LinkRecord
from refman.model import Article, Reference
from refman.resolve.records import NOT_CHECKED, DoiStatus, Resolution, Update, updates_text
from refman.resolve.stats import ResolveReport

__all__ = ["BuildFacts", "render_report_json", "render_report_md"]


# Markdown that text from data could start: emphasis, code, links and images (by their ``[``:
# with it escaped, ``!`` and ``(`` start nothing), raw HTML, entities, tables, strikethrough,
# math and attributes (some viewers), headings and block quotes, and the bare URLs, domains and
# e-mail addresses that viewers with linkify turn into links (``://``, ``@``, a dot between
# letters or digits); ``_`` inside a word starts nothing. Every ASCII punctuation character may
# be backslash-escaped in CommonMark, and then it is literal.
_MD_ACTIVE = re.compile(r"[\\`*\[\]<>&|~$^{}#@]|:(?=//)|(?<=[^\W_])\.(?=[^\W_])|(?<![^\W_])_|_(?![^\W_])")
# At the start of a line or list item: a list marker, an ordered-list number, a setext underline.
_MD_LINE_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)]))")
_MD_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


def _md(text: object) -> str:
    """Text from data as literal Markdown text on one line (for table cells, list items and
    headings alike): white space and control characters folded to one space, and every character
    that could start markup backslash-escaped, so no viewer makes a tag, link, image or emphasis
    of it. ``[x](javascript:alert(1))`` -> ``\\[x\\](javascript:alert(1))``."""
    flat = _MD_SPACE.sub(" ", str(text)).strip()
    escaped = _MD_ACTIVE.sub(lambda m: "\\" + m.group(0), flat)
    return _MD_LINE_START.sub(lambda m: (m.group(2) or "") + "\\" + (m.group(1) or m.group(3)), escaped)


def _authors(ref: Reference, limit: int = 3) -> str:
    names = [n.family or n.literal or n.display() for n in ref.author]
    shown = ", ".join(names[:limit])
    return shown + (" et al." if len(names) > limit or ref.refman.extra.get("et_al") else "")


def _numbers_summary(refs: Sequence[Reference]) -> str:
    numbers = sorted({r.refman.number for r in refs if r.refman.number is not None})
    if not numbers:
        return "unnumbered"
    shared = len(refs) - len({r.refman.number for r in refs})
    text = f"numbered {numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else f"numbered {numbers[0]}"
    return text + (f"; {shared} number(s) shared by several works" if shared > 0 else "")


def _status(ref: Reference) -> str:
    resolution = Resolution.of(ref)
    return resolution.status if resolution is not None else NOT_CHECKED


def _doi_status(ref: Reference) -> DoiStatus | None:
    resolution = Resolution.of(ref)
    return resolution.doi_status if resolution is not None else None


def _why(ref: Reference) -> str:
    """Why a reference is not matched, in a few words."""
    resolution = Resolution.of(ref)
    if resolution is None:
        return "the resolver recorded nothing for it"
    reason = resolution.reason
    if resolution.status == "ambiguous":
        dois = [c.DOI for c in resolution.candidates[:3] if c.DOI]
        return f"ambiguous between {', '.join(dois)}" + (f" ({reason})" if reason else "")
    return reason or "no Crossref record passed validation"


def _updates(ref: Reference) -> tuple[Update, ...]:
    resolution = Resolution.of(ref)
    return resolution.updates if resolution is not None else ()


def _links(ref: Reference) -> str:
    record = LinkRecord.of(ref)
    return ", ".join(entry.status for entry in record.entries) if record is not None else ""


def _article_refs(
    article: Article, collection: dict[str, Reference], id_map: dict[str, str]
) -> list[Reference]:
    """The collection items an article's references ended up as (after resolution and merging)."""
    return [collection.get(id_map.get(r.id, r.id), r) for r in article.references]


def _article_md(article: Article, refs: list[Reference]) -> list[str]:
    meta = article.metadata
    romanised = sum(1 for r in article.references if r.refman.romanised)
    author_year = sum(1 for c in article.citations if c.names or c.year)
    statuses = [_status(r) for r in refs]
    counts = ", ".join(f"{statuses.count(s)} {s}" for s in dict.fromkeys(statuses)) or "none"
    lines = [
        f"## {_md(meta.id)}: {_md(meta.title) if meta.title else '(no title found)'}",
        "",
        f"- Language: {_md(meta.language or 'unknown')}; "
        f"authors: {_md(_authors(meta, limit=10) or 'not found')}",
        f"- References found: {len(article.references)} ({_numbers_summary(article.references)}); "
        f"romanised entries attached: {romanised}",
        f"- In-text citations: {len(article.citations)} "
        f"({len(article.citations) - author_year} numeric, {author_year} author-year)",
        f"- Resolution: {_md(counts)}",
        "",
        "### Diagnostics",
        "",
    ]
    if article.diagnostics:
        lines += ["| code | line | numbers | message |", "|---|---|---|---|"]
        for d in article.diagnostics:
            numbers = ", ".join(map(str, d.numbers))
            lines.append(f"| {_md(d.code)} | {_md(d.line or '')} | {_md(numbers)} | {_md(d.message)} |")
    else:
        lines.append("None.")
    lines += ["", "### References", ""]
    if not refs:
        return [*lines, "No reference list was found.", ""]
    lines += [
        "| # | key | type | authors | year | title | DOI | resolution | links | problems |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in refs:
        lines.append(
            f"| {_md(r.refman.number or '')} | {_md(r.citation_key or '')} | {_md(r.type)} "
            f"| {_md(_authors(r))} | {_md(r.year or '')} | {_md(r.title or '')} | {_md(r.DOI or '')} "
            f"| {_md(_status(r))} | {_md(_links(r))} | {_md('; '.join(r.refman.problems))} |"
        )
    updated = [r for r in refs if _updates(r)]
    if updated:
        lines += ["", "### Corrections and retractions (Crossmark, via Crossref)", ""]
        lines += [f"- {_md(r.citation_key or r.id)}: {_md(updates_text(r))}" for r in updated]
    foreign = [(r, status) for r in refs if (status := _doi_status(r)) is not None]
    if foreign:
        lines += ["", "### DOIs not in Crossref (kept as written)", ""]
        lines += [f"- {_md(r.citation_key or r.id)}: {_md(s.DOI)}: {_md(s.text())}" for r, s in foreign]
    not_matched = [r for r in refs if _status(r) not in ("matched", NOT_CHECKED)]
    if not_matched:
        lines += ["", "### Not matched, and why", ""]
        lines += [f"- {_md(r.citation_key or r.id)}: {_md(_why(r))}" for r in not_matched]
    not_checked = [r for r in refs if _status(r) == NOT_CHECKED]
    if not_checked:
        lines += ["", "### Not checked, and why", ""]
        lines += [f"- {_md(r.citation_key or r.id)}: {_md(_why(r))}" for r in not_checked]
    return [*lines, ""]


def _duplicates_md(dup: DedupeResult | None) -> list[str]:
    if dup is None or (not dup.merges and not dup.review and not dup.unapplied):
        return ["## Duplicates", "", "None found.", ""]
    lines = ["## Duplicates", ""]
    for merge in dup.merges:
        why = "; ".join(p.explain() for p in merge.pairs)
        lines.append(f"- merged {_md(', '.join(merge.merged_from))} into {_md(merge.id)}: {_md(why)}")
    for pair in dup.review:
        lines.append(f"- to review (not merged): {_md(pair.explain())}")
    if dup.review:
        lines += ["", "Rule on a pair with `refman decide DIR same|different A B` or in `refman browse`."]
    lines += [f"- {_md(unapplied.explain())}" for unapplied in dup.unapplied]
    return [*lines, ""]


def _decided(collection: Sequence[Reference]) -> list[tuple[Reference, PersonRecord]]:
    """The items a person decided something about, with what they decided."""
    found = [(r, PersonRecord.of(r)) for r in collection]
    return [(r, record) for r, record in found if record is not None and not record.empty()]


def _by(stamp: dict[str, Any]) -> str:
    return f"{stamp.get('who')}, {stamp.get('when')}"


def _person_md(collection: Sequence[Reference]) -> list[str]:
    """Section "A person's decisions": each edit beside the machine's value, accepted and
    rejected DOIs, keys a person gave."""
    decided = _decided(collection)
    if not decided:
        return []
    lines = ["## A person's decisions", ""]
    for ref, record in decided:
        name = _md(ref.citation_key or ref.id)
        for field, edit in record.edited.items():
            machine, value = (
                json.dumps(edit.get("machine"), ensure_ascii=False),
                json.dumps(edit.get("value"), ensure_ascii=False),
            )
            had = f"the machine had {_md(machine)}; {_md(_by(edit))}"
            lines.append(f"- {name}: {_md(field)} set to {_md(value)} ({had})")
        if record.accepted is not None:
            lines.append(
                f"- {name}: DOI {_md(record.accepted.get('DOI'))} accepted ({_md(_by(record.accepted))})"
            )
        for rejected in record.rejected:
            lines.append(f"- {name}: DOI {_md(rejected.get('DOI'))} rejected ({_md(_by(rejected))})")
        if record.key is not None:
            lines.append(f"- {name}: key given by a person ({_md(_by(record.key))})")
    return [*lines, ""]


def _unread_md(unread: Sequence[Problem]) -> list[str]:
    if not unread:
        return []
    lines = ["## Files not read", ""]
    for problem in unread:
        where = f"{Path(problem.file).name}" + (f", line {problem.line}" if problem.line is not None else "")
        lines.append(f"- {_md(where)}: {_md(problem.message)}")
    return [*lines, ""]


def _unread_json(problem: Problem) -> dict[str, Any]:
    return {"file": Path(problem.file).name, "line": problem.line, "message": problem.message}


@dataclass(frozen=True)
class BuildFacts:
    """What a report is made from: the articles read, the collection, resolution and dedupe, and
    the article files that were not read."""

    articles: Sequence[Article]
    collection: Sequence[Reference]
    resolution: ResolveReport
    duplicates: DedupeResult | None
    unread: Sequence[Problem] = ()

    def per_article(self) -> list[tuple[Article, list[Reference]]]:
        """Each article with the collection items its references ended up as."""
        by_id = {r.id: r for r in self.collection}
        id_map = self.duplicates.id_map if self.duplicates else {}
        return [(a, _article_refs(a, by_id, id_map)) for a in self.articles]


def render_report_md(facts: BuildFacts) -> str:
    """``report.md``: resolution, duplicates, and per article its references, citations, diagnostics."""
    articles, collection, res = facts.articles, facts.collection, facts.resolution
    n_refs = sum(len(a.references) for a in articles)
    n_cites = sum(len(a.citations) for a in articles)
    lines = [
        "# refman build report",
        "",
        f"{len(articles)} article(s), {n_refs} reference(s), {n_cites} in-text citation(s); "
        f"{len(collection)} item(s) in the collection (articles included).",
        "",
        f"**Resolution** against {_md(res.service or 'Crossref')}: {_md(res.summary())}.",
    ]
    if res.unreached:
        lines.append(
            f"Could not reach the service for {len(res.unreached)} reference(s): see each article below."
        )
    lines.append("")
    lines += _unread_md(facts.unread)
    lines += _duplicates_md(facts.duplicates)
    lines += _person_md(collection)
    for article, refs in facts.per_article():
        lines += _article_md(article, refs)
    return "\n".join(lines)


def render_report_json(facts: BuildFacts) -> str:
    """``report.json``: the same facts as ``report.md``, for programs."""
    per_article = []
    for a, refs in facts.per_article():
        per_article.append(
            {
                "id": a.metadata.id,
                "title": a.metadata.title,
                "references": len(a.references),
                "citations": len(a.citations),
                "diagnostics": [d.to_json() for d in a.diagnostics],
                "resolution": [
                    {"id": r.id, "key": r.citation_key, "status": _status(r), "DOI": r.DOI}
                    | ({} if _status(r) == "matched" else {"why": _why(r)})
                    | ({"doi_status": s.to_json()} if (s := _doi_status(r)) is not None else {})
                    | ({"updates": [u.to_json() for u in _updates(r)]} if _updates(r) else {})
                    for r in refs
                ],
            }
        )
    data: dict[str, Any] = {
        "articles": per_article,
        "unread": [_unread_json(e) for e in facts.unread],
        # elapsed time left out: the report of the same inputs is the same file
        # what was found, not how the run went: the same file offline or with the network unreachable
        "resolution": facts.resolution.findings_json(),
        "duplicates": dup.to_json() | {"items": len(dup.items)} if (dup := facts.duplicates) else None,
        "decisions": [
            {"id": r.id, "key": r.citation_key, **p.to_json()} for r, p in _decided(facts.collection)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
