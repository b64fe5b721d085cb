"""``refman extract ARTICLE...``: metadata, reference list, citations and diagnostics."""

from __future__ import annotations

import sys

import click
from rich.table import Table
from rich.text import Text

from refman.cli.common import dump_json, emit, out_console, warn
from refman.cli.text import add_row, labelled, literal
from refman.documents import READER_CODES, extract_document, read_document_bytes
from refman.model import Article
from refman.pipeline import extract_file

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
def extract_command(articles: tuple[str, ...], as_json: bool, output: str | None) -> int:
    """Find the reference list, in-text citations and metadata of ARTICLE (text, Markdown, PDF,
    DOCX or an HTML journal page; - for stdin)."""
    results = [(name, extract_input(name)) for name in articles]
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
