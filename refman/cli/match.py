"""``refman accept|reject ID DOI``: a person's word on a Crossref match."""

from __future__ import annotations

from pathlib import Path

import click

from refman.cli.common import dump_json, err_console, library_option, open_library
from refman.cli.text import literal

__all__ = ["accept_command", "reject_command"]


def _judge(kind: str, item: str, doi: str, directory: Path, as_json: bool) -> int:
    with open_library(directory) as library:
        found = library.find(item)
        decision = library.accept(found, doi) if kind == "accept" else library.reject(found, doi)
    if as_json:
        click.echo(dump_json(decision.to_json()), nl=False)
    err_console.print(literal(f"{decision.describe()}; run `refman build {directory}` to apply it"))
    return 0


def _command(kind: str, summary: str) -> click.Command:
    """The command ``refman KIND ITEM DOI``."""

    @click.command(kind, help=summary)
    @click.argument("item")
    @click.argument("doi")
    @library_option
    @click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
    def command(item: str, doi: str, directory: Path, as_json: bool) -> int:
        return _judge(kind, item, doi, directory, as_json)

    return command


accept_command = _command(
    "accept", "Accept DOI for ITEM (an id, a citation key or ARTICLE-NUMBER): every build gives it."
)
reject_command = _command(
    "reject",
    "Reject DOI for ITEM (an id, a citation key or ARTICLE-NUMBER): no build proposes or asserts it again.",
)
