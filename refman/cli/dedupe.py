"""``refman dedupe FILE...``: merge duplicates across CSL-JSON, BibTeX and ``extract --json`` files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from refman.cli.common import check_exists, dump_json, emit, out_console, read_input, report_problems, warn
from refman.cli.common import err_console as progress_console
from refman.cli.text import add_row
from refman.dedupe import DedupeResult, dedupe
from refman.errors import InputError, Problem
from refman.formats.collection import collection_kind, parse_collection
from refman.formats.jsontext import NotJson, load_json
from refman.model import Article, Reference
from refman.rulings import rulings_from_json

__all__ = ["dedupe_command", "load_inputs"]


def _is_article(data: Any) -> bool:
    return isinstance(data, dict) and "references" in data and "metadata" in data


def _load_one(name: str) -> tuple[list[Reference], list[Problem]]:
    """References of one input: a collection (CSL-JSON, BibTeX, a coBib database) or
    ``extract --json`` output (one or a list)."""
    text = read_input(name)
    if collection_kind(name, text) == "csl-json":
        try:
            data, _ = load_json(text)
        except NotJson:
            data = None  # parse_collection names the file and the line
        articles = data if isinstance(data, list) and data and all(_is_article(d) for d in data) else None
        if _is_article(data):
            articles = [data]
        if articles is not None:
            refs: list[Reference] = []
            try:
                for item in articles:
                    article = Article.from_json(item)
                    refs.append(article.metadata)
                    refs.extend(article.references)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise InputError(name, f"not a valid extract --json file: {exc}") from None
            return refs, []
    return parse_collection(name, text)


def load_inputs(names: tuple[str, ...] | list[str]) -> tuple[list[Reference], list[Problem]]:
    """All references of the inputs in order, ids made unique across files; and the problems met."""
    refs: list[Reference] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in names:
        check_exists(name)
        items, met = _load_one(name)
        problems.extend(met)
        stem = Path(name).stem if name != "-" else "stdin"
        for ref in items:
            if ref.id in seen or not ref.id:
                new_id = f"{stem}:{ref.id or len(refs) + 1}"
                n = 2
                while new_id in seen:
                    new_id = f"{stem}:{ref.id}~{n}"
                    n += 1
                why = f"id already used by an earlier input; renamed {new_id!r}"
                problems.append(Problem(name, why, id=ref.id, field="id"))
                ref = ref.replace(id=new_id)
            seen.add(ref.id)
            refs.append(ref)
    return refs, problems


def _render(result: DedupeResult, records: int, files: int) -> None:
    stats = result.stats
    out_console.print(
        Text.assemble(
            f"{records} references from {files} file(s) -> ",
            (str(len(result.items)), "bold"),
            f" items: {stats['merged_clusters']} merged, {len(result.review)} pair(s) to review",
        )
    )
    if result.merges:
        table = Table("item", "merged from", "why", title="merges", title_justify="left")
        for merge in result.merges:
            why = "; ".join(dict.fromkeys(p.explain().split(": ", 1)[1].split(";")[0] for p in merge.pairs))
            add_row(table, merge.id, ", ".join(merge.merged_from), why)
        out_console.print(table)
    if result.review:
        table = Table("a", "b", "why not merged", title="review (not merged)", title_justify="left")
        for pair in result.review:
            add_row(table, pair.a, pair.b, pair.explain().split(": ", 1)[1])
        out_console.print(table)


@click.command("dedupe")
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the merged CSL-JSON array.")
@click.option("-o", "--output", help="Write the merged CSL-JSON to this file (atomically).")
@click.option("--report", "report", help="Write merges, review pairs and counts as JSON to this file.")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with status 1 when an input has problems, 2 when some pairs need review.",
)
@click.option(
    "--decisions",
    "rulings_path",
    help="Rulings on pairs to apply (a decisions.json, as `refman decide` writes it).",
)
def dedupe_command(
    files: tuple[str, ...],
    as_json: bool,
    output: str | None,
    report: str | None,
    strict: bool,
    rulings_path: str | None,
) -> int:
    """Merge duplicate references in FILE... (CSL-JSON, BibTeX or extract --json; - for stdin).

    Every merge is explained; uncertain pairs are listed for review and never merged. Each merged
    item lists the ids it stands for in custom.refman.merged_from.
    """
    refs, problems = load_inputs(files)
    rulings, ruling_problems = (
        rulings_from_json(read_input(rulings_path), rulings_path) if rulings_path else ([], [])
    )
    report_problems([*problems, *ruling_problems], strict)
    columns = (TextColumn("comparing pairs"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    terminal = progress_console.is_terminal
    with Progress(*columns, console=progress_console, transient=True, disable=not terminal) as bar:
        task = bar.add_task("comparing", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        result = dedupe(refs, rulings=rulings, progress=progress)
    for unapplied in result.unapplied:
        warn(unapplied.explain())
    if report:
        data = {
            "merges": [m.to_json() for m in result.merges],
            "review": [p.to_json() for p in result.review],
            "stats": result.stats,
            "unapplied": [u.to_json() for u in result.unapplied],
        }
        emit(dump_json(data), report)
    if as_json or output:
        emit(dump_json([r.to_csl() for r in result.items]), output)
        if output and not as_json:
            _render(result, len(refs), len(files))
    else:
        _render(result, len(refs), len(files))
    return 2 if strict and result.review else 0
