"""Helpers shared by the commands: reading inputs, writing outputs, the rich consoles."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from refman.errors import InputError
from refman.store import decode_text, read_text, write_atomic

__all__ = [
    "check_exists",
    "dump_json",
    "emit",
    "err_console",
    "out_console",
    "parser_option",
    "read_input",
    "resolver_option",
]

out_console = Console()
err_console = Console(stderr=True)


def read_input(name: str) -> str:
    """Text of a file, or of stdin for ``-``, with refman's checks for empty or binary input."""
    if name == "-":
        return decode_text(sys.stdin.buffer.read(), "<stdin>")
    return read_text(name)


def emit(text: str, output: str | None) -> None:
    """Print ``text`` to stdout, or write it atomically to ``output``."""
    if output and output != "-":
        write_atomic(Path(output), text)
        err_console.print(f"wrote {output}")
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
