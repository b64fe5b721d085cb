"""``refman extract ARTICLE...``: metadata, reference list, citations and diagnostics."""

from __future__ import annotations

import sys

import click
from rich.table import Table
from rich.text import Text

from refman.cli.common import dump_json, emit, err_console, out_console, settings_options, warn
from refman.cli.text import add_row, labelled, literal
from refman.documents import READER_CODES, extract_document, read_document_bytes
from refman.extract.recovered import Recovered
from refman.model import Article
from refman.pipeline import extract_file
from refman.plugins import resolver
from refman.resolve.records import Resolution
from refman.settings import Settings

__all__ = ["extract_command", "extract_input", "render_article"]


def render_article(article: Article, name: str) -> None:
    """Print an extracted article for people: summary, references, diagnostics (all literal)."""
    meta = article.metadata
    out_console.rule(literal(name, "bold", one_line=True))
    heading = literal(meta.title or "(no title found)", "bold", end="")
    out_console.print(Text.assemble(heading, "  ", literal(meta.language or "", "dim")))
    if meta.author:
        out_console.print(literal(", ".join(n.display() for n in meta.author)))
    table = Table("#", "type", "authors", "year", "title", "container / URL", show_lines=False)
    for ref in article.references:
        authors = "; ".join(n.family or n.literal or "" for n in ref.author[:3])
        where = ref.container_title or ref.URL or ""
        add_row(
            table,
            str(ref.refman.number or ""),
            ref.type,
            authors,
            str(ref.year or ""),
            ref.title or "",
            where,
        )
    out_console.print(table)
    for ref in article.references:
        resolution = Resolution.of(ref) if Recovered.of(ref) is not None else None
        if resolution is not None:
            found = ", ".join(c.DOI for c in resolution.candidates) or "none"
            out_console.print(labelled(f"[{ref.refman.number}] candidates for review", found))
    out_console.print(f"{len(article.references)} references, {len(article.citations)} in-text citations")
    for diag in article.diagnostics:
        where = f"line {diag.line}: " if diag.line else ""
        out_console.print(labelled(diag.code, f"{where}{diag.message}"))


def extract_input(name: str) -> Article:
    """The article in a file of any kind refman reads, or in stdin for ``-`` (its kind told by
    its first bytes)."""
    if name == "-":
        return extract_document(read_document_bytes(sys.stdin.buffer.read(), "<stdin>"), source="stdin")
    return extract_file(name)


@click.command("extract")
@click.argument("articles", nargs=-1, required=True)
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (an object, or a list for several articles)."
)
@click.option("-o", "--output", help="Write the JSON to this file (atomically) instead of stdout.")
@click.option(
    "--candidates",
    is_flag=True,
    help="For references recovered from the text (an article with no list), look for Crossref "
    "candidates by the names beside the citations, for review (nothing is asserted).",
)
@settings_options
def extract_command(
    articles: tuple[str, ...], as_json: bool, output: str | None, candidates: bool, settings: Settings
) -> int:
    """Find the reference list, in-text citations and metadata of ARTICLE (text, Markdown, PDF,
    DOCX or an HTML journal page; - for stdin)."""
    results = [(name, extract_input(name)) for name in articles]
    if candidates:
        results = [(name, _with_candidates(article, settings)) for name, article in results]
    for _, article in results:
        for diagnostic in article.diagnostics:
            if diagnostic.code in READER_CODES:
                warn(diagnostic.message)
    if as_json or output:
        data = [a.to_json() for _, a in results]
        emit(dump_json(data[0] if len(data) == 1 else data), output)
    else:
        for name, article in results:
            render_article(article, name)
    return 0


def _with_candidates(article: Article, settings: Settings) -> Article:
    """The article with its recovered references resolved to candidates for review."""
    recovered = [r for r in article.references if Recovered.of(r) is not None]
    if not recovered:
        return article
    resolved, report = resolver(settings.resolver)(recovered, settings, None)
    for error in report.errors:
        warn(error)
    err_console.print(literal(report.summary(why=True)))
    by_id = {r.id: r for r in resolved}
    article.references = [by_id.get(r.id, r) for r in article.references]
    return article
