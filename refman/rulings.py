"""A person's rulings on duplicate pairs, and the rulings file (``DIR/decisions.json``), as data (pure).

The file is a JSON object ``{"decisions": [{"a": id, "b": id, "decision": "same"|"different",
"note": "..."}]}`` (its name and keys are kept as users have them); ids are reference ids as
``refman build`` gives them (``{article}-{number}``, shown in the report and the TUI).
``refman build`` reads it and hands the rulings to :func:`refman.dedupe.dedupe`; ``refman decide``
and the TUI's review screen write it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refman.errors import InputError

__all__ = ["Ruling", "rulings_from_json", "rulings_to_json", "with_ruling"]


@dataclass(frozen=True)
class Ruling:
    """A person's ruling on two input ids: ``same`` (merge them, whatever the rules say) or not
    (never put them in one item). ``note`` says why, for the record."""

    a: str
    b: str
    same: bool
    note: str = ""

    @property
    def label(self) -> str:
        """``"same"`` or ``"different"``."""
        return "same" if self.same else "different"

    @property
    def pair(self) -> frozenset[str]:
        """The two ids, unordered."""
        return frozenset((self.a, self.b))

    def to_json(self) -> dict[str, str]:
        """``{"a", "b", "decision": "same"|"different", "note"?}`` (the rulings file's shape)."""
        out = {"a": self.a, "b": self.b, "decision": self.label}
        return out | ({"note": self.note} if self.note else {})

    @classmethod
    def from_json(cls, data: Any) -> Ruling:
        """Inverse of :meth:`to_json`; ``ValueError`` saying what is wrong with ``data``."""
        if not isinstance(data, dict):
            raise ValueError("expected an object")
        a, b, ruling = data.get("a"), data.get("b"), data.get("decision")
        if not (isinstance(a, str) and a and isinstance(b, str) and b):
            raise ValueError('"a" and "b" must be reference ids')
        if a == b:
            raise ValueError(f"a ruling needs two different ids, got {a!r} twice")
        if ruling not in ("same", "different"):
            raise ValueError(f'"decision" must be "same" or "different", not {ruling!r}')
        note = data.get("note", "")
        return cls(a, b, ruling == "same", note if isinstance(note, str) else str(note))


def rulings_from_json(text: str, path: str | Path) -> list[Ruling]:
    """The rulings in a rulings file; :class:`InputError` (file and line) when it is malformed."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not JSON: {exc.msg}", exc.lineno) from None
    entries = data.get("decisions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError(path, 'expected an object {"decisions": [...]}')
    out: list[Ruling] = []
    for k, entry in enumerate(entries):
        try:
            out.append(Ruling.from_json(entry))
        except ValueError as exc:
            raise InputError(path, f"decision {k + 1}: {exc}") from None
    return out


def rulings_to_json(rulings: Sequence[Ruling]) -> str:
    """The text of a rulings file (stable: one ruling per pair, in the order given)."""
    data = {"decisions": [r.to_json() for r in rulings]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def with_ruling(
    rulings: Sequence[Ruling], a: str, b: str, ruling: str | None, note: str = ""
) -> list[Ruling]:
    """``rulings`` with the pair (a, b) ruled ``"same"`` or ``"different"``, replacing any
    earlier ruling on it (whose note is kept when no new one is given); ``ruling=None`` forgets
    the pair."""
    pair = frozenset((a, b))
    kept = [r for r in rulings if r.pair != pair]
    if ruling is None:
        return kept
    if ruling not in ("same", "different"):
        raise ValueError(f'ruling must be "same", "different" or None, not {ruling!r}')
    earlier = next((r.note for r in rulings if r.pair == pair and r.note), "")
    return [*kept, Ruling(a, b, ruling == "same", note or earlier)]
