"""``refman build [DIR]``: the main job, articles -> references.json, references.bib, report.md."""

from __future__ import annotations

from pathlib import Path

import click
from rich.progress import Progress
from rich.table import Table

from refman.cli.common import dump_json, err_console, out_console
from refman.pipeline import build
from refman.store import list_articles

__all__ = ["build_command"]


@click.command("build")
@click.argument("directory", default="bibliography")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary instead of a table.")
def build_command(directory: str, as_json: bool) -> int:
    """Extract every article in DIRECTORY/articles/ and write the collection and the report."""
    total = len(list_articles(Path(directory) / "articles"))
    with Progress(console=err_console, transient=True, disable=as_json) as progress:
        task = progress.add_task("extracting", total=total)

        def step(path: Path) -> None:
            progress.update(task, advance=1, description=f"extracting {path.name}")

        result = build(directory, on_article=step)
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
            "resolved": 0,
        }
        click.echo(dump_json(summary), nl=False)
        return 0
    table = Table("article", "references", "citations", "diagnostics")
    for a in result.articles:
        codes = sorted({d.code for d in a.diagnostics})
        table.add_row(a.metadata.id, str(len(a.references)), str(len(a.citations)), ", ".join(codes))
    out_console.print(table)
    out_console.print("nothing resolved online yet: Crossref resolution is not part of this version")
    for path in result.written:
        out_console.print(f"wrote {path}")
    return 0
