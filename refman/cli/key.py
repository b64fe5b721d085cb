"""``refman key ID [KEY] [--regenerate]``: an item's citation key, pinned once issued."""

from __future__ import annotations

from pathlib import Path

import click

from refman.cli.common import dump_json, err_console, library_option, open_library, out_console
from refman.cli.text import literal
from refman.errors import InputError

__all__ = ["key_command"]


@click.command("key")
@click.argument("item")
@click.argument("key", required=False)
@click.option("--regenerate", is_flag=True, help="Make a new key from the item's current fields.")
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print {id, key} as JSON.")
def key_command(item: str, key: str | None, regenerate: bool, directory: Path, as_json: bool) -> int:
    """Show ITEM's citation key (ITEM: an id, a key or ARTICLE-NUMBER), or give it KEY, or a new
    one (--regenerate). A key, once issued, never changes otherwise."""
    if key is not None and regenerate:
        raise click.UsageError("give a KEY or --regenerate, not both")
    with open_library(directory) as library:
        found = library.find(item)
        if regenerate:
            library.regenerate_key(found)
        elif key is not None:
            library.set_key(found, key)
        current = library.keys().get(found)
    if current is None:
        raise InputError(library.folder.library, f"{found} has no key yet: run refman build first")
    if as_json:
        click.echo(dump_json({"id": found, "key": current}), nl=False)
    else:
        out_console.print(literal(current))
    if regenerate or key is not None:
        err_console.print(literal(f"run `refman build {directory}` to write it"))
    return 0
