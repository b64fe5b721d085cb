"""``refman decide``: rule on a duplicate pair (same / different / forget), kept in the library."""

from __future__ import annotations

from pathlib import Path

import click

from refman.cli.common import dump_json, err_console, open_library, out_console
from refman.cli.text import literal

__all__ = ["decide_command"]


@click.command("decide")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.argument("ruling", required=False, type=click.Choice(["same", "different", "forget", "split"]))
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option("--note", default="", help="Why (kept with the ruling).")
@click.option("--json", "as_json", is_flag=True, help="Print the rulings as JSON.")
def decide_command(
    directory: Path, ruling: str | None, a: str | None, b: str | None, note: str, as_json: bool
) -> int:
    """Rule on two references of the collection in DIRECTORY: the SAME work (merge them whatever
    the rules say), DIFFERENT works (never merge them), or FORGET an earlier ruling.

    SPLIT A takes reference A out of the item the last build merged it into: A is ruled different
    from every other member (one decision, `refman undo` takes it back).

    A and B are ids (shown in report.md's Duplicates section and in `refman browse`), citation
    keys or labels ARTICLE-NUMBER. Rulings live in the library (DIRECTORY/library.sqlite, with
    who and when: `refman history`); the next `refman build` applies them. With no RULING, lists
    the rulings.
    """
    with open_library(directory) as library:
        if ruling == "split":
            if not a or b:
                raise click.UsageError("give one reference id: refman decide DIR split A")
            library.split(library.find(a))
            err_console.print(
                literal(f"split in {library.folder.library}; run `refman build {directory}` to apply it")
            )
        elif ruling is not None:
            if not a or not b:
                raise click.UsageError("give two reference ids: refman decide DIR same|different|forget A B")
            if a == b:
                raise click.UsageError(f"a ruling needs two different ids, got {a!r} twice")
            first, second = library.find(a), library.find(b)
            if first == second:
                raise click.UsageError(f"{a} and {b} are one reference ({first})")
            library.rule(first, second, ruling, note)
            err_console.print(
                literal(f"ruled in {library.folder.library}; run `refman build {directory}` to apply it")
            )
        rulings = library.rulings()
    if as_json:
        click.echo(dump_json([r.to_json() for r in rulings]), nl=False)
    elif ruling is None:
        if not rulings:
            out_console.print("no rulings yet")
        for r in rulings:
            note_text = f"  ({r.note})" if r.note else ""
            out_console.print(literal(f"{r.label}  {r.a}  {r.b}{note_text}"))
    return 0
