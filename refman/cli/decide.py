"""``refman decide``: rule on a duplicate pair (same / different / forget) in ``DIR/decisions.json``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from refman.cli.common import dump_json, err_console, out_console
from refman.decisions import DECISIONS_FILE, decisions_to_json, with_ruling
from refman.errors import InputError
from refman.pipeline import read_decisions
from refman.store import read_text, write_atomic

__all__ = ["decide_command", "known_ids"]


def known_ids(directory: Path) -> set[str]:
    """Every reference id in ``DIR/references.json``, merged ones included (empty before a build)."""
    path = directory / "references.json"
    if not path.exists():
        return set()
    try:
        items = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not JSON: {exc.msg}", exc.lineno) from None
    ids: set[str] = set()
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            ids.add(str(item.get("id")))
            merged = (item.get("custom") or {}).get("refman", {}).get("merged_from") or []
            ids.update(str(m) for m in merged)
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
    decisions = read_decisions(directory)
    if ruling is not None:
        if not a or not b:
            raise click.UsageError("give two reference ids: refman decide DIR same|different|forget A B")
        if a == b:
            raise click.UsageError(f"a ruling needs two different ids, got {a!r} twice")
        known = known_ids(directory)
        unknown = [x for x in (a, b) if known and x not in known]
        if ruling != "forget" and unknown:
            raise InputError(directory / "references.json", f"no reference with id {', '.join(unknown)}")
        decisions = with_ruling(decisions, a, b, None if ruling == "forget" else ruling, note)
        write_atomic(directory / DECISIONS_FILE, decisions_to_json(decisions))
        err_console.print(f"wrote {directory / DECISIONS_FILE}; run `refman build {directory}` to apply it")
    if as_json:
        click.echo(dump_json([d.to_json() for d in decisions]), nl=False)
    elif ruling is None:
        if not decisions:
            out_console.print("no rulings yet")
        for d in decisions:
            note_text = f"  ({d.note})" if d.note else ""
            out_console.print(f"{'same' if d.same else 'different'}  {d.a}  {d.b}{note_text}", markup=False)
    return 0
