"""``refman browse [FILE]``: the terminal UI over a CSL-JSON collection or a .bib file."""

from __future__ import annotations

import sys

import click

from refman.errors import RefmanError

__all__ = ["browse_command"]


@click.command("browse")
@click.argument("file", default="bibliography/references.json")
@click.option("-s", "--search", "query", default="", help="Start with this search (any script).")
@click.option("-a", "--article", default=None, help="Start with the items of this source article.")
@click.option("-p", "--problems", is_flag=True, help="Start with only the items that have problems.")
def browse_command(file: str, query: str, article: str | None, problems: bool) -> int:
    """Browse FILE (CSL-JSON written by `refman build`, or .bib) in the terminal.

    A table of items with a search box (/), a detail pane with the raw string next to the parsed
    fields, citations, matches and links; press ? inside for the keys, q to quit. FILE may be a
    directory holding references.json. Default: bibliography/references.json.
    """
    from refman.tui.collection import Filters, load_collection

    collection = load_collection(file)
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise RefmanError("browse needs a terminal (stdin and stdout must be a TTY)")
    from refman.tui.app import BrowseApp  # Textual is imported only here

    BrowseApp(collection, Filters(query=query, article=article, problems_only=problems)).run()
    return 0
