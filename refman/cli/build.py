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
    parser_option,
    resolver_option,
    warn,
)
from refman.cli.text import add_row, literal
from refman.pipeline import build
from refman.resolve.records import updates_text
from refman.settings import Settings
from refman.store import BuildFolder, list_articles

__all__ = ["build_command"]


@click.command("build")
@click.argument("directory", default="bibliography")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary instead of a table.")
@click.option(
    "--offline", is_flag=True, default=None, help="No network: resolve from the cache only [REFMAN_OFFLINE]."
)
@click.option("--refresh", is_flag=True, help="Ask Crossref again even for what the cache holds.")
@click.option("--crossref-url", help="Crossref API base URL [REFMAN_CROSSREF_URL].")
@click.option("--mailto", help="Your e-mail, for Crossref's polite pool [REFMAN_MAILTO].")
@click.option("--cache-dir", help="Cache directory [REFMAN_CACHE_DIR].")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with status 2 when an article file could not be read (it is left out).",
)
@parser_option
@resolver_option
def build_command(
    directory: str,
    as_json: bool,
    offline: bool | None,
    refresh: bool,
    crossref_url: str | None,
    mailto: str | None,
    cache_dir: str | None,
    strict: bool,
    parser_name: str | None,
    resolver_name: str | None,
) -> int:
    """Extract every article in DIRECTORY/articles/, resolve, deduplicate, and write the collection."""
    settings = Settings.from_env(
        crossref_url=crossref_url,
        mailto=mailto,
        cache_dir=cache_dir,
        offline=offline,
        refresh=refresh,
        parser=parser_name,
        resolver=resolver_name,
    )
    total = len(list_articles(BuildFolder(Path(directory)).articles))
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

        result = build(directory, settings=settings, on_article=on_article, on_resolve=on_resolve)
    for error in result.unread:
        warn(f"{error}; left out of the build")
    for warning in result.warnings:
        warn(warning)
    status = 2 if strict and result.unread else 0
    dup = result.duplicates
    if as_json:
        summary = {
            "directory": str(result.directory),
            "outputs": [str(p) for p in result.written],
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
    return status
