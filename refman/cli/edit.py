"""``refman edit ID FIELD=VALUE...``: a person's values for fields, over the machine's."""

from __future__ import annotations

from pathlib import Path

import click

from refman.cli.common import dump_json, err_console, library_option, open_library
from refman.cli.text import literal
from refman.errors import RefmanError
from refman.library import EDITABLE

__all__ = ["edit_command"]


@click.command("edit")
@click.argument("item")
@click.argument("changes", nargs=-1, required=True)
@library_option
@click.option("--json", "as_json", is_flag=True, help="Print the decisions recorded as JSON.")
def edit_command(item: str, changes: tuple[str, ...], directory: Path, as_json: bool) -> int:
    """Set FIELD=VALUE on ITEM (an id, a citation key or ARTICLE-NUMBER): the value wins over
    the machine's on every build (which is kept beside it in custom.refman.person); `refman undo`
    takes an edit back. FIELD is a CSL name (title, container-title, page, DOI, issued=2004,
    author="Family, Given; Family, Given", ...); an empty VALUE empties the field.
    """
    values: dict[str, str] = {}
    for change in changes:
        name, equals, value = change.partition("=")
        if not equals or not name:
            raise click.UsageError(f"expected FIELD=VALUE, got {change!r}")
        if name not in EDITABLE:
            raise RefmanError(f"{name!r} is not a field refman edits; fields: {', '.join(EDITABLE)}")
        values[name] = value
    with open_library(directory) as library:
        decisions = library.edit(library.find(item), values)
    if as_json:
        click.echo(dump_json([d.to_json() for d in decisions]), nl=False)
    for d in decisions:
        err_console.print(literal(d.describe()))
    err_console.print(literal(f"run `refman build {directory}` to apply it"))
    return 0
