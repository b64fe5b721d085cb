"""``refman eval``: measure refman on labelled data.

``refman eval parse FILE``: the parser's precision, recall and F1 per field on labelled strings.
FILE is AnyStyle's XML (``<dataset><sequence><author>..``) or JSONL with ``text`` and
``segments`` (the files of ``data/parsing`` and refman's GOST corpus). A JSONL file whose lines
carry a ``split`` (refman's corpus) is scored on its held-out ``test`` lines unless
``--split all`` or ``--split train`` is given.

``refman eval extract DIR``: extraction from whole articles against gold written by hand. DIR
holds, for each article, its text and a ``NAME.gold.json`` naming it (the format and the rules
of :mod:`refman.extract.evaluate`); per article and per language: was the list found, and the
share of references whose family names, year, title and container are right.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from refman.cli.common import dump_json, emit, out_console, read_input
from refman.cli.text import add_row, literal
from refman.errors import InputError
from refman.extract import extract_article
from refman.extract.evaluate import FIELDS, ArticleScore, read_gold, score_article, totals_by_language
from refman.parse.evaluate import Example, read_anystyle_xml, read_jsonl, score
from refman.store import read_text

__all__ = ["eval_group", "load_examples", "score_directory"]

GOLD_SUFFIX = ".gold.json"


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


def score_directory(directory: str) -> list[ArticleScore]:
    """Extract every article of ``directory`` that has a gold file and score it."""
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(directory, "not a directory")
    golds = sorted(folder.glob("*" + GOLD_SUFFIX))
    if not golds:
        raise InputError(directory, f"no *{GOLD_SUFFIX} files")
    scores = []
    for path in golds:
        try:
            gold = read_gold(json.loads(read_text(path)))
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            raise InputError(path, f"not a gold file: {exc}") from exc
        article = folder / gold.article
        name = path.name.removesuffix(GOLD_SUFFIX)
        refs = extract_article(read_text(article), source=name).references
        scores.append(score_article(name, gold, refs))
    return scores


def _share(right: int, total: int) -> str:
    return f"{right / total:.3f}" if total else "-"


@eval_group.command("extract")
@click.argument("directory")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("-o", "--output", help="Write the JSON to this file (atomically).")
def eval_extract_command(directory: str, as_json: bool, output: str | None) -> int:
    """Per article and language: list found, and the share of references with right family
    names, year, title and container, against the gold files (*.gold.json) in DIRECTORY."""
    scores = score_directory(directory)
    totals = totals_by_language(scores)
    if as_json or output:
        data = {
            "directory": directory,
            "articles": [s.to_json() for s in scores],
            "languages": {lang: t.to_json() for lang, t in totals.items()},
        }
        emit(dump_json(data), output)
        return 0
    articles = Table(
        "article", "lang", "list", "refs", "entries", *FIELDS, title=literal(directory, one_line=True)
    )
    for s in scores:
        found = "found" if s.list_found else "not found"
        shares = [_share(s.right[f], s.gold) for f in FIELDS]
        add_row(articles, s.name, s.language, found, str(s.gold), str(s.extracted), *shares)
    out_console.print(articles)
    languages = Table("language", "articles", "lists right", "references", *FIELDS)
    for lang, t in totals.items():
        label = Text(lang, "bold") if lang == "all" else lang
        shares = [_share(t.right[f], t.references) for f in FIELDS]
        add_row(languages, label, str(t.articles), str(t.lists_right), str(t.references), *shares)
    out_console.print(languages)
    return 0
