"""The build report (``report.md`` for people, ``report.json`` for programs), as pure functions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from refman.model import Article, Reference

__all__ = ["NOT_RESOLVED", "render_report_json", "render_report_md"]

NOT_RESOLVED = (
    "not resolved: this version of refman does not query Crossref yet, so no reference was "
    "resolved or checked online; identifiers shown are the ones written in the article"
)


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


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


def _article_md(article: Article, keys: dict[str, str | None]) -> list[str]:
    meta = article.metadata
    refs = article.references
    romanised = sum(1 for r in refs if r.refman.romanised)
    author_year = sum(1 for c in article.citations if c.names or c.year)
    lines = [
        f"## {meta.id}: {meta.title or '(no title found)'}",
        "",
        f"- Language: {meta.language or 'unknown'}; authors: {_authors(meta, limit=10) or 'not found'}",
        f"- References found: {len(refs)} ({_numbers_summary(refs)}); "
        f"romanised entries attached: {romanised}",
        f"- In-text citations: {len(article.citations)} "
        f"({len(article.citations) - author_year} numeric, {author_year} author-year)",
        f"- Resolution: 0 of {len(refs)} resolved ({NOT_RESOLVED})",
        "",
        "### Diagnostics",
        "",
    ]
    if article.diagnostics:
        lines += ["| code | line | numbers | message |", "|---|---|---|---|"]
        for d in article.diagnostics:
            numbers = ", ".join(map(str, d.numbers))
            lines.append(f"| {d.code} | {d.line or ''} | {numbers} | {_cell(d.message)} |")
    else:
        lines.append("None.")
    lines += ["", "### References", ""]
    if refs:
        lines += ["| # | key | type | authors | year | title | problems |", "|---|---|---|---|---|---|---|"]
        for r in refs:
            lines.append(
                f"| {r.refman.number or ''} | {keys.get(r.id) or ''} | {r.type} | {_cell(_authors(r))} "
                f"| {r.year or ''} | {_cell(r.title or '')} | {_cell('; '.join(r.refman.problems))} |"
            )
    else:
        lines.append("No reference list was found.")
    return [*lines, ""]


def render_report_md(articles: Sequence[Article], collection: Sequence[Reference]) -> str:
    """``report.md``: per article, its references, citations, diagnostics and what was not resolved."""
    keys = {r.id: r.citation_key for r in collection}
    n_refs = sum(len(a.references) for a in articles)
    n_cites = sum(len(a.citations) for a in articles)
    lines = [
        "# refman build report",
        "",
        f"{len(articles)} article(s), {n_refs} reference(s), {n_cites} in-text citation(s); "
        f"{len(collection)} item(s) in the collection (articles included).",
        "",
        f"**Resolution:** nothing was resolved yet — {NOT_RESOLVED}.",
        "",
    ]
    for article in articles:
        lines += _article_md(article, keys)
    return "\n".join(lines)


def render_report_json(articles: Sequence[Article], collection: Sequence[Reference]) -> str:
    """``report.json``: the same facts as ``report.md``, for programs."""
    keys = {r.id: r.citation_key for r in collection}
    data: dict[str, Any] = {
        "articles": [
            {
                "id": a.metadata.id,
                "title": a.metadata.title,
                "references": len(a.references),
                "citations": len(a.citations),
                "diagnostics": [d.to_json() for d in a.diagnostics],
                "unresolved": [
                    {"id": r.id, "key": keys.get(r.id), "reason": NOT_RESOLVED} for r in a.references
                ],
            }
            for a in articles
        ],
        "resolved": 0,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
