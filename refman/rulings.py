"""A person's rulings on duplicate pairs, and the rulings file (``DIR/decisions.json``), as data (pure).

The file is a JSON object ``{"decisions": [{"a": id, "b": id, "decision": "same"|"different",
"note": "..."}]}`` (its name and keys are kept as users have them). ``refman dedupe --decisions``
reads such a file; a build folder keeps its rulings in the library (:mod:`refman.library`), and
``refman build`` moves an old ``DIR/decisions.json`` into it (its ids were positional,
``{article}-{number}``, and are mapped to stable ids on the way).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refman.errors import InputError, Problem, kind_of
from refman.formats.jsontext import NotJson, load_json

__all__ = ["BadRuling", "Ruling", "rulings_from_json", "rulings_to_json", "with_ruling"]


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
        """Inverse of :meth:`to_json`; :class:`BadRuling` saying what is wrong with ``data``."""
        if not isinstance(data, dict):
            raise BadRuling(None, f"expected an object, got {kind_of(data)}")
        a, b, ruling, note = data.get("a"), data.get("b"), data.get("decision"), data.get("note", "")
        if not (isinstance(a, str) and a):
            raise BadRuling("a", f'"a" and "b" must be reference ids, got {kind_of(a)} for "a"')
        if not (isinstance(b, str) and b):
            raise BadRuling("b", f'"a" and "b" must be reference ids, got {kind_of(b)} for "b"')
        if a == b:
            raise BadRuling("b", f"a ruling needs two different ids, got {a!r} twice")
        if ruling not in ("same", "different"):
            shown = repr(ruling) if isinstance(ruling, str) else kind_of(ruling)
            raise BadRuling("decision", f'"decision" must be "same" or "different", not {shown}')
        if not isinstance(note, str):
            raise BadRuling("note", f'"note" must be text, got {kind_of(note)}')
        return cls(a, b, ruling == "same", note)


class BadRuling(ValueError):
    """An entry of a rulings file that is no ruling; ``field`` names the key at fault (None: the
    whole entry)."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field


def rulings_from_json(text: str, path: str | Path) -> tuple[list[Ruling], list[Problem]]:
    """The rulings in a rulings file, and the problems met: an entry that is no ruling is skipped
    with a problem naming the file, the entry (``item``, 1-based, and its ids) and the key.

    Raises :class:`InputError` (file and line) when the file is not JSON or not
    ``{"decisions": [...]}``.
    """
    try:
        data, notes = load_json(text)
    except NotJson as exc:
        raise InputError(path, str(exc), exc.line) from None
    entries = data.get("decisions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError(path, 'expected an object {"decisions": [...]}')
    problems = [_problem(path, entries, where, message) for where, message in notes]
    rulings: list[Ruling] = []
    for k, entry in enumerate(entries):
        try:
            rulings.append(Ruling.from_json(entry))
        except BadRuling as exc:
            problems.append(_problem(path, entries, ("decisions", k, exc.field), f"{exc}; skipped"))
    return rulings, sorted(problems, key=lambda p: p.item or 0)


def _problem(path: str | Path, entries: list[Any], where: tuple[Any, ...], message: str) -> Problem:
    """A problem at ``where`` (``("decisions", index, key)``) of a rulings file."""
    index = where[1] if len(where) > 1 and isinstance(where[1], int) else None
    entry = entries[index] if index is not None and index < len(entries) else None
    ids = [entry.get(k) for k in ("a", "b")] if isinstance(entry, dict) else []
    shown = " ~ ".join(i for i in ids if isinstance(i, str)) or None
    key = str(where[2]) if len(where) > 2 and where[2] is not None else None
    return Problem(str(path), message, item=None if index is None else index + 1, id=shown, field=key)


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
