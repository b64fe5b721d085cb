"""``refman history [ID]`` and ``refman undo``: what a person decided, and taking it back."""

from __future__ import annotations

from pathlib import Path

import click

from refman.cli.common import dump_json, err_console, library_option, open_library, out_console
from refman.cli.text import literal

__all__ = ["history_command", "undo_command"]


@click.command("history")
@click.argument("item", required=False)
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print the decisions as JSON.")
def history_command(item: str | None, directory: Path, as_json: bool) -> int:
    """Every decision a person made in the library, oldest first, with who and when (taken back
    ones marked); ITEM (an id, a citation key or ARTICLE-NUMBER): only those on it."""
    with open_library(directory) as library:
        decisions = library.history(library.find(item) if item else None)
    if as_json:
        click.echo(dump_json([d.to_json() for d in decisions]), nl=False)
        return 0
    if not decisions:
        out_console.print("no decisions yet")
    for d in decisions:
        undone = "  (undone)" if d.undone else ""
        out_console.print(literal(f"{d.seq}  {d.when}  {d.who}  {d.describe()}{undone}"))
    return 0


@click.command("undo")
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print the decision taken back as JSON.")
def undo_command(directory: Path, as_json: bool) -> int:
    """Take back the latest decision (an edit, a ruling, an accepted DOI, an addition...): the
    next build gives the machine's value again."""
    with open_library(directory) as library:
        decision = library.undo()
    if as_json:
        click.echo(dump_json(decision.to_json() if decision else None), nl=False)
    if decision is None:
        err_console.print("nothing to undo")
    else:
        err_console.print(
            literal(f"took back {decision.describe()}; run `refman build {directory}` to apply it")
        )
    return 0
