"""``refman eval parse FILE``: the parser's precision, recall and F1 per field on labelled strings.

FILE is AnyStyle's XML (``<dataset><sequence><author>..``) or JSONL with ``text`` and
``segments`` (the files of ``data/parsing`` and refman's GOST corpus). A JSONL file whose lines
carry a ``split`` (refman's corpus) is scored on its held-out ``test`` lines unless
``--split all`` or ``--split train`` is given.
"""

from __future__ import annotations

import click
from rich.table import Table
from rich.text import Text

from refman.cli.common import dump_json, emit, out_console, read_input
from refman.cli.text import add_row, literal
from refman.errors import InputError
from refman.parse.evaluate import Example, read_anystyle_xml, read_jsonl, score

__all__ = ["eval_group", "load_examples"]


def load_examples(text: str, name: str, split: str = "test") -> list[Example]:
    """Labelled examples from AnyStyle XML or JSONL text (``split`` filters refman's corpus)."""
    head = text.lstrip()[:200]
    try:
        examples = read_anystyle_xml(text, name) if head.startswith("<") else read_jsonl(text)
    except (ValueError, KeyError, TypeError, SyntaxError) as exc:  # ElementTree's ParseError is a SyntaxError
        raise InputError(name, f"not AnyStyle XML or labelled JSONL: {exc}") from exc
    if split != "all" and any("split" in e.meta for e in examples):
        examples = [e for e in examples if e.meta.get("split") == split]
    if not examples:
        raise InputError(name, "no labelled references found")
    return examples


@click.group("eval")
def eval_group() -> None:
    """Measure refman's accuracy on labelled data."""


@eval_group.command("parse")
@click.argument("file")
@click.option(
    "--split",
    type=click.Choice(["test", "train", "all"]),
    default="test",
    show_default=True,
    help="Which lines of a corpus with a 'split' field to score.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("-o", "--output", help="Write the JSON to this file (atomically).")
def eval_parse_command(file: str, split: str, as_json: bool, output: str | None) -> int:
    """Per-field precision, recall and F1 of the parser on FILE (AnyStyle XML or labelled JSONL)."""
    examples = load_examples(read_input(file), file, split)
    scores = score(examples)
    data = scores.to_json()
    data["file"] = file
    if as_json or output:
        emit(dump_json(data), output)
        return 0
    title = literal(f"{file}: {scores.references} references", one_line=True)
    table = Table("field", "precision", "recall", "F1", "support", title=title)
    for name, (p, r, f, n) in scores.per_field().items():
        add_row(table, name, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", str(n))
    p, r, f = scores.micro()
    table.add_section()
    add_row(
        table,
        Text("micro", "bold"),
        f"{p:.3f}",
        f"{r:.3f}",
        Text(f"{f:.3f}", "bold"),
        str(sum(scores.gold.values())),
    )
    out_console.print(table)
    out_console.print(f"whole-reference exact match: {scores.exact / scores.references:.3f}")
    return 0
