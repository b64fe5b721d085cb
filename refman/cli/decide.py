"""``refman decide``: rule on a duplicate pair (same / different / forget) in ``DIR/decisions.json``."""

from __future__ import annotations

from pathlib import Path

import click

from refman.cli.common import dump_json, err_console, out_console
from refman.cli.text import literal
from refman.dedupe import input_ids
from refman.errors import InputError
from refman.formats.csljson import reference_from_csl
from refman.formats.jsontext import NotJson, load_json
from refman.pipeline import editable_rulings
from refman.rulings import rulings_to_json, with_ruling
from refman.store import BuildFolder, read_text, write_atomic

__all__ = ["decide_command", "known_ids"]


def known_ids(directory: Path) -> set[str]:
    """Every reference id in ``DIR/references.json``, merged ones included (empty before a build)."""
    path = BuildFolder(directory).csl_json
    if not path.exists():
        return set()
    try:
        items, _ = load_json(read_text(path))
    except NotJson as exc:
        raise InputError(path, str(exc), exc.line) from None
    ids: set[str] = set()
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            ref = reference_from_csl(item)
            ids.add(ref.id)
            ids.update(input_ids(ref))
    return ids


@click.command("decide")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.argument("ruling", required=False, type=click.Choice(["same", "different", "forget"]))
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option("--note", default="", help="Why (kept with the ruling).")
@click.option("--json", "as_json", is_flag=True, help="Print the rulings as JSON.")
def decide_command(
    directory: Path, ruling: str | None, a: str | None, b: str | None, note: str, as_json: bool
) -> int:
    """Rule on two references of the collection in DIRECTORY: the SAME work (merge them whatever
    the rules say), DIFFERENT works (never merge them), or FORGET an earlier ruling.

    Ids are the ones `refman build` gives (shown in report.md's Duplicates section and in
    `refman browse`). Rulings live in DIRECTORY/decisions.json; the next `refman build` applies
    them. With no RULING, lists the rulings.
    """
    rulings = editable_rulings(directory)
    path = BuildFolder(directory).rulings
    if ruling is not None:
        if not a or not b:
            raise click.UsageError("give two reference ids: refman decide DIR same|different|forget A B")
        if a == b:
            raise click.UsageError(f"a ruling needs two different ids, got {a!r} twice")
        known = known_ids(directory)
        unknown = [x for x in (a, b) if known and x not in known]
        if ruling != "forget" and unknown:
            raise InputError(BuildFolder(directory).csl_json, f"no reference with id {', '.join(unknown)}")
        rulings = with_ruling(rulings, a, b, None if ruling == "forget" else ruling, note)
        write_atomic(path, rulings_to_json(rulings))
        err_console.print(literal(f"wrote {path}; run `refman build {directory}` to apply it"))
    if as_json:
        click.echo(dump_json([r.to_json() for r in rulings]), nl=False)
    elif ruling is None:
        if not rulings:
            out_console.print("no rulings yet")
        for r in rulings:
            note_text = f"  ({r.note})" if r.note else ""
            out_console.print(literal(f"{r.label}  {r.a}  {r.b}{note_text}"))
    return 0
