"""``refman export FILE --to FORMAT``: convert CSL-JSON or BibTeX to BibTeX, biblatex or CSL-JSON."""

from __future__ import annotations

import click

from refman.cli.common import emit, err_console, read_input
from refman.errors import InputError
from refman.export.bibtex import from_bibtex, to_bibtex
from refman.export.csljson import from_csl_json, to_csl_json
from refman.model import Reference

__all__ = ["export_command", "load_collection"]


def load_collection(name: str, text: str) -> tuple[list[Reference], list[str]]:
    """Read CSL-JSON (a file that starts with ``[`` or ``{``) or BibTeX; returns items and problems."""
    if text.lstrip().startswith(("[", "{")):
        try:
            return from_csl_json(text), []
        except ValueError as exc:
            raise InputError(name, str(exc)) from None
    return from_bibtex(text)


@click.command("export")
@click.argument("file")
@click.option(
    "--to",
    "target",
    type=click.Choice(["bibtex", "biblatex", "csl-json"]),
    default="bibtex",
    show_default=True,
)
@click.option("-o", "--output", help="Write to this file (atomically) instead of stdout.")
def export_command(file: str, target: str, output: str | None) -> int:
    """Convert FILE (CSL-JSON or BibTeX; - for stdin) to another format."""
    items, problems = load_collection(file, read_input(file))
    for problem in problems:
        err_console.print(f"[yellow]warning[/yellow] {file}: {problem}")
    text = to_csl_json(items) if target == "csl-json" else to_bibtex(items, dialect=target)
    emit(text, output)
    return 0
