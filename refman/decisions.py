"""A person's rulings on duplicate pairs (``DIR/decisions.json``), as data (pure).

The file is a JSON object ``{"decisions": [{"a": id, "b": id, "decision": "same"|"different",
"note": "..."}]}``; ids are reference ids as ``refman build`` gives them (``{article}-{number}``,
shown in the report and the TUI). ``refman build`` reads it and hands the rulings to
:func:`refman.dedupe.dedupe`; ``refman decide`` and the TUI's review screen write it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from refman.dedupe import UserDecision
from refman.errors import InputError

__all__ = ["DECISIONS_FILE", "decisions_from_json", "decisions_to_json", "with_ruling"]

#: The rulings file inside a build directory.
DECISIONS_FILE = "decisions.json"


def decisions_from_json(text: str, path: str | Path) -> list[UserDecision]:
    """The rulings in a decisions file; :class:`InputError` (file and line) when it is malformed."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not JSON: {exc.msg}", exc.lineno) from None
    entries = data.get("decisions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError(path, 'expected an object {"decisions": [...]}')
    out: list[UserDecision] = []
    for k, entry in enumerate(entries):
        where = f"decision {k + 1}"
        if not isinstance(entry, dict):
            raise InputError(path, f"{where}: expected an object")
        a, b, ruling = entry.get("a"), entry.get("b"), entry.get("decision")
        if not (isinstance(a, str) and a and isinstance(b, str) and b):
            raise InputError(path, f'{where}: "a" and "b" must be reference ids')
        if a == b:
            raise InputError(path, f"{where}: a ruling needs two different ids, got {a!r} twice")
        if ruling not in ("same", "different"):
            raise InputError(path, f'{where}: "decision" must be "same" or "different", not {ruling!r}')
        note = entry.get("note", "")
        out.append(UserDecision(a, b, ruling == "same", note if isinstance(note, str) else str(note)))
    return out


def decisions_to_json(decisions: Sequence[UserDecision]) -> str:
    """The text of a decisions file (stable: one ruling per pair, in the order given)."""
    data = {"decisions": [d.to_json() for d in decisions]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def with_ruling(
    decisions: Sequence[UserDecision], a: str, b: str, ruling: str | None, note: str = ""
) -> list[UserDecision]:
    """``decisions`` with the pair (a, b) ruled ``"same"`` or ``"different"``, replacing any
    earlier ruling on it (whose note is kept when no new one is given); ``ruling=None`` forgets
    the pair."""
    pair = {a, b}
    kept = [d for d in decisions if {d.a, d.b} != pair]
    if ruling is None:
        return kept
    if ruling not in ("same", "different"):
        raise ValueError(f'ruling must be "same", "different" or None, not {ruling!r}')
    earlier = next((d.note for d in decisions if {d.a, d.b} == pair and d.note), "")
    return [*kept, UserDecision(a, b, ruling == "same", note or earlier)]
