"""``refman resolve FILE``: references in (one per line, CSL-JSON or BibTeX), DOIs and evidence out."""

from __future__ import annotations

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from refman.cli.common import (
    dump_json,
    emit,
    err_console,
    out_console,
    read_input,
    report_problems,
    settings_options,
    warn,
)
from refman.cli.parse import parse_lines
from refman.cli.text import add_row, labelled, literal
from refman.errors import Problem
from refman.formats.collection import collection_kind, parse_collection
from refman.model import Reference
from refman.plugins import Parser, parser, resolver
from refman.resolve.records import Resolution
from refman.resolve.stats import ResolveReport
from refman.settings import Settings

__all__ = ["load_references", "resolve_command"]


def load_references(name: str, text: str, parse: Parser) -> tuple[list[Reference], list[Problem]]:
    """Read a collection (CSL-JSON, BibTeX, a coBib database) or, when ``text`` is none, plain
    reference strings, one per line, read by ``parse``; returns the references and any problems
    found."""
    if collection_kind(name, text) is None:
        return parse_lines(text, parse), []
    return parse_collection(name, text)


def _render(refs: list[Reference], report: ResolveReport) -> None:
    table = Table("#", "status", "score", "DOI", "reference", show_lines=False)
    for i, ref in enumerate(refs, start=1):
        resolution = Resolution.of(ref)
        status = resolution.status if resolution is not None else ""
        score = resolution.score if resolution is not None else None
        colour = {"matched": "green", "ambiguous": "yellow", "unmatched": "red"}.get(status, "magenta")
        text = ref.title or ref.refman.raw or ""
        add_row(
            table,
            str(ref.refman.line or i),
            literal(status, colour),
            "" if score is None else f"{score:.2f}",
            ref.DOI or "",
            text[:70] + ("…" if len(text) > 70 else ""),
        )
    out_console.print(table)
    out_console.print(literal(report.summary(why=True)))
    for item in report.dois_not_in_crossref:
        out_console.print(labelled("DOI not in Crossref", f"{item['id']}: {item['DOI']} ({item['status']})"))


@click.command("resolve")
@click.argument("file", default="-")
@click.option("--json", "as_json", is_flag=True, help="Print the CSL-JSON array (input order).")
@click.option("-o", "--output", help="Write the CSL-JSON to this file (atomically).")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with status 1 when the input has problems, 2 unless every reference is matched.",
)
@settings_options
def resolve_command(file: str, as_json: bool, output: str | None, strict: bool, settings: Settings) -> int:
    """Find DOIs and Crossref metadata for the references in FILE (default: stdin).

    FILE holds one reference string per line, a CSL-JSON array, or BibTeX. Every candidate is
    validated field by field; DOI is set only for accepted matches, and the evidence (status,
    score, supporting fields, candidates) is in custom.refman.match.
    """
    refs, problems = load_references(file, read_input(file), parser(settings.parser))
    report_problems(problems, strict)
    resolve_references = resolver(settings.resolver)
    columns = (TextColumn("resolving"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True, disable=not err_console.is_terminal) as bar:
        task = bar.add_task("resolving", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        resolved, report = resolve_references(refs, settings, progress)
    for warning in report.warnings:
        warn(warning)
    if as_json or output:
        emit(dump_json([r.to_csl() for r in resolved]), output)
        err_console.print(literal(report.summary(why=True)))
    else:
        _render(resolved, report)
    if strict and report.counts["matched"] < report.total:
        return 2
    return 0
