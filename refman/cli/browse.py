"""``refman browse [FILE|DIR]``: the terminal UI over a library (a build folder), a CSL-JSON
collection or a .bib file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from refman.errors import RefmanError
from refman.store import BuildFolder

__all__ = ["browse_command"]


@click.command("browse")
@click.argument("file", required=False)
@click.option("-s", "--search", "query", default="", help="Start with this search (any script).")
@click.option("-a", "--article", default=None, help="Start with the items of this source article.")
@click.option("-p", "--problems", is_flag=True, help="Start with only the items that have problems.")
@click.option("--style", default="apa", show_default=True, help="CSL style of copied citations (C).")
def browse_command(file: str | None, query: str, article: str | None, problems: bool, style: str) -> int:
    """Browse and curate a library in the terminal: FILE is a build folder (its library and
    references.json), or a CSL-JSON or .bib file (read only).

    A table of items with a search box (/), a detail pane with the raw string next to the parsed
    fields, citations, matches and links; edits, DOIs accepted or rejected, keys, additions and
    removals go into the folder's library (u undoes). Press ? inside for every key, q to quit.
    Default: the current folder when it is a build folder, else bibliography/.
    """
    from refman.render.csl import STYLES
    from refman.tui.collection import Filters, load_collection

    if style not in STYLES:
        raise click.BadParameter(f"{style!r}: one of {', '.join(STYLES)}", param_hint="--style")
    collection = load_collection(file if file is not None else _default_folder())
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise RefmanError("browse needs a terminal (stdin and stdout must be a TTY)")
    from refman.tui.app import BrowseApp  # Textual is imported only here

    BrowseApp(collection, Filters(query=query, article=article, problems_only=problems), style=style).run()
    return 0


def _default_folder() -> Path:
    """The current folder when it holds a library or a build's output, else ``bibliography/``."""
    here = BuildFolder(Path.cwd())
    if here.library.exists() or here.csl_json.exists():
        return here.root
    return Path("bibliography")
