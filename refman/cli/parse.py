"""``refman parse [FILE|-]``: one reference string per line -> CSL-JSON array, in input order.

A line that holds several works ("...; Его же. ...", "...; Idem. ...") gives one item per work
(ids ``line-N``, or ``line-Na``, ``line-Nb``, ... for several), the repeated author filled in.
"""

from __future__ import annotations

import click
from rich.table import Table

from refman.cli.common import dump_json, emit, out_console, parser_option, read_input
from refman.cli.text import add_row
from refman.model import Reference
from refman.parse import parse_reference, parse_works
from refman.plugins import Parser, parser
from refman.settings import Settings

__all__ = ["parse_command", "parse_lines"]


def parse_lines(text: str, parse: Parser = parse_reference) -> list[Reference]:
    """Parse each line of ``text`` with ``parse`` (trailing blank lines ignored);
    ``custom.refman.line`` is 1-based.

    A line with several works gives several items, all recording the same line.
    """
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    items = []
    for number, line in enumerate(lines, start=1):
        for ref in parse_works(line.rstrip("\r"), f"line-{number}", parse):
            ref.refman.line = number
            items.append(ref)
    return items


@click.command("parse")
@click.argument("file", default="-")
@click.option("--json", "as_json", is_flag=True, help="Print the CSL-JSON array.")
@click.option("-o", "--output", help="Write the CSL-JSON to this file (atomically).")
@parser_option
def parse_command(file: str, as_json: bool, output: str | None, parser_name: str | None) -> int:
    """Parse reference strings, one per line, from FILE (default: stdin)."""
    items = parse_lines(read_input(file), parser(Settings.from_env(parser=parser_name).parser))
    if as_json or output:
        emit(dump_json([r.to_csl() for r in items]), output)
        return 0
    table = Table("line", "type", "authors", "year", "title", "container")
    for r in items:
        authors = "; ".join(n.family or n.literal or "" for n in r.author[:3])
        add_row(
            table,
            str(r.refman.line),
            r.type,
            authors,
            str(r.year or ""),
            r.title or "",
            r.container_title or "",
        )
    out_console.print(table)
    return 0
