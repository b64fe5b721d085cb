"""Helpers shared by the commands: reading inputs, writing outputs, the rich consoles."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Task, TextColumn
from rich.text import Text

from refman.cli.text import labelled, literal
from refman.errors import InputError
from refman.store import decode_text, read_text, write_atomic

__all__ = [
    "LiteralColumn",
    "check_exists",
    "dump_json",
    "emit",
    "err_console",
    "out_console",
    "parser_option",
    "read_input",
    "resolver_option",
    "warn",
]

# Strings printed as they are (no markup, no :emoji: codes); data goes through refman.cli.text.
out_console = Console(markup=False, emoji=False)
err_console = Console(stderr=True, markup=False, emoji=False)


def warn(message: str, label: str = "warning") -> None:
    """One warning on stderr: ``label`` in yellow, then ``message`` (it may quote data) literally."""
    err_console.print(labelled(label, message))


class LiteralColumn(TextColumn):
    """A progress column whose text (a task's description or fields: file names, URLs) is
    shown literally, never as markup."""

    def render(self, task: Task) -> Text:
        """The formatted text, its control characters visible."""
        return literal(self.text_format.format(task=task), self.style, justify=self.justify)


def read_input(name: str) -> str:
    """Text of a file, or of stdin for ``-``, with refman's checks for empty or binary input."""
    if name == "-":
        return decode_text(sys.stdin.buffer.read(), "<stdin>")
    return read_text(name)


def emit(text: str, output: str | None) -> None:
    """Print ``text`` to stdout, or write it atomically to ``output``."""
    if output and output != "-":
        write_atomic(Path(output), text)
        err_console.print(literal(f"wrote {output}"))
    else:
        click.echo(text, nl=not text.endswith("\n"))


def dump_json(data: Any) -> str:
    """JSON for ``--json``: UTF-8 kept as is, indented, newline-terminated."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def check_exists(name: str) -> None:
    """Fail early, naming the file, when an input path does not exist."""
    if name != "-" and not Path(name).exists():
        raise InputError(name, "no such file")


#: ``--parser NAME``: the ``refman.parsers`` plugin to parse reference strings with.
parser_option = click.option(
    "--parser", "parser_name", help="A refman.parsers plugin [REFMAN_PARSER; default: default]."
)
#: ``--resolver NAME``: the ``refman.resolvers`` plugin to resolve references with.
resolver_option = click.option(
    "--resolver", "resolver_name", help="A refman.resolvers plugin [REFMAN_RESOLVER; default: crossref]."
)
