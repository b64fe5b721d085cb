"""``refman build [DIR]``: the main job, articles -> references.json, references.bib, report.md."""

from __future__ import annotations

from pathlib import Path

import click
from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn
from rich.table import Table

from refman.cli.common import (
    LiteralColumn,
    dump_json,
    err_console,
    out_console,
    report_problems,
    settings_options,
    strict_option,
    warn,
)
from refman.cli.text import add_row, literal
from refman.pipeline import article_paths, build
from refman.resolve.records import updates_text
from refman.settings import Settings
from refman.store import BuildFolder

__all__ = ["build_command"]


@click.command("build")
@click.argument("directory", default="bibliography")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary instead of a table.")
@strict_option
@settings_options
def build_command(directory: str, as_json: bool, strict: bool, settings: Settings) -> int:
    """Extract every article in DIRECTORY/articles/, resolve, deduplicate, and write the collection.

    An article file that cannot be read is left out with a warning; with --strict the build then
    exits with status 2 (its outputs written), and with status 1 (nothing written) when an input
    has problems.
    """
    total = len(article_paths(BuildFolder(Path(directory))))
    columns = (
        LiteralColumn("{task.description}", style="progress.description"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=True, disable=as_json) as progress:
        reading = progress.add_task("extracting", total=total)
        resolving = progress.add_task("resolving", total=None, visible=False)

        def on_article(path: Path) -> None:
            progress.update(reading, advance=1, description=f"extracting {path.name}")

        def on_resolve(done: int, count: int) -> None:
            progress.update(resolving, completed=done, total=count, visible=True)

        result = build(
            directory,
            settings=settings,
            strict=strict,
            on_article=on_article,
            on_resolve=on_resolve,
            on_wait=warn,
        )
    for problem in result.unread:
        warn(f"{problem}; left out of the build")
    for warning in result.warnings:
        warn(warning)
    report_problems(result.problems, strict)
    status = 2 if strict and result.unread else 0
    dup = result.duplicates
    if as_json:
        summary = {
            "directory": str(result.directory),
            "outputs": [str(p) for p in result.outputs],
            "written": [str(p) for p in result.written],
            "articles": [
                {
                    "id": a.metadata.id,
                    "references": len(a.references),
                    "citations": len(a.citations),
                    "diagnostics": [d.code for d in a.diagnostics],
                }
                for a in result.articles
            ],
            "resolution": result.resolution.to_json(),
            "merged": len(dup.merges) if dup else 0,
            "review": len(dup.review) if dup else 0,
            "rulings_not_applied": len(dup.unapplied) if dup else 0,
            "crossmark_updates": {r.id: updates_text(r) for r in result.collection if updates_text(r)},
            "unread": [str(error) for error in result.unread],
        }
        click.echo(dump_json(summary), nl=False)
        return status
    table = Table("article", "references", "citations", "diagnostics")
    for a in result.articles:
        codes = sorted({d.code for d in a.diagnostics})
        add_row(table, a.metadata.id, str(len(a.references)), str(len(a.citations)), ", ".join(codes))
    out_console.print(table)
    out_console.print(literal(f"resolution: {result.resolution.summary(why=True)}"))
    if dup is not None:
        review = f"; {len(dup.review)} pair(s) to review (refman decide, or r in refman browse)"
        out_console.print(f"duplicates: {len(dup.merges)} merged{review if dup.review else ''}")
        for unapplied in dup.unapplied:
            warn(unapplied.explain())
    for ref in result.collection:
        if updates_text(ref):
            warn(f"{ref.citation_key or ref.id}: {updates_text(ref)}", label="Crossmark")
    for path in result.written:
        out_console.print(literal(f"wrote {path}"))
    if result.outputs and not result.written:
        out_console.print(literal(f"outputs unchanged in {result.directory}: nothing written"))
    return status
