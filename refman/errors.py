"""What is wrong with input, told to the user in one line naming the file and, where known, the
line, the item and the field: :class:`InputError` stops the command, a :class:`Problem` does not
(the data stays usable; ``--strict`` turns problems into exit status 1)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["InputError", "Problem", "RefmanError", "kind_of"]


class RefmanError(Exception):
    """Base class of refman's expected errors (bad input, unusable settings)."""


class InputError(RefmanError):
    """Bad input: ``str()`` gives ``path:line: message`` (line left out when unknown)."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.message = message
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Problem:
    """Something wrong in an input file that a reader read past: the item was kept with the bad
    field set aside (in ``custom.refman.set_aside``), renamed, or skipped, as ``message`` says.

    ``item`` is the item's 1-based position in the file, ``id`` its id or citation key, ``field``
    the field at fault; each is None when unknown or not the point. ``str()`` is one line:
    ``refs.json: item 3 (id 'smith2020'), field 'title': expected text, got a number; set aside``.
    """

    file: str
    message: str
    line: int | None = None
    item: int | None = None
    id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.what()}"

    def what(self) -> str:
        """The line without the file: ``item 3 (id 'smith2020'), field 'title': message``."""
        parts = []
        if self.item is not None:
            parts.append(f"item {self.item}" + (f" (id {_short(self.id)})" if self.id is not None else ""))
        elif self.id is not None:
            parts.append(f"id {_short(self.id)}")
        if self.field is not None:
            parts.append(f"field {_short(self.field)}")
        return f"{', '.join(parts)}: {self.message}" if parts else self.message

    def error(self) -> InputError:
        """This problem as an error that stops the command (what ``--strict`` makes of it)."""
        return InputError(self.file, self.what(), self.line)

    def to_json(self) -> dict[str, Any]:
        """``{"file", "message", "line", "item", "id", "field"}`` (unknown ones left out)."""
        keys = ("file", "message", "line", "item", "id", "field")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}


def _short(text: str) -> str:
    """``repr`` of an id or field name from the input, cut to keep the line short."""
    return repr(text if len(text) <= 60 else f"{text[:57]}...")


def kind_of(value: Any) -> str:
    """What a JSON value is, in words for a message: ``text``, ``a number``, ``a list``..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    return "an object" if isinstance(value, dict) else type(value).__name__
